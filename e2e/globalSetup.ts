import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, HAS_ELECTRON } from './fixtures/app';

/**
 * Warms Chromium once before the first spec. On a fresh CI machine the first launch of the
 * system Chromium read its binary and libraries from a cold disk: a clean-clone run spent 49 s
 * in "Launch browser" inside the first spec's 60 s budget (camera: clean), while later launches
 * take about 1 s. The warm-up pays that once, outside every test's timeout, and prints what it took.
 */
export default async function globalSetup(): Promise<void> {
  if (HAS_ELECTRON) return;
  const started = Date.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, timeout: 180_000 });
  const page = await browser.newPage();
  await page.setContent('<p>warm</p>');
  await browser.close();
  console.log(`e2e: Chromium warmed in ${Date.now() - started} ms`);
}
