import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';
import { runSale } from '../pos-demo/sale';
import { TillClient } from '../pos-demo/tillClient';

test.use({ tillHq: 'embedded' });

/**
 * Issue 14 end to end: the reference POS against the real till (its screens) and a real HQ.
 * The till is offline from HQ throughout the sales: a sale whose coupon the cashier scans at the
 * till's own scanner (the cashier's screen shows the POS's order), closed with a receipt number,
 * then a partial return; a second order cancelled. Then HQ comes back and everything syncs.
 * Not here yet: HQ's reconciliation of these orders (pos-hq's side of issue 14 has not landed).
 */
test('a POS sale with the coupon scanned at the till, a partial return and a cancelled order, offline from HQ, then synced', async ({ page, till }) => {
  test.skip(till.mode !== 'host', 'drives the in-process till and HQ');
  test.setTimeout(240_000);
  const running = till.running!;
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.cashier);
  await app.statusBar.expectConnection('online', 20_000);
  await running.stopHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectConnection('offline', 20_000);

  const pos = new TillClient(running.app.posApi.status().url!);
  await pos.pair(running.app.pairings.createCode('manager', 'Lane 1').code);
  const said: string[] = [];
  let paid!: () => void;
  const payment = new Promise<void>((resolve) => (paid = resolve));
  const sale = runSale(pos, { orderId: 'E2E-1', receiptNo: 'R-0001', waitMs: 60_000, say: (l) => said.push(l), payment: () => payment });

  // The cashier's screen shows the POS's order (lines, member), no manual basket fields.
  const order = page.getByTestId('pos-order');
  await expect(order).toHaveAttribute('data-order-id', 'E2E-1');
  await expect(page.getByTestId('pos-order-line')).toHaveCount(3);
  await expect(page.getByTestId('pos-order-member')).toHaveText('Member M-1001 (gold)');
  await expect(page.getByTestId('basket-total')).toHaveCount(0);
  await expect.poll(() => said.some((l) => l.startsWith("Scan the coupon with the till's scanner"))).toBe(true);

  const cashier = app.screen('cashier');
  expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
  await expect(page.getByTestId('pos-order-coupon')).toHaveCount(1);
  await expect(page.getByTestId('pos-order-discount')).toHaveText('-¥10.00');
  for (const language of ['en', 'zh-CN'] as const) {
    if (language === 'zh-CN') {
      await app.statusBar.languageToggle.click();
      await expect(order).toContainText('POS 订单 E2E-1');
    }
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways scroll at ${width} in ${language}`).toBeLessThanOrEqual(0);
      await expect(cashier.scanField).toBeInViewport();
      await screenshot(page, `cashier-pos-order-${language}-${width}`, { fullPage: false });
    }
  }
  await app.statusBar.languageToggle.click();
  paid();

  // The POS heard the coupon, printed it per line, closed with its receipt number and took one item back.
  const returned = await sale;
  expect(returned).toMatchObject({ state: 'partially_returned', receiptNo: 'R-0001' });
  expect(returned.effects.discountMinor).toBe(1_000);
  expect(returned.reversedMinor).toBeGreaterThan(0);
  expect(said.some((l) => l.includes('Coupons -¥10.00'))).toBe(true);
  // Closed: the cashier's screen is back to the manual basket.
  await expect(page.getByTestId('pos-order')).toHaveCount(0);
  await expect(page.getByTestId('basket-total')).toBeVisible();

  const cancelled = await runSale(pos, { orderId: 'E2E-2', receiptNo: 'R-0002', code: till.code(2, 0), cancel: true, say: () => undefined });
  expect(cancelled.state).toBe('cancelled');

  // Still offline: everything waits in the outbox; HQ comes back and the till syncs all of it.
  const waiting = running.app.db.prepare('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL').get() as { n: number };
  expect(waiting.n).toBeGreaterThanOrEqual(3); // two redemptions and the cancelled one's void
  await running.startHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectOnline(true, 30_000);
  await app.statusBar.expectWaiting(0, 30_000);
});
