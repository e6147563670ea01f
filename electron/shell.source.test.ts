import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, vi } from 'vitest';
import { FIRST_MANAGER_PIN, shellChecks } from './testing/shellChecks';
import { waitForStart } from './testing/shellHarness';

/** The shell's sources (main.ts, window.ts, preload.ts) with the stand-in as `electron`: the same checks as the built bundles. */
const standIn = await vi.hoisted(async () => (await import('./testing/electronStandIn')).createElectronStandIn());
vi.mock('electron', () => ({ ...standIn.module, default: standIn.module }));

describe('the Electron shell sources under a stand-in electron', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-shell-source-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { COUPON_TILL_DATA: dataDir, COUPON_TILL_HQ: 'none', COUPON_TILL_DEMO: '0', COUPON_TILL_MANAGER_PIN: FIRST_MANAGER_PIN });
    await import('./main');
    standIn.record.ready();
    await waitForStart(standIn.record);
    await import('./preload');
  }, 60_000);

  afterAll(async () => {
    standIn.record.app.emit('before-quit', { preventDefault() {} });
    await new Promise((r) => setTimeout(r, 100));
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  shellChecks(() => standIn.record);
});
