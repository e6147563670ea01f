import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyHqVerdict } from '../electron/db/repos/ledger';
import { storeDayOf } from '../shared/storeDay';
import { DEMO_STORE } from '../electron/demo/campaigns';
import { expect, test, type Till } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

const DOCS = fileURLToPath(new URL('../docs', import.meta.url));

/** A day at the till: redemptions of four campaigns by two users, a void with its reason, one conflict HQ flagged. */
async function aDayOfRedemptions(till: Till): Promise<{ conflictId: string }> {
  const ids: string[] = [];
  for (const [role, campaign, nth, total] of [
    ['cashier', 1, 0, 12_000],
    ['cashier', 3, 0, 25_000],
    ['supervisor', 2, 0, 10_000],
    ['supervisor', 1, 1, 8_000],
    ['cashier', 5, 0, 3_000],
  ] as const) {
    await till.signInAs(role);
    const r = await till.invoke('till:coupon:redeem', { code: till.code(campaign, nth), basket: { id: `eod-${campaign}-${nth}`, totalMinor: total } });
    if (!r.ok || !r.value.redemption) throw new Error(`redeem failed: ${JSON.stringify(r)}`);
    ids.push(r.value.redemption.id);
  }
  await till.signInAs('supervisor');
  const voided = await till.invoke('till:coupon:void', { redemptionId: ids[3]!, reason: 'Customer changed their mind 顾客改主意' });
  expect(voided.ok).toBe(true);
  // HQ's verdict, as a pull would apply it: another till redeemed this code first.
  const db = till.running!.app.db;
  db.transaction(() => applyHqVerdict(db, { redemptionId: ids[1]!, status: 'conflict', winnerId: ids[0]! }))();
  await till.invoke('till:auth:signOut');
  return { conflictId: ids[1]! };
}

test('end-of-day report: figures of the store day, printable on A4 and an 80 mm receipt, CSV', async ({ page, till }) => {
  test.setTimeout(120_000);
  const { conflictId } = await aDayOfRedemptions(till);
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  const report = await app.openWithKey('report');
  const today = storeDayOf(Date.now(), DEMO_STORE.timeZone);
  await expect(report.body).toHaveAttribute('data-day', today);

  // Summary: 4 live redemptions, the voided one and its void entry apart.
  await expect(report.summary).toHaveAttribute('data-redeemed', '4');
  await expect(report.summary).toHaveAttribute('data-voids', '1');
  // ¥10 + ¥40 (spend 250) + 15% of ¥100 + ¥0 (upgrade) = ¥65.00.
  await expect(report.summary).toContainText('¥65.00');
  await expect(report.campaigns).toHaveCount(4);
  await expect(report.campaign(1)).toContainText('¥10 off 代金券');
  await expect(report.types).toHaveCount(4);
  await expect(report.type('cash')).toContainText('Cash voucher');
  await expect(report.cashiers).toHaveCount(2);
  await expect(report.cashiers.first()).toContainText(/Cashier Chen|Supervisor Sun/);
  await expect(report.voids).toHaveCount(1);
  await expect(report.voids.first()).toContainText('Customer changed their mind');
  await expect(report.conflicts).toHaveCount(1);
  await expect(report.conflicts.first()).toHaveAttribute('data-state', 'conflict');
  await expect(report.unsynced).toHaveAttribute('data-count', '6'); // no HQ in this test: everything waits
  expect(await report.busyHours.count()).toBeGreaterThanOrEqual(1);
  await screenshot(page, 'end-of-day-report');

  const csv = await report.exportCsv();
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('section,key,name,coupon_type,redemptions,discount,voided,voids,currency,time_local,time_utc,cashier,reason,state');
  expect(lines[1]).toMatch(new RegExp(`^summary,${today},Demo Store 演示门店,,4,65\\.00,1,1,CNY,${today} 00:00:00,`));
  expect(lines.filter((l) => l.startsWith('void,'))).toHaveLength(1);
  expect(lines.filter((l) => l.startsWith('conflict,'))).toHaveLength(1);
  expect(csv).not.toContain(conflictId.slice(0, 8) + 'x'); // sanity: nothing made up

  // Print: the report alone, black on white. A4, then the 80 mm receipt roll (a named CSS page).
  mkdirSync(DOCS, { recursive: true });
  await report.catchPrint();
  await report.printButton.click();
  await expect.poll(() => report.printed()).toBe(1);
  await expect(report.root).toHaveAttribute('data-paper', 'a4');
  writeFileSync(join(DOCS, 'end-of-day-a4.pdf'), await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  await report.printReceiptButton.click();
  await expect(report.root).toHaveAttribute('data-paper', 'receipt');
  const receipt = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(DOCS, 'end-of-day-receipt.pdf'), receipt);
  // The receipt's pages are 80 mm wide (MediaBox in points: 80 / 25.4 * 72 = 226.8; Chromium rounds to whole pixels).
  const width = Number(/\/MediaBox \[0 0 ([\d.]+) /.exec(receipt.toString('latin1'))?.[1]);
  expect(Math.abs(width - 226.8)).toBeLessThan(1);
});

test('roles: a supervisor reads and exports the end-of-day report but not the whole log; a cashier neither', async ({ till }) => {
  await till.signInAs('supervisor');
  expect((await till.invoke('till:report:day', {})).ok).toBe(true);
  expect((await till.invoke('till:report:exportCsv', {})).ok).toBe(true);
  expect((await till.invoke('till:log:summary', {})).ok).toBe(true);
  expect(await till.invoke('till:log:exportCsv', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await till.signInAs('cashier');
  for (const channel of ['till:report:day', 'till:report:exportCsv', 'till:log:summary', 'till:log:campaigns'] as const) {
    expect(await till.invoke(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }
  // Bad input is refused with a reason and changes nothing.
  await till.signInAs('manager');
  expect(await till.invoke('till:report:day', { day: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  expect(await till.invoke('till:log:summary', { fromDay: 'yesterday' } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
});

test('the report day is typed YYYY-MM-DD in either language; another layout is marked and changes nothing', async ({ page, till }) => {
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  const report = await app.openWithKey('report');
  const today = storeDayOf(Date.now(), DEMO_STORE.timeZone);
  await expect(report.body).toHaveAttribute('data-day', today);
  await expect(report.day).toHaveAttribute('placeholder', 'YYYY-MM-DD');
  // A US-style or impossible day (what a native date input shows an English browser) is refused where it is typed.
  for (const bad of ['12/01/2026', '2026-02-30']) {
    await report.showDay(bad);
    await expect(report.day).toHaveAttribute('aria-invalid', 'true');
    await expect(report.body).toHaveAttribute('data-day', today);
  }
  await report.showDay('2026-01-15');
  await expect(report.day).toHaveAttribute('aria-invalid', 'false');
  await expect(report.body).toHaveAttribute('data-day', '2026-01-15');
  await app.statusBar.languageToggle.click();
  await expect(report.day).toHaveAttribute('placeholder', '年-月-日');
});
