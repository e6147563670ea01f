import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { importPlainAtHq, screenshot } from './uiHelpers';

test.use({ tillHq: 'embedded' });

/**
 * Rapid scan mode takes a burst of 200 scans (180 distinct codes and 20 repeats, a repeat
 * typed right after its original) with no verdict lost or doubled: every scan either has its
 * row or was ignored as a repeat, every distinct code is accepted exactly once on screen, and
 * the ledger holds exactly one redemption per distinct code. The codes are a merchant's plain
 * batch (campaign 6, ¥5 off) imported at HQ: short codes keep 200 typed scans within minutes here.
 */
test('rapid mode: 200 scans, no verdict lost or doubled', async ({ page, till }) => {
  test.setTimeout(600_000);
  const batch = Date.now().toString(36).toUpperCase();
  const distinct = Array.from({ length: 180 }, (_, i) => `R${batch}-${String(i).padStart(3, '0')}`);
  await importPlainAtHq(till, 6, distinct);
  const scans: string[] = [];
  distinct.forEach((code, i) => {
    scans.push(code);
    if (i % 9 === 0) scans.push(code); // 20 repeats, each straight after its original
  });
  expect(scans).toHaveLength(200);

  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  // The till pulls the batch from HQ, as it would at its next sync.
  await expect
    .poll(
      async () => {
        await till.invoke('till:sync:now');
        const v = await till.invoke('till:coupon:validate', { code: distinct[0]!, basket: { id: 'probe', totalMinor: 10_000 } });
        return v.ok && v.value.ok;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const rapid = await app.openWithKey('rapid');
  await rapid.enterTotal('100');

  // Scan after scan, keyboard only, no waiting for verdicts in between.
  for (const code of scans) await rapid.scan(code);

  await expect.poll(async () => (await rapid.rows.count()) + Number(await rapid.ignored.textContent()), { timeout: 60_000 }).toBe(200);
  await expect(rapid.rowsIn('checking')).toHaveCount(0, { timeout: 60_000 });

  const states = await rapid.states();
  const accepted = states.filter(([, s]) => s === 'accepted').map(([c]) => c);
  expect(new Set(accepted).size).toBe(accepted.length); // nothing accepted twice
  expect(new Set(accepted)).toEqual(new Set(distinct)); // every distinct code accepted
  // A repeat that escaped the client-side window was refused by main, never accepted again.
  for (const [, s] of states.filter(([c]) => accepted.indexOf(c!) === -1)) expect(s).toBe('refused');
  await expect(rapid.accepted).toHaveText('180');
  await expect(rapid.totalDiscount).toHaveText('¥900.00'); // 180 × ¥5
  await screenshot(page, 'rapid-scan');

  // The ledger agrees: exactly one redemption per distinct code.
  const log = await till.invoke('till:log:list', { status: 'redeemed', limit: 1 });
  expect(log.ok && log.value.totals.redeemedCount).toBe(180);
});
