import type { Page } from '@playwright/test';
import type { RunningTillHost } from '../electron/host/run';
import { compareHlc } from '../shared/hlc';
import { formatTime } from '../shared/format';
import { DEMO_STORE } from '../electron/demo/campaigns';
import { expect, test, type Till } from './fixtures/app';
import { enrollSecondTill, hqAdmin, startHqQuietly, type SecondTill } from './fixtures/secondTill';
import { TillWindow } from './page-models';
import { enterBasketTotal, scanAndWait, screenshot, signInUi } from './uiHelpers';

test.use({ tillHq: 'embedded' });

/**
 * The conflict policy end to end: two tills of one store redeem the same single-use coupon
 * while HQ is down. Till 2 (services only) redeems first; the cashier at the UI till second.
 * HQ must pick Till 2's redemption (earliest HLC) whichever till syncs first, flag the UI
 * till's as a conflict, and the manager must see it on the till, then see HQ's resolution.
 */

interface HqRedemption {
  id: string;
  tillId: string;
  hlc: string;
  status: string;
  winnerId: string | null;
  resolution: string | null;
  note: string | null;
}
interface HqConflict {
  redemptionId: string;
  winnerId: string;
  state: string;
  resolution: string | null;
  note: string | null;
}

/** Host mode only: the spec drives the in-process till's sync and its embedded HQ. */
function running(till: Till): RunningTillHost {
  if (!till.running) throw new Error('this spec needs the Node host (the in-process till and its embedded HQ)');
  return till.running;
}

async function hqRedemptionsOf(till: Till, couponKey: string): Promise<HqRedemption[]> {
  return hqAdmin(running(till)).ok<HqRedemption[]>('GET', `/admin/redemptions?couponKey=${encodeURIComponent(couponKey)}`);
}

async function hqConflicts(till: Till): Promise<HqConflict[]> {
  return hqAdmin(running(till)).ok<HqConflict[]>('GET', '/admin/conflicts');
}

/** Presses the status bar's "Sync now" and waits until nothing waits to sync. */
async function syncFromStatusBar(page: Page): Promise<void> {
  await new TillWindow(page).statusBar.syncAndSettle();
}

/**
 * HQ down (and the UI till's background sync paused, so the test says who reaches HQ first);
 * Till 2 redeems the code, then the cashier scans it at the UI till. Then the manager signs
 * in and opens the conflicts screen (empty for now). Returns the coupon key, Till 2's redemption id and its time.
 */
async function redeemOnBothTillsOffline(page: Page, till: Till, second: SecondTill): Promise<{ couponKey: string; winnerId: string; winnerAt: number }> {
  const code = till.code(1, 0); // ¥10 off, single use, minimum spend ¥50
  await signInUi(page, till, 'cashier');
  await running(till).app.sync.stop();
  await running(till).stopHq();
  const app = new TillWindow(page);
  await app.statusBar.syncNow();
  await app.statusBar.expectOnline(false);

  const first = second.redeem(code);
  expect(first.verdict.ok).toBe(true);
  await enterBasketTotal(page, '120');
  expect(await scanAndWait(page, code)).toBe('accepted');
  await app.statusBar.expectWaiting(1, 20_000);

  await app.statusBar.signOut();
  await app.signIn.signIn(till.users.manager);
  const conflicts = await app.openWithKey('conflicts');
  await expect(conflicts.root).toContainText('No conflicts.');
  return { couponKey: first.redemption!.couponKey, winnerId: first.redemption!.id, winnerAt: first.redemption!.createdAt };
}

/** HQ's decision, the same whatever order the tills synced in: Till 2 holds the use, the UI till's redemption is an open conflict. */
async function expectHqDecision(till: Till, second: SecondTill, couponKey: string, winnerId: string): Promise<string> {
  const info = await till.invoke('till:app:info');
  if (!info.ok) throw new Error(`till:app:info failed: ${info.error.message}`);
  const reds = await hqRedemptionsOf(till, couponKey);
  expect(reds).toHaveLength(2);
  const won = reds.find((r) => r.id === winnerId)!;
  const lost = reds.find((r) => r.id !== winnerId)!;
  expect(won).toMatchObject({ tillId: second.tillId(), status: 'accepted', winnerId: null });
  expect(lost).toMatchObject({ tillId: info.value.tillId, status: 'conflict', winnerId });
  // Why it won: Till 2's redemption is the earlier one on the hybrid logical clock.
  expect(compareHlc(won.hlc, lost.hlc)).toBeLessThan(0);
  expect(await hqConflicts(till)).toMatchObject([{ redemptionId: lost.id, winnerId, state: 'open', resolution: null }]);
  return lost.id;
}

/**
 * What the manager sees once the UI till has pulled HQ's verdict: the conflicts screen lists
 * it (open, won by Till 2, named as HQ knows it), the log's conflicts filter finds it; then an HQ admin
 * resolves it and, after the next pull, the conflicts screen and the log show the resolution.
 */
async function managerSeesConflictThenResolution(
  page: Page,
  till: Till,
  ids: { couponKey: string; winnerId: string; winnerAt: number; loserId: string },
  resolution: { kind: 'accepted_as_loss' | 'charged_back'; label: string; note: string; screenshot?: string },
): Promise<void> {
  const app = new TillWindow(page);
  const conflicts = app.screen('conflicts');
  const rows = conflicts.rows;
  // The manager stayed on the conflicts screen: it lists the conflict after the pull, unprompted.
  await expect(rows).toHaveCount(1, { timeout: 20_000 });
  await expect(rows.first()).toContainText(ids.couponKey);
  // Won by Till 2 (HQ's name for it) when it redeemed, in the STORE's time like the Time column
  // (the date too, should the run cross the store's midnight); the redemption id only in the tooltip.
  const winner = conflicts.winnerOf(rows.first());
  const time = formatTime(ids.winnerAt, { locale: 'en', timeZone: DEMO_STORE.timeZone });
  await expect(winner).toHaveText(new RegExp(`^Till 2 · (.+ )?${time.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await expect(winner).toHaveAttribute('title', `Winning redemption: ${ids.winnerId}`);
  await expect(rows.first()).not.toContainText(ids.winnerId);
  await expect(rows.first()).toContainText('Open');
  if (resolution.screenshot) await screenshot(page, resolution.screenshot);

  let log = await app.openWithKey('log');
  await log.setConflictsOnly(true);
  await log.apply();
  await log.expectCount(1);
  await expect(log.rows).toHaveCount(1);
  await expect(log.rows.first()).toContainText(ids.couponKey);
  await expect(log.rows.first()).toContainText('Conflict');

  const verdict = await hqAdmin(running(till)).ok<{ status: string }>('POST', `/admin/conflicts/${ids.loserId}/resolve`, {
    resolution: resolution.kind,
    note: resolution.note,
  });
  expect(verdict.status).toBe('resolved');
  expect(await hqConflicts(till)).toMatchObject([{ redemptionId: ids.loserId, state: 'resolved', resolution: resolution.kind, note: resolution.note }]);

  await app.openWithKey('conflicts');
  await expect(rows.first()).toContainText('Open');
  await syncFromStatusBar(page);
  await expect(rows.first()).toContainText(resolution.label, { timeout: 20_000 });
  await expect(rows.first()).toContainText(resolution.note);
  await expect(rows).toHaveCount(1);
  await expect(winner).toHaveText(/^Till 2 · /);

  // Resolved, it is still a conflict for the log: "Conflicts only" keeps it, the status filter splits it out.
  log = await app.openWithKey('log');
  await expect(log.conflictsOnlyBox).toBeChecked();
  await log.apply();
  await log.expectCount(1);
  await expect(log.rows.first()).toContainText('Resolved');
  await log.pickStatus('resolved');
  await log.apply();
  await log.expectCount(1);
  await log.setConflictsOnly(false);
  await log.apply();
  await log.expectCount(1);
  await expect(log.rows.first()).toContainText('Resolved');
}

test.describe('a real conflict: two offline tills redeem one single-use coupon', () => {
  let second: SecondTill | null = null;
  test.afterEach(() => {
    second?.remove();
    second = null;
  });

  test('Till 2 syncs first: the UI till learns its redemption lost, the manager sees it and HQ resolves it', async ({ page, till }) => {
    test.setTimeout(180_000);
    second = await enrollSecondTill(running(till));
    const { couponKey, winnerId, winnerAt } = await redeemOnBothTillsOffline(page, till, second);

    // HQ is back, but only Till 2 reaches it at first.
    await startHqQuietly(running(till), till.dataDir);
    expect(await second.engine.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    expect(await hqRedemptionsOf(till, couponKey)).toMatchObject([{ id: winnerId, status: 'accepted' }]);

    // Now the UI till syncs: its redemption arrives second and loses.
    running(till).app.sync.start();
    await syncFromStatusBar(page);
    const loserId = await expectHqDecision(till, second, couponKey, winnerId);
    await managerSeesConflictThenResolution(
      page,
      till,
      { couponKey, winnerId, winnerAt, loserId },
      {
        kind: 'charged_back',
        label: 'Charged back',
        note: 'Charged back to the store: coupon used twice',
        screenshot: 'manager-conflicts-open',
      },
    );
    await second.engine.syncNow();
    expect(second.ledger()).toMatchObject([{ id: winnerId, sync_state: 'accepted' }]);
  });

  test('the UI till syncs first: it is accepted for now, and loses once Till 2 syncs (same winner)', async ({ page, till }) => {
    test.setTimeout(180_000);
    second = await enrollSecondTill(running(till));
    const { couponKey, winnerId, winnerAt } = await redeemOnBothTillsOffline(page, till, second);

    // HQ is back and the UI till reaches it first: the only redemption HQ knows holds the use.
    running(till).app.sync.start();
    await running(till).startHq();
    await syncFromStatusBar(page);
    const early = await hqRedemptionsOf(till, couponKey);
    expect(early).toMatchObject([{ status: 'accepted', winnerId: null }]);
    expect(early[0]!.id).not.toBe(winnerId);
    await expect(new TillWindow(page).screen('conflicts').root).toContainText('No conflicts.');

    // Till 2 syncs late with an earlier redemption: HQ reverses its call.
    expect(await second.engine.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    const loserId = await expectHqDecision(till, second, couponKey, winnerId);
    expect(loserId).toBe(early[0]!.id);
    await syncFromStatusBar(page);
    await managerSeesConflictThenResolution(
      page,
      till,
      { couponKey, winnerId, winnerAt, loserId },
      {
        kind: 'accepted_as_loss',
        label: 'Accepted as a loss',
        note: 'Customer already served: accept the loss',
      },
    );
    await second.engine.syncNow();
    expect(second.ledger()).toMatchObject([{ id: winnerId, sync_state: 'accepted' }]);
  });
});
