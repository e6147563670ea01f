import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElectronStandIn, type StandInRecord } from './testing/electronStandIn';
import { FIRST_MANAGER_PIN, shellChecks } from './testing/shellChecks';
import { requireWithStandIn, runSandboxedPreload, waitForStart } from './testing/shellHarness';

/**
 * The BUILT Electron bundles (npm run build:electron) started under plain Node with the stand-in
 * `electron`: what a packaged till would run. Catches "it builds but cannot start" (module format,
 * a missing external, a preload that needs more than 'electron') that no Electron binary here can.
 */
const root = join(import.meta.dirname, '..');
const mainJs = join(root, 'dist-electron', 'electron', 'main.js');
const preloadJs = join(root, 'dist-electron', 'electron', 'preload.js');

describe('the built Electron bundles under a stand-in electron', () => {
  const { module: electron, record } = createElectronStandIn({ isPackaged: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-shell-bundle-'));
  const saved = { ...process.env };
  let undo = () => undefined as void;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'build', 'buildElectron.mjs')], { cwd: root, stdio: 'pipe' });
    Object.assign(process.env, { COUPON_TILL_DATA: dataDir, COUPON_TILL_HQ: 'none', COUPON_TILL_DEMO: '0', COUPON_TILL_MANAGER_PIN: FIRST_MANAGER_PIN });
    undo = requireWithStandIn(mainJs, electron);
    record.ready();
    await waitForStart(record);
    runSandboxedPreload(preloadJs, electron);
  }, 120_000);

  afterAll(async () => {
    record.app.emit('before-quit', { preventDefault() {} });
    await new Promise((r) => setTimeout(r, 100));
    undo();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('main.js is CommonJS to Node (dist-electron/package.json), and the preload a single file', () => {
    expect(JSON.parse(readFileSync(join(root, 'dist-electron', 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    expect(readFileSync(preloadJs, 'utf8')).not.toMatch(/require\((?!"electron"\))/);
    expect(existsSync((record.windowOptions[0]!.webPreferences as { preload: string }).preload)).toBe(true);
  });

  it('start-up: Chromium switches before ready, permissions and the app scheme set, no quit or exit', () => {
    expect(record.switches.length).toBeGreaterThan(0);
    expect(record.protocolHandlers.has('app')).toBe(true);
    expect(record.quit).toBe(false);
    expect(record.exitCode).toBeNull();
  });

  shellChecks((): StandInRecord => record);
});
