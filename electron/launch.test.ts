import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built till and command lines (npm run build:node) start under plain node: what
 * `npm start` and `npm run hq|coupon|till` run. Catches a bundle that builds but cannot start.
 */
const root = join(import.meta.dirname, '..');
const bundle = (name: string) => join(root, 'dist-node', `${name}.js`);

describe('the built till (dist-node/)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-built-'));
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'build', 'buildNode.mjs')], { cwd: root, stdio: 'pipe' });
    // The built till refuses to start without the built screens; in `npm test` the unit stage runs before the renderer build.
    if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
      execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'pipe' });
    }
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the coupon and hq command lines answer from their bundles', () => {
    const inspected = JSON.parse(execFileSync(process.execPath, [bundle('coupon'), 'inspect', 'ABC123', '--json'], { encoding: 'utf8' }));
    expect(inspected).toMatchObject({ kind: 'plain', text: 'ABC123' });
    expect(execFileSync(process.execPath, [bundle('hq'), '--help'], { encoding: 'utf8' })).toContain('run HQ, or administer a running HQ');
  });

  it('the till starts, prints its URL and serves the page and the bridge (built in, no esbuild at run time)', async () => {
    const child = spawn(process.execPath, [bundle('till')], {
      env: { ...process.env, COUPON_TILL_DATA: dataDir, COUPON_TILL_HQ: 'none', COUPON_TILL_DEMO: '0', COUPON_TILL_MANAGER_PIN: '135790' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /(http:\/\/127\.0\.0\.1:\d+\/[^\s']*)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`the till exited (${code}): ${out}`)));
      });
      const origin = new URL(url).origin;
      const bridge = await fetch(`${origin}/till-bridge.js`);
      expect(bridge.status).toBe(200);
      expect(await bridge.text()).toContain('till');
      expect((await fetch(`${origin}/`)).status).toBe(200);
      expect(readFileSync(bundle('till'), 'utf8')).not.toMatch(/from "esbuild"/);
    } finally {
      // A till that already exited (it refused to start) sends no second 'exit': do not wait for one.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 60_000);

  it('the till command line makes the store-LAN certificate from its bundle (selfsigned, CommonJS, imported when needed)', () => {
    // The data folder the till above made.
    const rotated = JSON.parse(execFileSync(process.execPath, [bundle('tillCli'), 'pos-cert', 'rotate', '--data', dataDir, '--json'], { encoding: 'utf8' }));
    expect(rotated).toMatchObject({ rotated: true, previousFingerprint256: null, repinRequired: true });
    expect(rotated.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
