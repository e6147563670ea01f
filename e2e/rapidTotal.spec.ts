import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { DEMO_PLAIN_CODES } from '../electron/demo/campaigns';

/**
 * Rapid mode with the basket total left empty used up a ¥5 voucher for ¥0.00 (and then it was
 * "already used"). Now the scan waits, amber, nothing written, with the cursor in the total
 * field; once the total is entered it goes through at its real value.
 */
test('rapid mode without a total holds a money coupon until the total is entered', async ({ page, till }) => {
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.cashier);
  const rapid = await app.openWithKey('rapid');
  await expect(rapid.needsTotal).toBeVisible();

  // A privilege coupon is worth nothing off the basket: it needs no total and goes through at once.
  await rapid.scan(till.code(5, 0));
  await expect(rapid.rowsIn('accepted')).toHaveCount(1);

  const voucher = DEMO_PLAIN_CODES[0]!; // campaign 6, ¥5 off, no minimum spend
  await rapid.scanField.focus();
  await rapid.scan(voucher);
  const row = rapid.row(voucher);
  await expect(row).toHaveAttribute('data-state', 'needTotal');
  await expect(rapid.needsTotal).toHaveAttribute('data-held', '1');
  await expect(rapid.basketTotal).toBeFocused();
  // Nothing was redeemed for ¥0.00: the code is still good.
  const probe = await till.invoke('till:coupon:validate', { code: voucher, basket: { id: 'probe', totalMinor: 10_000 } });
  expect(probe.ok && probe.value.ok).toBe(true);

  await rapid.typeTotal('30');
  await expect(row).toHaveAttribute('data-state', 'accepted');
  await expect(row).toContainText('-¥5.00');
  await expect(rapid.totalDiscount).toHaveText('¥5.00');
  await expect(rapid.accepted).toHaveText('2');
  await expect(rapid.scanField).toBeFocused();
  await expect(rapid.needsTotal).toHaveCount(0);
});
