import { expect, test } from './fixtures/app';
import { scanAsScanner, signInUi } from './uiHelpers';
import { DEMO_PLAIN_CODES } from '../electron/demo/campaigns';

/**
 * Rapid mode with the basket total left empty used up a ¥5 voucher for ¥0.00 (and then it was
 * "already used"). Now the scan waits, amber, nothing written, with the cursor in the total
 * field; once the total is entered it goes through at its real value.
 */
test('rapid mode without a total holds a money coupon until the total is entered', async ({ page, till }) => {
  await signInUi(page, till, 'cashier');
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('rapid-screen')).toBeVisible();
  await expect(page.getByTestId('rapid-needs-total')).toBeVisible();

  // A privilege coupon is worth nothing off the basket: it needs no total and goes through at once.
  await scanAsScanner(page, till.code(5, 0));
  await expect(page.locator('[data-testid="rapid-row"][data-state="accepted"]')).toHaveCount(1);

  const voucher = DEMO_PLAIN_CODES[0]!; // campaign 6, ¥5 off, no minimum spend
  await page.getByTestId('scan-field').focus();
  await scanAsScanner(page, voucher);
  const row = page.locator(`[data-testid="rapid-row"][data-code="${voucher}"]`);
  await expect(row).toHaveAttribute('data-state', 'needTotal');
  await expect(page.getByTestId('rapid-needs-total')).toHaveAttribute('data-held', '1');
  await expect(page.getByTestId('rapid-total')).toBeFocused();
  // Nothing was redeemed for ¥0.00: the code is still good.
  const probe = await till.invoke('till:coupon:validate', { code: voucher, basket: { id: 'probe', totalMinor: 10_000 } });
  expect(probe.ok && probe.value.ok).toBe(true);

  await page.getByTestId('rapid-total').pressSequentially('30', { delay: 110 });
  await page.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'accepted');
  await expect(row).toContainText('-¥5.00');
  await expect(page.getByTestId('rapid-total-discount')).toHaveText('¥5.00');
  await expect(page.getByTestId('rapid-accepted')).toHaveText('2');
  await expect(page.getByTestId('scan-field')).toBeFocused();
  await expect(page.getByTestId('rapid-needs-total')).toHaveCount(0);
});
