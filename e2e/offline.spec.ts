import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { enterBasketTotal, scanAndWait, screenshot, signInUi } from './uiHelpers';

test.use({ tillHq: 'embedded' });

/**
 * The till goes offline (the embedded HQ stops) and comes back; the status bar always says so,
 * counts what waits to sync, and the cashier keeps redeeming meanwhile.
 */
test('offline and back: the status bar shows it and the outbox drains', async ({ page, till }) => {
  test.setTimeout(120_000);
  await signInUi(page, till, 'cashier');
  const online = page.getByTestId('status-online');
  const pending = page.getByTestId('status-pending');
  await page.getByTestId('sync-now').click();
  await expect(online).toHaveAttribute('data-online', 'true', { timeout: 20_000 });
  await expect(online).toHaveText(/HQ online/);

  await till.running!.stopHq();
  await page.getByTestId('sync-now').click();
  await expect(online).toHaveAttribute('data-online', 'false', { timeout: 20_000 });
  await expect(online).toHaveText(/working offline/);

  // Redeeming offline: decided from the cache, written to the outbox, shown as waiting.
  await enterBasketTotal(page, '120');
  expect(await scanAndWait(page, till.code(1, 0))).toBe('accepted');
  await expect(pending).toHaveAttribute('data-count', '1', { timeout: 20_000 });
  await expect(pending).toContainText('1 waiting to sync');
  await screenshot(page, 'status-offline');

  await till.running!.startHq();
  await page.getByTestId('sync-now').click();
  await expect(online).toHaveAttribute('data-online', 'true', { timeout: 30_000 });
  await expect(pending).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(pending).toContainText('All synced');
  await expect(page.getByTestId('status-last-sync')).toContainText('Last sync');
});

/** The manager's log follows a sync: a row redeemed offline goes from waiting to accepted by HQ without pressing Apply. */
test('the log lists its page again after a sync', async ({ page, till }) => {
  test.setTimeout(120_000);
  const app = new TillWindow(page);
  await app.signIn.signIn(till.users.manager);
  await till.running!.stopHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectOnline(false, 20_000);
  await enterBasketTotal(page, '120');
  expect(await scanAndWait(page, till.code(1, 0))).toBe('accepted');

  const log = await app.openWithKey('log');
  const row = log.rows.first();
  await expect(log.syncOf(row)).toContainText('Waiting to sync');
  await till.running!.startHq();
  await app.statusBar.syncNow();
  await app.statusBar.expectWaiting(0);
  await expect(log.syncOf(row)).toContainText('Accepted by HQ', { timeout: 30_000 });
});
