import { expect, test } from './fixtures/app';
import { screenshot, signInUi } from './uiHelpers';

/**
 * Issue 11 item 11: a manager allows a plain-HTTP HQ on the store network in Settings; the screen
 * warns while it is allowed, and the status bar says "HQ not encrypted" while the till uses one.
 */
test('a manager allows a plain-HTTP HQ in Settings: warned in Settings and in the status bar, audited', async ({ page, till }) => {
  await signInUi(page, till, 'manager');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-plain-http-warning')).toHaveCount(0);
  await expect(page.getByTestId('status-plain-http')).toHaveCount(0);
  await page.getByTestId('settings-hq-url').fill('http://192.168.20.5:8787');
  await page.getByTestId('settings-allow-plain-http').check();
  await expect(page.getByTestId('settings-plain-http-warning')).toContainText('unencrypted');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toBeVisible();
  await expect(page.getByTestId('status-plain-http')).toHaveText('HQ not encrypted');
  const s = await till.invoke('till:settings:get');
  expect(s.ok && s.value.allowPlainHttpHq).toBe(true);
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') {
      await page.getByTestId('language-toggle').click();
      await expect(page.getByTestId('status-plain-http')).toHaveText('总部连接未加密');
      await expect(page.getByTestId('settings-plain-http-warning')).toContainText('未加密');
    }
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('main').evaluate((m) => m.scrollTo?.(0, 0));
      // The status bar stays one line with the warning in it.
      const bar = await page.getByTestId('status-bar').boundingBox();
      expect(bar!.height, `${lang} ${width}`).toBeLessThan(80);
      await screenshot(page, `settings-plain-http-${lang}-${width}`, { fullPage: false });
    }
  }
  // Taken back: the warnings go.
  await page.getByTestId('settings-allow-plain-http').uncheck();
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('status-plain-http')).toHaveCount(0);
  await expect(page.getByTestId('settings-plain-http-warning')).toHaveCount(0);
});
