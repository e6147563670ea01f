/**
 * Launches the real till on a fresh data folder (bench/uiTill.ts, in its own Node process as in
 * production) and Chromium on it. For bench:ui; the e2e specs use e2e/fixtures/app.ts. The
 * issuing key stays here (unlike the demo) so the bench can mint as many codes as it needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dayNumber } from '../shared/couponCode';
import type { CampaignInput } from '../shared/campaign';
import { DATABASE_FILE } from '../electron/app';
import { generateIssuingKey, mintCode, toBase64Url } from '../electron/services/codeSigning';

export const BENCH_USERS = { manager: { name: 'Bench Manager', role: 'manager' as const, pin: '999999' } };

const DAY = 86_400_000;

export function benchCampaigns(now: number): CampaignInput[] {
  const window = { validFrom: now - DAY, validUntil: now + 30 * DAY };
  return [
    {
      id: 1,
      name: '¥5 off',
      benefit: { type: 'cash', amountOffMinor: 500 },
      rules: { ...window, stacking: { mode: 'combinable', group: 'g', maxPerBasket: 10 } },
    },
    {
      id: 2,
      name: '10% off',
      benefit: { type: 'percent', percentOffBp: 1000, capMinor: 2000 },
      rules: { ...window, stacking: { mode: 'combinable', group: 'g' } },
    },
  ];
}

export interface UiHarness {
  browser: Browser;
  page: Page;
  dataDir: string;
  mint(campaignId: number, serial: number): string;
  /** Redemptions of kind 'redeem' in the till's ledger (read from its database file). */
  ledgerRedeems(): number;
  /** Stops the till; resolves with what it measured inside its own process (bench/uiTill.ts). */
  close(): Promise<TillInside | null>;
}

/** What the till process measured itself: each redeem's API call and reply, and its event loop's lateness. */
export interface TillInside {
  redeemServeMs: number[];
  redeemReplyMs: number[];
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** Starts bench/uiTill.ts and waits for the URL it serves. */
async function startTill(dataDir: string, keyId: number, publicKey: string): Promise<{ child: ChildProcess; url: string; inside: Promise<TillInside | null> }> {
  // TILL_NODE_ARGS: Node flags for the till process alone (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes).
  const nodeArgs = process.env.TILL_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve('bench/uiTill.ts'), dataDir, String(keyId), publicKey], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the till process exited (${code}) before serving`)));
    lines.once('line', (line) => ok((JSON.parse(line) as { url: string }).url));
  });
  const inside = new Promise<TillInside | null>((ok) => {
    lines.once('line', (line) => ok(JSON.parse(line) as TillInside));
    child.once('exit', () => ok(null));
  });
  return { child, url, inside };
}

/** `chromiumArgs`: switches on top of the build machines' flags (the till's own, or none for a control run). */
export async function launchUiHarness(chromiumArgs: string[]): Promise<UiHarness> {
  const rendererDir = resolve('dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    // Build once with the project's vite.config.ts, so `npm run bench:ui` works from a clean checkout.
    const { build } = await import('vite');
    await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'till-bench-ui-'));
  const key = generateIssuingKey(1);
  const till = await startTill(dataDir, key.keyId, toBase64Url(key.publicKey));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...chromiumArgs,
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(till.url);
  const today = dayNumber(Date.now());
  return {
    browser,
    page,
    dataDir,
    mint: (campaignId, serial) => mintCode(key, { campaignId, serial, issueDay: today - 1, expiryDay: today + 30 }),
    ledgerRedeems() {
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM redemptions WHERE kind = 'redeem'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
      const exited = new Promise((ok) => till.child.once('exit', ok));
      till.child.stdin!.end();
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return till.inside;
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
