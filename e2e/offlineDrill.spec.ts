import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { lockDataDir } from '../electron/dataDirLock';
import { en as statusEn, zhCN as statusZh } from '../renderer/i18n/messages/status';
import { expect, test, type Till } from './fixtures/app';
import { TillWindow } from './page-models';
import { enterBasketTotal, scanAndWait, screenshot } from './uiHelpers';

test.use({ tillHq: 'embedded' });

const root = fileURLToPath(new URL('..', import.meta.url));

/** `npm run till -- <words> --data DIR --json`, as IT types it (the built CLI, in its own process). */
async function tillCli(dataDir: string, ...words: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/run.mjs', 'tillCli', ...words, '--data', dataDir, '--json'], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Redemptions the embedded HQ holds from this till. */
async function atHq(till: Till): Promise<number> {
  const hq = till.running!.hq!;
  const res = await fetch(`${hq.url}/admin/redemptions`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
  expect(res.ok).toBe(true);
  return ((await res.json()) as unknown[]).length;
}

/**
 * The offline drill, end to end: IT turns it on from the command line while the till runs; the
 * screen says so within a second, the till keeps redeeming from its cache and sends HQ nothing
 * (HQ is up the whole time), and `till offline off` brings it back and drains the outbox.
 */
test('till offline on: the screen shows the drill and nothing reaches HQ until offline off', async ({ page, till }) => {
  test.setTimeout(180_000);
  // The host runs inside this test's process: hold the data folder's lock as `npm start` does,
  // so the command line sees a running till (and does not open the till itself).
  const unlock = lockDataDir(till.dataDir);
  try {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.cashier);
    await app.statusBar.syncAndSettle();
    const before = await atHq(till);

    expect(await tillCli(till.dataDir, 'offline', 'on')).toEqual({ offlineDrill: true, running: true });
    await expect(app.statusBar.online).toHaveAttribute('data-drill', 'true', { timeout: 10_000 });
    await expect(app.statusBar.online).toHaveAttribute('data-online', 'false');
    await expect(app.statusBar.online).toHaveText(statusEn.connection.drill);
    expect(await tillCli(till.dataDir, 'status')).toMatchObject({ running: true, offlineDrill: true });

    await enterBasketTotal(page, '120');
    expect(await scanAndWait(page, till.code(1, 0))).toBe('accepted');
    await app.statusBar.expectWaiting(1);
    await app.statusBar.syncNow();
    await expect(app.statusBar.online).toHaveAttribute('data-drill', 'true');
    await app.statusBar.expectWaiting(1);
    expect(await atHq(till)).toBe(before);
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await screenshot(page, `offline-drill-en-${size.width}`, { fullPage: false });
    }
    await app.statusBar.languageToggle.click();
    await expect(app.statusBar.online).toHaveText(statusZh.connection.drill);
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await screenshot(page, `offline-drill-zh-${size.width}`, { fullPage: false });
    }
    await app.statusBar.languageToggle.click();

    expect(await tillCli(till.dataDir, 'offline', 'off')).toEqual({ offlineDrill: false, running: true });
    await expect(app.statusBar.online).not.toHaveAttribute('data-drill', 'true', { timeout: 10_000 });
    await app.statusBar.expectOnline(true);
    await app.statusBar.expectWaiting(0);
    expect(await atHq(till)).toBe(before + 1);
    expect(await tillCli(till.dataDir, 'status')).toMatchObject({ running: true, offlineDrill: false, waiting: 0 });
  } finally {
    unlock();
  }
});
