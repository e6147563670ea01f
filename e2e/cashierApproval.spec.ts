import type { Page } from '@playwright/test';
import { expect, test, type Till } from './fixtures/app';
import { enterBasketTotal, scanAndWait, screenshot, signInUi } from './uiHelpers';

/** Where the screen's fixed parts are: none may move while a manager approval is open. */
async function layout(page: Page) {
  const ids = ['scan-field', 'verdict', 'basket-total', 'undo-last', 'basket'];
  return Promise.all(ids.map(async (id) => page.getByTestId(id).boundingBox()));
}

async function approveAs(page: Page, till: Till, pin: string) {
  const approval = page.getByTestId('approval');
  await expect(page.getByTestId('approval-pin')).toBeFocused();
  await page.getByTestId('approval-manager').selectOption({ label: till.users.manager.name });
  await page.getByTestId('approval-pin').focus();
  await page.getByTestId('approval-pin').pressSequentially(pin, { delay: 110 });
  await page.keyboard.press('Enter');
  return approval;
}

test.describe('inline manager approval and undo at the till', () => {
  test.beforeEach(async ({ page }) => page.setViewportSize({ width: 1024, height: 768 }));

  test('undo of my own coupon inside the grace period needs no manager, and the panel shows the void', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    await enterBasketTotal(page, '200');
    expect(await scanAndWait(page, till.code(3, 1))).toBe('accepted'); // spend 199 get 40
    await page.keyboard.press('F4');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-state', 'voided');
    await expect(verdict).toContainText('Voided ¥40.00: hand the coupon back');
    await expect(verdict).not.toContainText('Accepted');
    await expect(page.getByTestId('approval')).toHaveCount(0);
    await expect(page.getByTestId('basket-coupon')).toHaveCount(0);
    await expect(page.getByTestId('scan-field')).toBeFocused();
    await screenshot(page, 'cashier-voided-1024');
  });

  test('undo outside the grace period asks a manager inline; nothing moves; Enter approves; focus returns', async ({ page, till }) => {
    await till.signInAs('manager');
    expect((await till.invoke('till:settings:set', { undoGraceMs: 1500 })).ok).toBe(true);
    await till.invoke('till:auth:signOut');
    await page.reload();
    await page.waitForFunction(() => typeof window.till?.['till:auth:roster'] === 'function');
    await signInUi(page, till, 'cashier');
    await enterBasketTotal(page, '200');
    expect(await scanAndWait(page, till.code(3, 2))).toBe('accepted');
    const before = await layout(page);
    // The grace period (1.5 s here) runs out in main; nothing on the page changes meanwhile.
    await page.waitForTimeout(2_000);
    await page.keyboard.press('F4');
    const approval = page.getByTestId('approval');
    await expect(approval).toBeVisible();
    await expect(approval).toHaveAttribute('data-action', 'undo');
    await expect(approval).toContainText('¥40.00');
    expect(await layout(page)).toEqual(before);
    await screenshot(page, 'cashier-approval-undo-1024');

    // A wrong PIN is refused inline, in words; the manager's PIN undoes it.
    await approveAs(page, till, '0000');
    await expect(page.getByTestId('approval-error')).toHaveText('Wrong PIN: try again');
    await approveAs(page, till, till.users.manager.pin);
    await expect(approval).toHaveCount(0);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'voided');
    await expect(page.getByTestId('basket-coupon')).toHaveCount(0);
    await expect(page.getByTestId('scan-field')).toBeFocused();
    // The basket list is shorter now (the coupon is gone); the scan field, verdict and controls stay put.
    expect((await layout(page)).slice(0, 4)).toEqual(before.slice(0, 4));
  });

  test('"Needs HQ online check" opens the approval inline: Escape cancels, the manager approves and it goes through', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    await enterBasketTotal(page, '600');
    const code = till.code(7, 0); // ¥100 off, needs an online claim; no HQ here
    const before = await layout(page);
    await page.getByTestId('scan-field').focus();
    await page.keyboard.type(code, { delay: 3 });
    await page.keyboard.press('Enter');
    const approval = page.getByTestId('approval');
    await expect(approval).toHaveAttribute('data-action', 'redeem');
    await expect(page.getByTestId('approval-pin')).toBeFocused();
    expect(await layout(page)).toEqual(before);
    await page.keyboard.press('Escape');
    await expect(approval).toHaveCount(0);
    await expect(page.getByTestId('scan-field')).toBeFocused();

    await page.keyboard.type(code, { delay: 3 });
    await page.keyboard.press('Enter');
    await expect(approval).toBeVisible();
    await screenshot(page, 'cashier-approval-redeem-1024');
    await approveAs(page, till, till.users.manager.pin);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'accepted');
    await expect(page.getByTestId('verdict-discount')).toHaveText('-¥100.00');
    await expect(page.getByTestId('scan-field')).toBeFocused();
    await expect(page.getByTestId('basket-coupon')).toHaveCount(1);
    await expect(page.getByTestId('basket-coupon')).toContainText('online claim');
  });
});

