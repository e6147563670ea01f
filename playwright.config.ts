import { defineConfig } from '@playwright/test';

/**
 * E2E against the real app: the Node host + Chromium here (/usr/bin/chromium), or Electron via
 * `_electron` where node_modules/electron/dist exists. Every test gets a fresh data folder
 * (e2e/fixtures/app.ts). The renderer must be built first (`npm run test:e2e` does it).
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/globalSetup.ts',
  outputDir: 'test-results',
  // The build machine has 2 cores shared by several engineers: one worker keeps timings honest.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    // Playwright's own browsers cannot be downloaded here: the built-in `browser` fixture uses
    // the system Chromium too (e2e/fixtures/app.ts launches it the same way).
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
