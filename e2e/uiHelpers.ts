import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Role } from '../shared/permissions';
import type { Till } from './fixtures/app';
import { CashierPage, scanAsScanner, SignInPage, type VerdictState } from './page-models';

/**
 * UI steps shared by the renderer's specs (cashier, rapid, manager, offline, screenshots):
 * what a person does at the till, through the real screens. Screen details live in the page
 * models (e2e/page-models/); these helpers are kept as short names for them.
 */

export const SCREENSHOT_DIR = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'screenshots');

/** Saves a screenshot of the whole window to docs/screenshots/<name>.png (linked from the README). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** Signs in through the sign-in screen: the user's tile, the PIN typed as a person types, Enter. */
export async function signInUi(page: Page, till: Till, role: Role): Promise<void> {
  await new SignInPage(page).signIn(till.users[role]);
}

/** Types a code the way a keyboard-wedge scanner does (see e2e/page-models/cashierPage.ts). */
export { scanAsScanner };

/** Scans in the cashier screen and waits for this scan's verdict (CashierPage.scanAndWait). */
export function scanAndWait(page: Page, code: string): Promise<VerdictState> {
  return new CashierPage(page).scanAndWait(code);
}

/** Sets the basket total as the cashier does (CashierPage.enterBasketTotal). */
export function enterBasketTotal(page: Page, amount: string): Promise<void> {
  return new CashierPage(page).enterBasketTotal(amount);
}

/** Mints fresh signed codes at the embedded HQ (tests with `tillHq: 'embedded'` only). */
export async function mintAtHq(till: Till, campaignId: number, count: number): Promise<string[]> {
  const hq = till.running?.hq;
  if (!hq) throw new Error('mintAtHq needs the embedded HQ (test.use({ tillHq: "embedded" }))');
  const res = await fetch(`${hq.url}/admin/codes/mint`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ campaignId, count }),
  });
  if (!res.ok) throw new Error(`HQ mint answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { codes: { code: string }[] }).codes.map((c) => c.code);
}

/** Imports plain codes (a merchant's batch) at the embedded HQ; the till gets them at its next sync. */
export async function importPlainAtHq(till: Till, campaignId: number, codes: string[]): Promise<void> {
  const hq = till.running?.hq;
  if (!hq) throw new Error('importPlainAtHq needs the embedded HQ (test.use({ tillHq: "embedded" }))');
  const res = await fetch(`${hq.url}/admin/codes/import?campaignId=${campaignId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'text/csv' },
    body: codes.join('\n') + '\n',
  });
  if (!res.ok) throw new Error(`HQ import answered ${res.status}: ${await res.text()}`);
}
