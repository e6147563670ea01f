import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Role } from '../shared/permissions';
import { expect, type Till } from './fixtures/app';

/**
 * UI steps shared by the renderer's specs (cashier, rapid, manager, offline, screenshots):
 * what a person does at the till, through the real screens.
 */

export const SCREENSHOT_DIR = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'screenshots');

/** Saves a screenshot of the whole window to docs/screenshots/<name>.png (linked from the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in screen: the user's tile, the PIN typed as a person types, Enter. */
export async function signInUi(page: Page, till: Till, role: Role): Promise<void> {
  const user = till.users[role];
  await page.getByTestId(`signin-user-${user.id}`).click();
  const pin = page.getByTestId('signin-pin-field');
  await expect(pin).toBeFocused();
  // A person's pace: slower than the wedge detector's scanner threshold.
  await pin.pressSequentially(user.pin, { delay: 110 });
  await expect(pin).toHaveValue(user.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('nav')).toBeVisible();
}

/** Types a code the way a keyboard-wedge scanner does: a burst, a few ms per key, then Enter. */
export async function scanAsScanner(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 3 });
  await page.keyboard.press('Enter');
}

/** Scans in the cashier screen and waits for this scan's verdict (the panel's seq moves on). */
export async function scanAndWait(page: Page, code: string): Promise<'accepted' | 'refused' | 'error'> {
  const verdict = page.getByTestId('verdict');
  const before = Number(await verdict.getAttribute('data-seq'));
  await scanAsScanner(page, code);
  await expect
    .poll(async () => {
      const seq = Number(await verdict.getAttribute('data-seq'));
      const state = await verdict.getAttribute('data-state');
      return seq > before && (state === 'accepted' || state === 'refused' || state === 'error') ? state : null;
    })
    .not.toBeNull();
  return (await verdict.getAttribute('data-state')) as 'accepted' | 'refused' | 'error';
}

/** Sets the basket total as the cashier does (click the field, type, Enter back to scanning). */
export async function enterBasketTotal(page: Page, amount: string): Promise<void> {
  const field = page.getByTestId('basket-total');
  await field.click();
  await field.pressSequentially(amount, { delay: 110 });
  await expect(field).toHaveValue(amount);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-field')).toBeFocused();
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
