import { expect, test } from './fixtures/app';
import { enterBasketTotal, scanAndWait, signInUi } from './uiHelpers';
import { formatTime } from '../shared/format';
import { DEMO_STORE } from '../electron/demo/campaigns';

/**
 * Times are the STORE's, whatever zone the browser (or the till's OS) is in: with the page in
 * New York and the store in Shanghai, "already used" says the Shanghai time it was redeemed.
 */
test('store time on the cashier screen with the browser in another time zone', async ({ page, till }) => {
  // Playwright's timezoneId is a context option; the fixture's context is the till's own window, so
  // the same emulation (CDP Emulation.setTimezoneOverride, which timezoneId uses) is set on it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' });
  await page.setViewportSize({ width: 1024, height: 768 });
  const p = page;
  expect(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');

  await signInUi(p, till, 'cashier');
  await enterBasketTotal(p, '120');
  const code = till.code(1, 0);
  expect(await scanAndWait(p, code)).toBe('accepted');
  const row = till.running!.app.db.prepare("SELECT created_at AS at FROM redemptions WHERE kind = 'redeem' ORDER BY created_at DESC LIMIT 1").get() as { at: number };
  await p.keyboard.press('F2');
  await enterBasketTotal(p, '80');
  expect(await scanAndWait(p, code)).toBe('refused');
  const shanghai = formatTime(row.at, { locale: 'en', timeZone: DEMO_STORE.timeZone });
  const newYork = formatTime(row.at, { locale: 'en', timeZone: 'America/New_York' });
  expect(shanghai).not.toBe(newYork);
  await expect(p.getByTestId('verdict')).toContainText(`Already used at this till (today ${shanghai})`);

  await p.getByTestId('language-toggle').click();
  const zh = formatTime(row.at, { locale: 'zh-CN', timeZone: DEMO_STORE.timeZone });
  await expect(p.getByTestId('verdict')).toContainText(`已在本机核销（今天 ${zh}）`);
});
