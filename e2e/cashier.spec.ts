import { expect, test } from './fixtures/app';
import { enterBasketTotal, scanAndWait, scanAsScanner, screenshot, signInUi } from './uiHelpers';

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
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await screenshot(page, 'sign-in');
    await signInUi(page, till, 'cashier');
    const scanField = page.getByTestId('scan-field');
    await expect(scanField).toBeFocused();
    await enterBasketTotal(page, '120');

    // Campaign 1: ¥10 off (minimum spend ¥50).
    expect(await scanAndWait(page, till.code(1, 0))).toBe('accepted');
    const verdict = page.getByTestId('verdict');
    await expect(verdict.getByTestId('verdict-discount')).toHaveText('-¥10.00');
    await expect(page.getByTestId('basket-coupon')).toHaveCount(1);
    await expect(page.getByTestId('basket-to-pay')).toHaveText('¥110.00');
    await screenshot(page, 'cashier-accepted');

    // Campaign 2: 15% off, combinable with campaign 1 on this basket.
    expect(await scanAndWait(page, till.code(2, 0))).toBe('accepted');
    await expect(page.getByTestId('basket-coupon')).toHaveCount(2);
    await expect(page.getByTestId('basket-discount')).toHaveText(/^-¥\d+\.\d\d$/);

    // Garbage: refused, with the reason in words; the basket is unchanged.
    expect(await scanAndWait(page, 'NOT-A-REAL-COUPON-42')).toBe('refused');
    await expect(verdict).toContainText('Refused');
    await expect(verdict).toContainText('Coupon code not found');
    await expect(page.getByTestId('basket-coupon')).toHaveCount(2);
    await screenshot(page, 'cashier-refused');

    // The same code on a new basket: already used, refused.
    await page.keyboard.press('F2');
    await expect(page.getByTestId('basket-coupon')).toHaveCount(0);
    await enterBasketTotal(page, '80');
    expect(await scanAndWait(page, till.code(1, 0))).toBe('refused');
    await expect(verdict).toContainText('Already used');
    await expect(scanField).toBeFocused();
    expect(cspViolations).toEqual([]);
  });

  test('a scan typed while the basket total has focus goes to the scan pipeline, never into the field', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    await enterBasketTotal(page, '99');
    const total = page.getByTestId('basket-total');
    await total.click();
    await expect(total).toBeFocused();
    const before = Number(await page.getByTestId('verdict').getAttribute('data-seq'));
    await scanAsScanner(page, till.code(3, 0));
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'accepted');
    expect(Number(await page.getByTestId('verdict').getAttribute('data-seq'))).toBeGreaterThan(before);
    await expect(total).toHaveValue('99');
    // A person typing in the same field still types.
    await total.pressSequentially('.5', { delay: 120 });
    await expect(total).toHaveValue('99.5');
  });

  test('a cashier sees no manager screens', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    await expect(page.getByTestId('nav-cashier')).toBeVisible();
    for (const screen of ['log', 'conflicts', 'users', 'settings']) await expect(page.getByTestId(`nav-${screen}`)).toHaveCount(0);
  });

  test('the language switches to Chinese, reasons included', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    await page.getByTestId('language-toggle').click();
    await enterBasketTotal(page, '10');
    expect(await scanAndWait(page, 'NOT-A-REAL-COUPON-43')).toBe('refused');
    await expect(page.getByTestId('verdict')).toContainText('拒绝');
    await expect(page.getByTestId('verdict')).toContainText('券码不存在');
    await screenshot(page, 'cashier-zh-CN');
  });
});
