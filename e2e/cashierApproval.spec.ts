import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

test.describe('inline manager approval and undo at the till', () => {
  test.beforeEach(async ({ page }) => page.setViewportSize({ width: 1024, height: 768 }));

  test('undo of my own coupon inside the grace period needs no manager, and the panel shows the void', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('200');
    expect(await cashier.scanAndWait(till.code(3, 1))).toBe('accepted'); // spend 199 get 40
    await cashier.undoWithKey();
    await expect(cashier.verdict).toHaveAttribute('data-state', 'voided');
    await expect(cashier.verdict).toContainText('Voided ¥40.00: hand the coupon back');
    await expect(cashier.verdict).not.toContainText('Accepted');
    await expect(cashier.approval).toHaveCount(0);
    await expect(cashier.basketCoupons).toHaveCount(0);
    await expect(cashier.scanField).toBeFocused();
    await screenshot(page, 'cashier-voided-1024');
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    test(`undo of the last coupon figures those left again, so the customer pays what they would without it (${lang})`, async ({ page, till }) => {
      const app = new TillWindow(page);
      if (lang === 'zh-CN') await app.statusBar.languageToggle.click();
      await app.signIn.signIn(till.users.cashier);
      const cashier = app.screen('cashier');
      // ¥5 off on a ¥5.00 basket: nothing to pay.
      await cashier.enterBasketTotal('5');
      expect(await cashier.scanAndWait(till.code(6, 0))).toBe('accepted');
      await expect(cashier.basketToPay).toHaveText('¥0.00');
      // 15% goes first in the stack (0.75), so the ¥5 is amended to what is left (4.25).
      expect(await cashier.scanAndWait(till.code(2, 0))).toBe('accepted');
      await expect(cashier.basketCoupons).toHaveCount(2);
      await expect(cashier.basketCoupons.nth(0)).toContainText('¥4.25');
      await expect(cashier.basketToPay).toHaveText('¥0.00');
      // Undo the 15%: the ¥5 is worth ¥5.00 again (before the fix it stayed ¥4.25 and the customer paid ¥0.75).
      await cashier.undoWithKey();
      await expect(cashier.verdict).toHaveAttribute('data-state', 'voided');
      await expect(cashier.basketCoupons).toHaveCount(1);
      await expect(cashier.basketCoupons.nth(0)).toContainText('¥5.00');
      await expect(cashier.basketDiscount).toContainText('¥5.00');
      await expect(cashier.basketToPay).toHaveText('¥0.00');
      await expect(cashier.scanField).toBeFocused();
      for (const width of [1024, 1366]) {
        await page.setViewportSize({ width, height: 768 });
        await screenshot(page, `cashier-undo-restacked-${width}-${lang}`);
      }
    });
  }

  test('undo outside the grace period asks a manager inline; nothing moves; Enter approves; focus returns', async ({ page, till }) => {
    await till.signInAs('manager');
    expect((await till.invoke('till:settings:set', { undoGraceMs: 1500 })).ok).toBe(true);
    await till.invoke('till:auth:signOut');
    await page.reload();
    await page.waitForFunction(() => typeof window.till?.['till:auth:roster'] === 'function');
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('200');
    expect(await cashier.scanAndWait(till.code(3, 2))).toBe('accepted');
    const before = await cashier.layout();
    // The grace period (1.5 s here) runs out in main; nothing on the page changes meanwhile.
    await page.waitForTimeout(2_000);
    await cashier.undoWithKey();
    await expect(cashier.approval).toBeVisible();
    await expect(cashier.approval).toHaveAttribute('data-action', 'undo');
    await expect(cashier.approval).toContainText('¥40.00');
    expect(await cashier.layout()).toEqual(before);
    await screenshot(page, 'cashier-approval-undo-1024');

    // A wrong PIN is refused inline, in words; the manager's PIN undoes it.
    await cashier.approveAs(till.users.manager.name, '0000');
    await expect(cashier.approvalError).toHaveText('Wrong PIN: try again');
    await cashier.approveAs(till.users.manager.name, till.users.manager.pin);
    await expect(cashier.approval).toHaveCount(0);
    await expect(cashier.verdict).toHaveAttribute('data-state', 'voided');
    await expect(cashier.basketCoupons).toHaveCount(0);
    await expect(cashier.scanField).toBeFocused();
    // The basket list is shorter now (the coupon is gone); the scan field, verdict and controls stay put.
    expect((await cashier.layout()).slice(0, 4)).toEqual(before.slice(0, 4));
  });

  test('"Needs HQ online check" opens the approval inline: Escape cancels, the manager approves and it goes through', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('600');
    const code = till.code(7, 0); // ¥100 off, needs an online claim; no HQ here
    const before = await cashier.layout();
    await cashier.scanField.focus();
    await cashier.scan(code);
    await expect(cashier.approval).toHaveAttribute('data-action', 'redeem');
    await expect(cashier.approvalPin).toBeFocused();
    expect(await cashier.layout()).toEqual(before);
    await page.keyboard.press('Escape');
    await expect(cashier.approval).toHaveCount(0);
    await expect(cashier.scanField).toBeFocused();

    await cashier.scan(code);
    await expect(cashier.approval).toBeVisible();
    await screenshot(page, 'cashier-approval-redeem-1024');
    await cashier.approveAs(till.users.manager.name, till.users.manager.pin);
    await expect(cashier.verdict).toHaveAttribute('data-state', 'accepted');
    await expect(cashier.verdictDiscount).toHaveText('-¥100.00');
    await expect(cashier.scanField).toBeFocused();
    await expect(cashier.basketCoupons).toHaveCount(1);
    await expect(cashier.basketCoupons).toContainText('online claim');
  });
});
