import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/app';
import { mintAtHq, screenshot, signInUi } from './uiHelpers';

test.describe('manager screens', () => {
  test.use({ tillHq: 'embedded' });

  test('log: filters, totals, keyset paging, CSV export and a void with reason', async ({ page, till }) => {
    test.setTimeout(180_000);
    await signInUi(page, till, 'manager');
    // 55 redemptions through the API on this window's session (the log pages by 50).
    const codes = await mintAtHq(till, 5, 55);
    for (const [i, code] of codes.entries()) {
      const r = await till.invoke('till:coupon:redeem', { code, basket: { id: `b-log-${i}`, totalMinor: 5_000 } });
      expect(r.ok && r.value.verdict.ok).toBe(true);
    }
    await page.keyboard.press('Alt+3');
    await expect(page.getByTestId('log-screen')).toBeVisible();
    await expect(page.getByTestId('log-totals')).toHaveAttribute('data-count', '55');
    await expect(page.getByTestId('log-row')).toHaveCount(50);
    await screenshot(page, 'manager-log');

    await page.getByTestId('log-next').click();
    await expect(page.getByTestId('log-row')).toHaveCount(5);
    await expect(page.getByTestId('log-next')).toBeDisabled();
    await page.getByTestId('log-prev').click();
    await expect(page.getByTestId('log-row')).toHaveCount(50);

    // Void the newest with a reason; the voided filter then finds it.
    const first = page.getByTestId('log-row').first();
    await first.getByTestId('void-open').click();
    await first.getByTestId('void-reason').fill('customer changed their mind');
    await first.getByTestId('void-confirm').click();
    await expect(page.locator('[data-testid="log-row"][data-voided="true"]')).toHaveCount(1);
    await page.getByTestId('log-status').selectOption('voided');
    await page.getByTestId('log-apply').click();
    await expect(page.locator('[data-testid="log-row"][data-voided="true"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="log-row"][data-voided="false"][data-kind="redeem"]')).toHaveCount(0);

    // Filter by campaign: none of campaign 1.
    await page.getByTestId('log-status').selectOption('');
    await page.getByTestId('log-campaign').fill('1');
    await page.getByTestId('log-apply').click();
    await expect(page.getByTestId('log-totals')).toHaveAttribute('data-count', '0');
    await page.getByTestId('log-campaign').fill('');
    await page.getByTestId('log-apply').click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n').filter((l) => l.trim()).length).toBeGreaterThanOrEqual(56); // header + rows
  });

  test('conflicts, users and settings screens', async ({ page, till }) => {
    await signInUi(page, till, 'manager');
    await page.keyboard.press('Alt+4');
    await expect(page.getByTestId('conflicts-screen')).toBeVisible();
    await screenshot(page, 'manager-conflicts');

    await page.keyboard.press('Alt+5');
    await expect(page.getByTestId('users-screen')).toBeVisible();
    await page.getByTestId('user-name').fill('New Cashier Li');
    await page.getByTestId('user-pin').fill('4321');
    await page.getByTestId('user-create').click();
    await expect(page.locator('[data-testid="user-row"][data-user="New Cashier Li"]')).toBeVisible();
    await screenshot(page, 'manager-users');

    await page.keyboard.press('Alt+6');
    await expect(page.getByTestId('settings-screen')).toBeVisible();
    await page.getByTestId('settings-rapid-window').fill('2500');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-message')).toHaveText('Saved.');
    const s = await till.invoke('till:settings:get');
    expect(s.ok && s.value.rapidDedupeMs).toBe(2500);
    await screenshot(page, 'manager-settings');
  });
});
