import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
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
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');

  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.cashier);
  const cashier = app.screen('cashier');
  await cashier.enterBasketTotal('120');
  const code = till.code(1, 0);
  expect(await cashier.scanAndWait(code)).toBe('accepted');
  const row = till.running!.app.db.prepare("SELECT created_at AS at FROM redemptions WHERE kind = 'redeem' ORDER BY created_at DESC LIMIT 1").get() as {
    at: number;
  };
  await cashier.newBasket();
  await cashier.enterBasketTotal('80');
  expect(await cashier.scanAndWait(code)).toBe('refused');
  const shanghai = formatTime(row.at, { locale: 'en', timeZone: DEMO_STORE.timeZone });
  const newYork = formatTime(row.at, { locale: 'en', timeZone: 'America/New_York' });
  expect(shanghai).not.toBe(newYork);
  await expect(cashier.verdict).toContainText(`Already used at this till (today ${shanghai})`);

  await app.statusBar.languageToggle.click();
  const zh = formatTime(row.at, { locale: 'zh-CN', timeZone: DEMO_STORE.timeZone });
  await expect(cashier.verdict).toContainText(`已在本机核销（今天 ${zh}）`);
});
