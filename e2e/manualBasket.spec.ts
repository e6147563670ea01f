import { pendingOutbox } from '../electron/services/outbox';
import { expect, test } from './fixtures/app';
import { scanAsScanner, TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

/**
 * The manual basket lives in main (issue 14): a reload shows the same basket with its coupons and
 * receipt number, and the receipt number goes to HQ with each of the basket's redemptions.
 */
test.describe('the manual basket main keeps', () => {
  test('a receipt number typed on the basket travels with its coupons, and a reload keeps the basket', async ({ page, till }) => {
    test.skip(!till.running, 'reads the till database (host mode)');
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('120');
    expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
    // The receipt number comes after the first coupon (the POS printed it at payment) and before the second.
    await cashier.enterReceiptNo('R-20261202-0042');
    await expect
      .poll(async () => {
        const b = await till.invoke('till:basket:current');
        return b.ok ? b.value.receiptNo : null;
      })
      .toBe('R-20261202-0042');
    expect(await cashier.scanAndWait(till.code(2, 0))).toBe('accepted');
    const db = till.running!.app.db;
    const current = await till.invoke('till:basket:current');
    const basketId = current.ok ? current.value.basketId : null;
    const uploads = pendingOutbox(db, 100, Date.now()).map((o) => o.payload);
    expect(uploads.map((u) => [u.basketId, u.receiptNo])).toEqual([
      [basketId, 'R-20261202-0042'],
      [basketId, 'R-20261202-0042'],
    ]);
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await screenshot(page, `cashier-receipt-${size.width}`);
    }

    // A reload (the renderer restarted): main's basket comes back, total, receipt number and coupons.
    await page.reload();
    await app.signIn.signIn(till.users.cashier);
    await expect(cashier.basketCoupons).toHaveCount(2);
    await expect(cashier.basketTotal).toHaveValue('120.00');
    await expect(cashier.receiptNo).toHaveValue('R-20261202-0042');

    // New basket: a fresh one main made, with no receipt number; the next coupon carries none.
    await cashier.newBasket();
    await expect(cashier.basketCoupons).toHaveCount(0);
    await expect(cashier.receiptNo).toHaveValue('');
    await cashier.enterBasketTotal('150');
    expect(await cashier.scanAndWait(till.code(3, 0))).toBe('accepted');
    const after = pendingOutbox(db, 100, Date.now()).map((o) => o.payload);
    expect(after).toHaveLength(3);
    expect(after[2]!.basketId).not.toBe(uploads[0]!.basketId);
    expect(after[2]!.receiptNo).toBeUndefined();

    await app.statusBar.languageToggle.click();
    await cashier.enterReceiptNo('小票-0043');
    await expect(cashier.receiptNo).toHaveValue('小票-0043');
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await screenshot(page, `cashier-receipt-${size.width}-zh-CN`);
    }
  });
  test('a receipt barcode scanned into the receipt field becomes its number, not a coupon scan; elsewhere a scan is still a coupon', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('80');
    const before = Number(await cashier.verdict.getAttribute('data-seq'));
    await cashier.receiptNo.click();
    await scanAsScanner(page, 'R-20261202-0077');
    await expect(cashier.receiptNo).toHaveValue('R-20261202-0077');
    await expect(cashier.scanField).toBeFocused();
    await expect
      .poll(async () => {
        const b = await till.invoke('till:basket:current');
        return b.ok ? b.value.receiptNo : null;
      })
      .toBe('R-20261202-0077');
    // No verdict: the receipt's barcode never reached the coupon pipeline.
    expect(Number(await cashier.verdict.getAttribute('data-seq'))).toBe(before);
    // A coupon scanned in the scan field, and one scanned while the basket total has focus, are coupons.
    expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
    await cashier.basketTotal.click();
    expect(await cashier.scanAndWait(till.code(2, 0))).toBe('accepted');
    await expect(cashier.basketTotal).toHaveValue('80');
    await expect(cashier.receiptNo).toHaveValue('R-20261202-0077');
  });
});
