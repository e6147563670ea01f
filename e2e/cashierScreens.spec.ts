import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

/**
 * The cashier's screens (sign-in, cashier, rapid, with the status bar and nav) at both till
 * sizes and in both languages: no sideways scroll, every visible button at least 44 px high,
 * the status bar on one line. Screenshots go to docs/screenshots/.
 */
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;

async function checkLayout(app: TillWindow, what: string): Promise<void> {
  const m = await app.layoutProblems();
  expect(m.sideways, `${what}: sideways scroll`).toBeLessThanOrEqual(0);
  expect(m.smallButtons, `${what}: buttons under 44 px`).toEqual([]);
  expect(await app.statusBar.isOneLine(), `${what}: status bar on one line`).toBe(true);
}

for (const size of SIZES) {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`cashier screens at ${size.width}x${size.height} in ${lang}`, async ({ page, till }) => {
      test.setTimeout(120_000);
      await page.setViewportSize(size);
      const app = new TillWindow(page);
      const tag = `${size.width}-${lang}`;
      if (lang === 'zh-CN') await app.statusBar.languageToggle.click();
      await expect(app.signIn.root).toBeVisible();
      await checkLayout(app, `sign-in ${tag}`);
      await screenshot(page, `fo-sign-in-${tag}`);

      await app.signIn.signIn(till.users.cashier);
      const cashier = app.screen('cashier');
      await cashier.enterBasketTotal('120');
      expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
      await checkLayout(app, `cashier ${tag}`);
      await screenshot(page, `fo-cashier-accepted-${tag}`);
      expect(await cashier.scanAndWait('6901234567892')).toBe('refused');
      await expect(cashier.verdict).toContainText(lang === 'en' ? 'product barcode' : '商品条码');
      await screenshot(page, `fo-cashier-refused-${tag}`);

      const rapid = await app.openWithKey('rapid');
      await rapid.scan(till.code(2, 0));
      await expect(rapid.rowsIn('needTotal')).toHaveCount(1);
      await rapid.typeTotal('88');
      await expect(rapid.rowsIn('accepted')).toHaveCount(1);
      await rapid.scan('NOT-A-REAL-COUPON-7');
      await expect(rapid.rowsIn('refused')).toHaveCount(1);
      await checkLayout(app, `rapid ${tag}`);
      await screenshot(page, `fo-rapid-${tag}`);
    });
  }
}

test('the sign-in tiles’ digit hints pick the user, typed as a person types, wherever the focus is', async ({ page, till }) => {
  const app = new TillWindow(page);
  await expect(app.signIn.root).toBeVisible();
  await page.keyboard.press(await app.signIn.digitOf(till.users.cashier.id));
  await expect(app.signIn.pinStep).toContainText(till.users.cashier.name);
  await expect(app.signIn.pinField).toBeFocused();

  // After a sign-out the focus is on nothing in particular; the hint still picks (here the manager).
  await app.signIn.typePin(till.users.cashier.pin);
  await expect(app.nav).toBeVisible();
  await app.statusBar.signOut();
  await expect(app.signIn.root).toBeVisible();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(await app.signIn.digitOf(till.users.manager.id));
  await expect(app.signIn.pinStep).toContainText(till.users.manager.name);
  await expect(app.signIn.pinField).toBeFocused();
});
