import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { screenshot } from './uiHelpers';

test.use({ tillHq: 'embedded' });

/**
 * The till goes offline (the embedded HQ stops) and comes back; the status bar always says so
 * in a cashier's words on one line, counts what waits to sync, and the cashier keeps redeeming
 * meanwhile. The technical detail is a manager's, behind Details.
 */
test('offline and back: the status bar says it in a cashier’s words and the outbox drains', async ({ page, till }) => {
  test.setTimeout(150_000);
  const app = new TillWindow(page);
  const bar = app.statusBar;
  const seen = await bar.recordStates();
  await app.signIn.signIn(till.users.cashier);
  await bar.expectConnection('online', 20_000);
  await expect(bar.online).toHaveText('HQ online');
  // A first run with HQ up never says it is offline or has never synced.
  const first = await seen();
  expect(first.connections).not.toContain('offline');
  for (const text of first.texts) expect(text).not.toMatch(/offline|Never synced/i);
  await expect(bar.detailsToggle).toHaveCount(0); // a cashier gets no technical detail

  await till.running!.stopHq();
  await bar.syncNow();
  await bar.expectConnection('offline', 20_000);

  // Redeeming offline: decided from the cache, written to the outbox, shown as waiting.
  const cashier = app.screen('cashier');
  await cashier.enterBasketTotal('120');
  expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');
  await bar.expectWaiting(1, 20_000);
  expect(await bar.text()).toMatch(/^HQ unreachable, working offline · 1 waiting( · Synced .+)?$/);
  expect(await bar.text()).not.toMatch(/fetch|GET|\/v1|Error/);
  // Main keeps the error from a cashier: the status it answers carries none.
  const asCashier = await till.invoke('till:sync:status');
  expect(asCashier.ok && asCashier.value.lastError).toBeNull();

  for (const [language, words] of [
    ['en', /^HQ unreachable, working offline · 1 waiting/],
    ['zh-CN', /^无法连接总部，离线工作中 · 1 笔待同步/],
  ] as const) {
    if (language === 'zh-CN') await bar.languageToggle.click();
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await bar.text()).toMatch(words);
    expect(await bar.isOneLine(), `status bar on one line at 1024 px in ${language}`).toBe(true);
    await screenshot(page, `status-offline-1024-${language}`, { fullPage: false });
  }
  await bar.languageToggle.click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, 'status-offline');

  await till.running!.startHq();
  await bar.syncNow();
  await bar.expectOnline(true, 30_000);
  await bar.expectWaiting(0, 30_000);
  await expect(bar.pending).toHaveText('All synced');
  await expect(bar.lastSync).toContainText('Synced');
});

/** Details: a manager sees what went wrong technically (main sends it to managers only). */
test('a manager opens the sync details and sees the technical error; the bar itself stays plain', async ({ page, till }) => {
  test.setTimeout(120_000);
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  await till.running!.stopHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectConnection('offline', 20_000);
  expect(await app.statusBar.text()).not.toMatch(/fetch|GET|\/v1/);
  await app.statusBar.openDetails();
  await expect(app.statusBar.detailsError).not.toHaveText('—', { timeout: 20_000 });
  const asManager = await till.invoke('till:sync:status');
  expect(asManager.ok && asManager.value.lastError).toBeTruthy();
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'status-details-1024-en', { fullPage: false });
});

/** The manager's log follows a sync: a row redeemed offline goes from waiting to accepted by HQ without pressing Apply. */
test('the log lists its page again after a sync', async ({ page, till }) => {
  test.setTimeout(120_000);
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  await till.running!.stopHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectOnline(false, 20_000);
  const cashier = app.screen('cashier');
  await cashier.enterBasketTotal('120');
  expect(await cashier.scanAndWait(till.code(1, 0))).toBe('accepted');

  const log = await app.openWithKey('log');
  const row = log.rows.first();
  await expect(log.syncOf(row)).toContainText('Waiting to sync');
  await till.running!.startHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectWaiting(0);
  await expect(log.syncOf(row)).toContainText('Accepted by HQ', { timeout: 30_000 });
});
