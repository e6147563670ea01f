/**
 * `npm run bench:launch`: how fast the till starts, from the built JavaScript (npm run build)
 * against today's path (tsx compiling TypeScript at every start) as the control, in one run.
 *   - launch -> sign-in screen rendered (goal <= 700 ms): from spawning the till to the sign-in
 *     screen visible in an already-open Chromium (the kiosk browser's own start is not counted).
 *     Every page opens in one browser context, as a kiosk's Chromium keeps its profile (HTTP and
 *     code cache) across till restarts. Beside it, the floor: the same Chromium opening a one-line
 *     page from a bare HTTP server (what no till can go under on this machine);
 *   - PIN Enter -> scan field ready (goal <= 80 ms): in the page, from the Enter keydown to the
 *     focused scan field, measured by the page itself;
 *   - an admin CLI command (goal <= 400 ms): `hq admin redemptions list` against the demo's HQ.
 * Each path runs RUNS times, interleaved; medians printed with PASS/MISS and the load average.
 * Options: --runs N (default 7), --json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { demoHqDir } from '../electron/demo/boot';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 7) || 7;
const JSON_OUT = args.includes('--json');

interface Path {
  name: string;
  till: string[];
  cli: string[];
}
const node = process.execPath;
const PATHS: Path[] = [
  { name: 'built (node dist-node/till.js)', till: [node, join(root, 'dist-node/till.js')], cli: [node, join(root, 'dist-node/hq.js')] },
  { name: 'npm start / npm run hq (built)', till: ['npm', 'start', '--silent'], cli: ['npm', 'run', '--silent', 'hq', '--'] },
  {
    name: "control: today's path (tsx)",
    till: [node, '--import', 'tsx', join(root, 'electron/launch.ts')],
    cli: [node, '--import', 'tsx', join(root, 'hq/cli.ts')],
  },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : NaN;
};

function startTill(cmd: string[], dataDir: string): { child: ChildProcess; url: Promise<string>; hq: Promise<void> } {
  const child = spawn(cmd[0]!, cmd.slice(1), {
    cwd: root,
    env: { ...process.env, COUPON_TILL_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const url = new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /\s(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    child.once('exit', (code) => fail(new Error(`the till exited (${code}): ${out.slice(-500)}`)));
  });
  // A later start brings the demo HQ up a second after serving (decision 055): the CLI waits for it.
  const hq = new Promise<void>((ok) => child.stdout!.on('data', () => /Embedded HQ: /.test(out) && ok()));
  return { child, url, hq };
}

async function stopTill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // The whole group: `npm start` runs the till under npm and sh.
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  await new Promise((r) => setTimeout(r, 200));
}

/** One start: spawn -> URL printed -> sign-in visible; then the cashier's PIN -> scan field focused. */
async function oneLaunch(browser: BrowserContext, path: Path, dataDir: string): Promise<{ url: number; signIn: number; pinToScan: number }> {
  const page = await browser.newPage();
  const t0 = performance.now();
  const till = startTill(path.till, dataDir);
  try {
    const url = await till.url;
    const tUrl = performance.now();
    await page.goto(url);
    await page.getByTestId('signin-screen').waitFor({ state: 'visible' });
    const tSignIn = performance.now();
    await page.locator('[data-testid^="signin-user-"]', { hasText: 'Cashier' }).first().click();
    const pin = page.getByTestId('signin-pin-field');
    await pin.pressSequentially('1111', { delay: 110 });
    // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
    await page.evaluate(`(() => {
      window.__readyAt = new Promise((ok) => {
        const check = () => {
          const el = document.activeElement;
          if (el && el.dataset && el.dataset.testid === 'scan-field') ok(performance.now());
          else requestAnimationFrame(check);
        };
        document.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter') return;
          window.__enterAt = performance.now();
          document.addEventListener('focusin', check);
          new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
        }, { capture: true, once: true });
      });
    })()`);
    await page.keyboard.press('Enter');
    const pinToScan = (await page.evaluate('window.__readyAt.then((t) => t - window.__enterAt)')) as number;
    return { url: tUrl - t0, signIn: tSignIn - t0, pinToScan };
  } finally {
    await page.close();
    await stopTill(till.child);
  }
}

function oneCli(path: Path, dataDir: string): number {
  const hqUrl = `http://127.0.0.1:${readFileSync(join(demoHqDir(dataDir), 'port'), 'utf8').trim()}`;
  const cmd = [...path.cli, 'admin', 'redemptions', 'list', '--limit', '1', '--url', hqUrl, '--token-file', join(demoHqDir(dataDir), 'admin-token'), '--json'];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr || r.stdout}`);
  return ms;
}

/** Chromium alone: a one-line page from a bare HTTP server, opened and visible. */
async function chromiumFloor(browser: BrowserContext): Promise<number> {
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p id="floor">till</p>'));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const page = await browser.newPage();
  try {
    const t0 = performance.now();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.locator('#floor').waitFor({ state: 'visible' });
    return performance.now() - t0;
  } finally {
    await page.close();
    server.close();
  }
}

async function main(): Promise<void> {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'till-bench-launch-'));
  const chromiumProcess = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const browser = await chromiumProcess.newContext({ viewport: { width: 1280, height: 800 } });
  const load = [loadavg()];
  const results = PATHS.map(() => ({ url: [] as number[], signIn: [] as number[], pinToScan: [] as number[], cli: [] as number[] }));
  const floor: number[] = [];
  try {
    // First run seeds the demo (embedded HQ, users, codes): not measured.
    const first = startTill(PATHS[0]!.till, dataDir);
    await first.url;
    await stopTill(first.child);
    for (let run = 0; run < RUNS; run++) {
      floor.push(await chromiumFloor(browser));
      for (const [i, path] of PATHS.entries()) {
        const r = await oneLaunch(browser, path, dataDir);
        results[i]!.url.push(r.url);
        results[i]!.signIn.push(r.signIn);
        results[i]!.pinToScan.push(r.pinToScan);
      }
    }
    // The CLI needs the demo's HQ up: one till runs while the command lines are timed.
    const up = startTill(PATHS[0]!.till, dataDir);
    await up.url;
    await up.hq;
    try {
      for (let run = 0; run < RUNS; run++) for (const [i, path] of PATHS.entries()) results[i]!.cli.push(oneCli(path, dataDir));
    } finally {
      await stopTill(up.child);
    }
  } finally {
    await chromiumProcess.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(demoHqDir(dataDir), { recursive: true, force: true });
  }
  load.push(loadavg());
  report(results, median(floor), load);
}

function report(results: { url: number[]; signIn: number[]; pinToScan: number[]; cli: number[] }[], floorMs: number, load: number[][]): void {
  const rows = PATHS.map((p, i) => ({
    path: p.name,
    urlPrintedMs: median(results[i]!.url),
    signInRenderedMs: median(results[i]!.signIn),
    pinToScanReadyMs: median(results[i]!.pinToScan),
    adminCliMs: median(results[i]!.cli),
  }));
  const goals = { signInRenderedMs: 700, pinToScanReadyMs: 80, adminCliMs: 400 };
  if (JSON_OUT) {
    console.log(JSON.stringify({ runs: RUNS, rows, goals, chromiumFloorMs: floorMs, loadAverage: load }));
    return;
  }
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    `bench:launch — medians of ${RUNS} interleaved runs; load average ${load[0]!.map((l) => l.toFixed(2)).join(' ')} -> ${load[1]!.map((l) => l.toFixed(2)).join(' ')} (2 cores)`,
  );
  console.log(['path'.padEnd(34), 'URL printed', 'sign-in rendered', 'PIN -> scan ready', 'admin CLI'].join(' | '));
  for (const r of rows)
    console.log(
      [
        r.path.padEnd(34),
        f(r.urlPrintedMs).padStart(11),
        f(r.signInRenderedMs).padStart(16),
        r.pinToScanReadyMs.toFixed(1).padStart(14) + ' ms',
        f(r.adminCliMs).padStart(9),
      ].join(' | '),
    );
  console.log(`floor: Chromium opening a one-line page from a bare HTTP server ${f(floorMs)} (inside every sign-in figure; not the till's)`);
  const built = rows[0]!;
  const control = rows[2]!;
  for (const [key, goal] of Object.entries(goals) as [keyof typeof goals, number][]) {
    const v = built[key];
    console.log(
      `${key.padEnd(18)} goal <= ${goal} ms: built ${v.toFixed(1)} ms ${v <= goal ? 'PASS' : 'MISS'} (npm path ${rows[1]![key].toFixed(1)} ms; control ${control[key].toFixed(1)} ms, ${(control[key] / v).toFixed(2)}x)`,
    );
  }
}

await main();
