/**
 * Launches the real till (openTillApp + the Node host) on a fresh data folder with a seeded
 * rule set and users, and Chromium on it. For bench:ui; the e2e specs use e2e/fixtures/app.ts.
 * The issuing key is kept here (unlike the demo) so the bench can mint as many codes as it needs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dayNumber } from '../shared/couponCode';
import type { CampaignInput } from '../shared/campaign';
import { openTillApp, type TillApp } from '../electron/app';
import { startHost, type Host } from '../electron/host/server';
import { generateIssuingKey, mintCode, toBase64Url } from '../electron/services/codeSigning';
import { applyRuleSetUpdate } from '../electron/services/ruleSet';

export const BENCH_USERS = { manager: { name: 'Bench Manager', role: 'manager' as const, pin: '9999' } };

const DAY = 86_400_000;

export function benchCampaigns(now: number): CampaignInput[] {
  const window = { validFrom: now - DAY, validUntil: now + 30 * DAY };
  return [
    { id: 1, name: '¥5 off', benefit: { type: 'cash', amountOffMinor: 500 }, rules: { ...window, stacking: { mode: 'combinable', group: 'g', maxPerBasket: 10 } } },
    { id: 2, name: '10% off', benefit: { type: 'percent', percentOffBp: 1000, capMinor: 2000 }, rules: { ...window, stacking: { mode: 'combinable', group: 'g' } } },
  ];
}

export interface UiHarness {
  app: TillApp;
  host: Host;
  browser: Browser;
  page: Page;
  dataDir: string;
  mint(campaignId: number, serial: number): string;
  close(): Promise<void>;
}

export async function launchUiHarness(): Promise<UiHarness> {
  const rendererDir = resolve('dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    // Build once with the project's vite.config.ts, so `npm run bench:ui` works from a clean checkout.
    const { build } = await import('vite');
    await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'till-bench-ui-'));
  const now = Date.now();
  const app = openTillApp({ dataDir, shell: 'host', version: 'bench', startSync: false, scrypt: { N: 1024, r: 8, p: 1 } });
  app.redemption.configure({ storeId: 'S1', tillId: 'T1', storeName: 'Bench store', timeZone: 'Asia/Shanghai' });
  const key = generateIssuingKey(1);
  const applied = applyRuleSetUpdate(
    app.db,
    {
      formatVersion: 1,
      fromVersion: 0,
      toVersion: 1,
      reset: true,
      store: { id: 'S1', name: 'Bench store', timeZone: 'Asia/Shanghai' },
      campaigns: benchCampaigns(now),
      keys: [{ keyId: key.keyId, publicKey: toBase64Url(key.publicKey), status: 'active' }],
    },
    now,
  );
  if (!applied.ok) throw new Error(`rule set refused: ${applied.error}`);
  await app.auth.createUser('bench', BENCH_USERS.manager);

  const host = await startHost({ api: app.api, rendererDir, onClientGone: (id) => app.clientGone(id) });
  app.setPush((clientId, event, payload) => host.emit(clientId, event, payload));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  const today = dayNumber(now);
  return {
    app,
    host,
    browser,
    page,
    dataDir,
    mint: (campaignId, serial) => mintCode(key, { campaignId, serial, issueDay: today - 1, expiryDay: today + 30 }),
    async close() {
      await browser.close().catch(() => undefined);
      await host.close().catch(() => undefined);
      await app.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the UI: pick the user tile, type the PIN as a person would, Enter. */
export async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.locator('.user-tile', { hasText: name }).click();
  await page.getByTestId('signin-pin-field').fill(pin);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav').waitFor();
}
