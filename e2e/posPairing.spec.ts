import { expect, test } from './fixtures/app';
import { PosSetupPart } from './page-models';
import { join } from 'node:path';
import { SCREENSHOT_DIR, screenshot, signInUi } from './uiHelpers';
import { TillClient } from '../pos-demo/tillClient';
import { pinnedFetch } from '../electron/services/sync/pinnedFetch';

/**
 * Issue 14: a manager pairs the store's POS on Settings -> Store POS: a one-time code, typed in at
 * the POS, becomes its credential; the POS is listed by name and revoked there, refused at once.
 * The POS API's address is shown; the open-order timeout is a setting.
 */
test('a manager pairs a POS with a one-time code, sees it by name, revokes it: its next call is refused', async ({ page, till }) => {
  test.skip(till.mode !== 'host', 'reads the POS API address from the in-process till');
  const url = till.running!.app.posApi.status().url!;
  await signInUi(page, till, 'manager');
  await page.getByTestId('nav-settings').click();
  const pos = new PosSetupPart(page);
  await expect(pos.apiStatus).toHaveText(`Listening at ${url}/pos/v1`);
  await expect(page.getByTestId('pos-pairings-none')).toBeVisible();

  const code = await pos.makeCode('Lane 1');
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  const paired = await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(paired.status).toBe(201);
  const { credential } = ((await paired.json()) as { value: { credential: string } }).value;
  const auth = { authorization: `Bearer ${credential}` };
  expect((await fetch(`${url}/pos/v1/till`, { headers: auth })).status).toBe(200);
  // The code works once.
  expect(
    (await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).status,
  ).toBe(403);
  await expect(pos.pairing('Lane 1')).toBeVisible();
  await expect(pos.pairing('Lane 1')).not.toContainText('never');

  for (const lang of ['en', 'zh-CN'] as const) {
    if (lang === 'zh-CN') {
      await page.getByTestId('language-toggle').click();
      await expect(pos.root).toContainText('已配对的 POS');
    }
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      await pos.root.scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways scroll at ${width} in ${lang}`).toBeLessThanOrEqual(0);
      await pos.root.screenshot({ path: join(SCREENSHOT_DIR, `settings-pos-${lang}-${width}.png`) });
    }
  }
  await page.getByTestId('language-toggle').click();
  await pos.revoke('Lane 1');
  await expect(pos.message).toHaveText('Lane 1 can no longer reach this till.');
  await expect(pos.pairing('Lane 1')).toHaveAttribute('data-revoked', 'true');
  expect((await fetch(`${url}/pos/v1/till`, { headers: auth })).status).toBe(401);
  await screenshot(page, 'settings-pos-revoked');
});

test('the open-order timeout and the POS API switch are saved from Settings; a bad timeout is refused on screen', async ({ page, till }) => {
  await signInUi(page, till, 'manager');
  await page.getByTestId('nav-settings').click();
  const pos = new PosSetupPart(page);
  await expect(pos.orderTimeout).toHaveValue('30');
  await pos.orderTimeout.fill('2');
  await pos.saveButton.click();
  await expect(pos.message).toHaveText('Enter 5 to 1440 minutes.');
  await pos.orderTimeout.fill('45');
  await pos.apiEnabled.uncheck();
  await pos.saveButton.click();
  await expect(pos.message).toHaveText('POS settings saved.');
  await expect(pos.apiStatus).toHaveText('Not listening');
  const s = await till.invoke('till:settings:get');
  expect(s.ok && [s.value.openOrderTimeoutMs, s.value.posApiEnabled]).toEqual([45 * 60_000, false]);
});

test('a cashier has no POS settings: the pairing calls are refused in main', async ({ page, till }) => {
  await signInUi(page, till, 'cashier');
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  expect(await till.invoke('till:pos:pairingCode', { name: 'Sneaky' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(await till.invoke('till:pos:pairings')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});

test('a manager turns on the POS API on the store LAN: the fingerprint shown is the one a POS over TLS pins', async ({ page, till }) => {
  test.skip(till.mode !== 'host', 'reads the POS API from the in-process till');
  await signInUi(page, till, 'manager');
  await page.getByTestId('nav-settings').click();
  const pos = new PosSetupPart(page);
  await expect(page.getByTestId('pos-api-lan')).not.toBeChecked();
  await expect(page.getByTestId('pos-api-lan-status')).toHaveCount(0);
  await page.getByTestId('pos-api-lan').check();
  await pos.saveButton.click();
  const shown = page.getByTestId('pos-api-fingerprint');
  await expect(shown).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, { timeout: 20_000 });
  const fingerprint = (await shown.textContent())!.trim();
  const lan = till.running!.app.posApi.lanServer!;
  // The POS pins what the manager read off the screen, and pairs over TLS.
  const client = new TillClient(`https://127.0.0.1:${lan.port}`, null, pinnedFetchAsFetch(fingerprint));
  await client.pair(await pos.makeCode('Lane 3 (LAN)'));
  await expect(pos.pairing('Lane 3 (LAN)')).toBeVisible();
  for (const lang of ['en', 'zh-CN'] as const) {
    if (lang === 'zh-CN') await page.getByTestId('language-toggle').click();
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways scroll at ${width} in ${lang}`).toBeLessThanOrEqual(0);
      await pos.root.screenshot({ path: join(SCREENSHOT_DIR, `settings-pos-lan-${lang}-${width}.png`) });
    }
  }
});

function pinnedFetchAsFetch(fingerprint: string): typeof fetch {
  const pinned = pinnedFetch(fingerprint.replace(/:/g, ''));
  return ((input: string | URL | Request, init?: RequestInit) =>
    pinned(String(input), {
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      signal: init?.signal ?? AbortSignal.timeout(10_000),
    })) as unknown as typeof fetch;
}
