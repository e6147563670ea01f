import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { enterBasketTotal, scanAndWait, scanAsScanner, screenshot, signInUi } from './uiHelpers';

/**
 * The cashier's screens (sign-in, cashier, rapid, with the status bar and nav) at both till
 * sizes and in both languages: no sideways scroll, every visible button at least 44 px high,
 * the status bar on one line. Screenshots go to docs/screenshots/.
 */
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;

async function checkLayout(page: Page, what: string): Promise<void> {
  const m = await page.evaluate(() => {
    const buttons = [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
    const bar = document.querySelector('[data-testid="status-bar"]') as HTMLElement | null;
    return {
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      small: buttons.filter((b) => b.getBoundingClientRect().height < 44).map((b) => `${b.textContent} ${b.getBoundingClientRect().height}`),
      barHeight: bar?.getBoundingClientRect().height ?? 0,
    };
  });
  expect(m.sideways, `${what}: sideways scroll`).toBeLessThanOrEqual(0);
  expect(m.small, `${what}: buttons under 44 px`).toEqual([]);
  expect(m.barHeight, `${what}: status bar on one line`).toBeLessThan(64);
}

for (const size of SIZES) {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`cashier screens at ${size.width}x${size.height} in ${lang}`, async ({ page, till }) => {
      await page.setViewportSize(size);
      const tag = `${size.width}-${lang}`;
      if (lang === 'zh-CN') await page.getByTestId('language-toggle').click();
      await expect(page.getByTestId('signin-screen')).toBeVisible();
      await checkLayout(page, `sign-in ${tag}`);
      await screenshot(page, `fo-sign-in-${tag}`);

      await signInUi(page, till, 'cashier');
      await enterBasketTotal(page, '120');
      expect(await scanAndWait(page, till.code(1, 0))).toBe('accepted');
      await checkLayout(page, `cashier ${tag}`);
      await screenshot(page, `fo-cashier-accepted-${tag}`);
      expect(await scanAndWait(page, '6901234567892')).toBe('refused');
      await expect(page.getByTestId('verdict')).toContainText(lang === 'en' ? 'product barcode' : '商品条码');
      await screenshot(page, `fo-cashier-refused-${tag}`);

      await page.keyboard.press('Alt+2');
      await expect(page.getByTestId('rapid-screen')).toBeVisible();
      await scanAsScanner(page, till.code(2, 0));
      await expect(page.locator('[data-testid="rapid-row"][data-state="needTotal"]')).toHaveCount(1);
      await page.getByTestId('rapid-total').pressSequentially('88', { delay: 110 });
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-testid="rapid-row"][data-state="accepted"]')).toHaveCount(1);
      await scanAsScanner(page, 'NOT-A-REAL-COUPON-7');
      await expect(page.locator('[data-testid="rapid-row"][data-state="refused"]')).toHaveCount(1);
      await checkLayout(page, `rapid ${tag}`);
      await screenshot(page, `fo-rapid-${tag}`);
    });
  }
}

test('the sign-in tiles’ digit hints pick the user, typed as a person types', async ({ page, till }) => {
  await expect(page.getByTestId('signin-screen')).toBeVisible();
  const index = await page.locator('.user-tile').evaluateAll((tiles, id) => tiles.findIndex((t) => t.getAttribute('data-testid') === `signin-user-${id}`), till.users.cashier.id);
  expect(index).toBeGreaterThanOrEqual(0);
  await page.keyboard.press(String(index + 1));
  await expect(page.getByTestId('signin-pin')).toBeVisible();
  await expect(page.getByTestId('signin-pin')).toContainText(till.users.cashier.name);
  await expect(page.getByTestId('signin-pin-field')).toBeFocused();
});
