import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

test.describe('cashier screen', () => {
  test('a cashier signs in, scans as a scanner types, and sees accepted and refused verdicts', async ({ page, till }) => {
    // Strict CSP: nothing the renderer does may be blocked (no inline script/style, no eval).
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    // Chromium reports every CSP refusal on the console; reload so the app's start is covered too.
    await page.reload();
    await page.waitForFunction(() => typeof window.till?.['till:auth:roster'] === 'function');
    const app = new TillWindow(page);
    await expect(app.signIn.root).toBeVisible();
    await screenshot(page, 'sign-in');
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await expect(cashier.scanField).toBeFocused();
    await cashier.enterBasketTotal('120');

    // Campaign 1: ¥10 off (minimum spend ¥50).
    expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
    await expect(cashier.verdictDiscount).toHaveText('-¥10.00');
    await expect(cashier.basketCoupons).toHaveCount(1);
    await expect(cashier.basketToPay).toHaveText('¥110.00');
    await screenshot(page, 'cashier-accepted');

    // Campaign 2: 15% off, combinable with campaign 1 on this basket.
    expect(await cashier.scanAndWait(till.code(2, 0))).toBe('accepted');
    await expect(cashier.basketCoupons).toHaveCount(2);
    await expect(cashier.basketDiscount).toHaveText(/^-¥\d+\.\d\d$/);

    // Garbage: refused, with the reason in words; the basket is unchanged.
    expect(await cashier.scanAndWait('NOT-A-REAL-COUPON-42')).toBe('refused');
    await expect(cashier.verdict).toContainText('Refused');
    await expect(cashier.verdict).toContainText('Coupon code not found');
    await expect(cashier.basketCoupons).toHaveCount(2);
    await screenshot(page, 'cashier-refused');

    // The same code on a new basket: already used, refused.
    await cashier.newBasket();
    await expect(cashier.basketCoupons).toHaveCount(0);
    await cashier.enterBasketTotal('80');
    expect(await cashier.scanAndWait(till.code(1, 0))).toBe('refused');
    await expect(cashier.verdict).toContainText('Already used');
    await expect(cashier.scanField).toBeFocused();
    expect(cspViolations).toEqual([]);
  });

  test('a scan typed while the basket total has focus goes to the scan pipeline, never into the field', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('99');
    await cashier.basketTotal.click();
    await expect(cashier.basketTotal).toBeFocused();
    const before = Number(await cashier.verdict.getAttribute('data-seq'));
    await cashier.scan(till.code(3, 0));
    await expect(cashier.verdict).toHaveAttribute('data-state', 'accepted');
    expect(Number(await cashier.verdict.getAttribute('data-seq'))).toBeGreaterThan(before);
    await expect(cashier.basketTotal).toHaveValue('99');
    // A person typing in the same field still types.
    await cashier.basketTotal.pressSequentially('.5', { delay: 120 });
    await expect(cashier.basketTotal).toHaveValue('99.5');
  });

  test('a cashier sees no manager screens', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    await expect(app.navItem('cashier')).toBeVisible();
    for (const screen of ['log', 'conflicts', 'users', 'settings', 'report'] as const) await expect(app.navItem(screen)).toHaveCount(0);
  });

  test('the language switches to Chinese, reasons included', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    await app.statusBar.languageToggle.click();
    const cashier = app.screen('cashier');
    await cashier.enterBasketTotal('10');
    expect(await cashier.scanAndWait('NOT-A-REAL-COUPON-43')).toBe('refused');
    await expect(cashier.verdict).toContainText('拒绝');
    await expect(cashier.verdict).toContainText('券码不存在');
    await screenshot(page, 'cashier-zh-CN');
  });
});
