/**
 * bench:soak — a day at the till: the real till (its own Node process, sync running against a
 * real HQ) and Chromium through 10,000 scans: cashier and rapid screens in turns of 250 scans,
 * a new basket with a new total every 5 cashier scans, one repeat refused in every 5 (cashier)
 * or 10 (rapid), the till syncing as it goes, and HQ down for scans 4,500-5,500 (the outbox fills,
 * then drains). Every 500 scans it samples PSS (/proc/<pid>/smaps_rollup) of the till process
 * and of every Chromium process. Goals (issue 13): till PSS after the last scan within 10% of
 * its value after 500; Chromium's the same; verdict p95 of the last 1,000 scans within 20% of
 * the first 1,000. Prints the curve and writes docs/soak.png. Beside each block's p95 it prints
 * the CPU time per scan of the till and of Chromium: on a shared machine the wall-clock p95 moves
 * with the load, CPU per scan does not, so a real slowdown shows there.
 *
 *   npm run bench:soak      (SCANS=10000 by default; a shorter run still prints its goals)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from 'playwright-core';
import { startHq, type RunningHq } from '../hq/server';
import { AdminClient } from '../hq/adminClient';
import { rendererSwitchArgs } from '../electron/rendererSwitches';
import { BENCH_USERS, signIn } from './uiHarness';
import { cpuMs, descendants, pssKb, totalPssKb } from './soakMemory';
import { renderSoakChart, soakSvg, type SoakSample } from './soakChart';

const SCANS = Math.max(1000, Number(process.env.SCANS ?? 10_000));
const SAMPLE_EVERY = 500;
const TURN = 250;
const OUTAGE = { from: Math.round(SCANS * 0.45), to: Math.round(SCANS * 0.55) };
const CHART = resolve('docs/soak.png');

type Screen = 'cashier' | 'rapid';

const sortedPct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const mb = (kb: number) => kb / 1024;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** What the till process reports after a full GC: its JS heap, and the database file SQLite caches pages of. */
interface TillKept {
  heapMb: number;
  externalMb: number;
  dbMb: number;
}

interface SoakTill {
  child: ChildProcess;
  url: string;
  /** A full garbage collection in the till process (it answers when done, with its JS heap and database size). */
  gc(): Promise<TillKept>;
}

async function startTill(dataDir: string, hqUrl: string, token: string): Promise<SoakTill> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', resolve('bench/soakTill.ts'), dataDir, hqUrl, token], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the till process exited (${code}) before serving`)));
    lines.once('line', (line) => ok((JSON.parse(line) as { url: string }).url));
  });
  const gc = () =>
    new Promise<TillKept>((ok) => {
      lines.once('line', (line) => ok(JSON.parse(line) as TillKept));
      child.stdin!.write('gc\n');
    });
  return { child, url, gc };
}

/** The page's own stopwatch: Enter in the scan field to this scan's verdict in the DOM (either screen). */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Probe = { times: number[]; t0: number | null; done: (() => boolean) | null; wake: (() => void) | null };
    const w = window as unknown as { __soak: Probe };
    const p: Probe = (w.__soak = { times: [], t0: null, done: null, wake: null });
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).hasAttribute?.('data-scan-field')) p.t0 = e.timeStamp;
      },
      true,
    );
    new MutationObserver(() => {
      if (p.t0 === null || !p.done?.()) return;
      p.times.push(performance.now() - p.t0);
      p.t0 = null;
      p.done = null;
      p.wake?.();
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-seq', 'data-code'] });
  });
}

/** Arms the probe for one scan: what "its verdict is in the DOM" means on this screen. */
async function arm(page: Page, screen: Screen, code: string): Promise<void> {
  await page.evaluate(
    ([screen, code]) => {
      const w = window as unknown as { __soak: { done: (() => boolean) | null } };
      // (No named arrow functions in here: the bundler would wrap them in a helper the page lacks.)
      const FINAL = ['accepted', 'refused', 'error'];
      if (screen === 'rapid') {
        w.__soak.done = () => {
          const row = document.querySelector('[data-testid="rapid-row"]');
          return row?.getAttribute('data-code') === code && FINAL.includes(row.getAttribute('data-state') ?? '');
        };
      } else {
        const verdict = document.querySelector('[data-testid="verdict"]');
        const seq = verdict?.getAttribute('data-seq') ?? null;
        w.__soak.done = () => {
          const v = document.querySelector('[data-testid="verdict"]');
          return v?.getAttribute('data-seq') !== seq && FINAL.includes(v?.getAttribute('data-state') ?? '');
        };
      }
    },
    [screen, code] as const,
  );
}

async function waitVerdict(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done, fail) => {
        const w = window as unknown as { __soak: { times: number[]; wake: (() => void) | null } };
        const timer = setTimeout(() => fail(new Error(`scan ${n}: no verdict within 30 s`)), 30_000);
        w.__soak.wake = () => {
          if (w.__soak.times.length >= n) {
            clearTimeout(timer);
            done();
          }
        };
        w.__soak.wake();
      }),
    n,
  );
}

async function switchTo(page: Page, screen: Screen): Promise<void> {
  await page.keyboard.press(screen === 'cashier' ? 'Alt+1' : 'Alt+2');
  if (screen === 'rapid') {
    await page.getByTestId('rapid-total').fill('188');
    await page.getByTestId('rapid-total').press('Enter');
  }
  await page.getByTestId('scan-field').focus();
}

async function main(): Promise<void> {
  console.log(`bench:soak: ${SCANS} scans; load average at start ${load()} (2 cores, shared with the other helpers' work)`);
  if (!existsSync(resolve('dist/renderer/index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn' });
  }
  const hqDir = mkdtempSync(join(tmpdir(), 'soak-hq-'));
  const tillDir = mkdtempSync(join(tmpdir(), 'soak-till-'));
  let hq: RunningHq = await startHq({ dataDir: hqDir });
  const hqPort = Number(new URL(hq.url).port);
  const admin = new AdminClient(hq.url, hq.adminToken);
  await admin.ok('POST', '/admin/stores', { id: 's1', name: 'Soak store', timeZone: 'Asia/Shanghai' });
  await admin.ok('POST', '/admin/campaigns', {
    id: 1,
    name: '¥20 off',
    benefit: { type: 'cash', amountOffMinor: 2000 },
    rules: { stacking: { mode: 'combinable', group: 'g', maxPerBasket: 10 } },
  });
  await admin.ok('POST', '/admin/keys/rotate');
  const codes = (await admin.mint(1, SCANS)).map((c) => c.code);
  const till = await startTill(tillDir, hq.url, await admin.enrollmentToken('s1'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...rendererSwitchArgs(),
    ],
  });
  const samples: SoakSample[] = [];
  const kept_: (TillKept & { scans: number })[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(till.url);
    await signIn(page, BENCH_USERS.manager.name, BENCH_USERS.manager.pin);
    await page.getByTestId('scan-field').waitFor();
    await installProbe(page);
    const chromiumPids = () => descendants(process.pid, 'chromium');
    let cpuAt = { scans: 0, till: cpuMs([till.child.pid!]), chromium: cpuMs(chromiumPids()) };
    const cdp = await page.context().newCDPSession(page);
    const sample = async (scans: number, times: number[]) => {
      const chromiumPss = totalPssKb(chromiumPids());
      const tillKb = pssKb(till.child.pid!) ?? NaN;
      // Then again after a full collection in both: what they keep, apart from garbage not yet collected.
      const kept = await till.gc();
      kept_.push({ scans, ...kept });
      await cdp.send('HeapProfiler.collectGarbage');
      const tillGcKb = pssKb(till.child.pid!) ?? NaN;
      const chromiumGc = totalPssKb(chromiumPids());
      const cpu = { scans, till: cpuMs([till.child.pid!]), chromium: cpuMs(chromiumPids()) };
      const per = (k: 'till' | 'chromium') => (scans > cpuAt.scans ? ((cpu[k] - cpuAt[k]) / (scans - cpuAt.scans)).toFixed(1).padStart(5) : '   - ');
      const cpuText = `  CPU/scan till ${per('till')} ms, Chromium ${per('chromium')} ms`;
      cpuAt = cpu;
      const waiting = await page
        .getByTestId('status-pending')
        .getAttribute('data-count')
        .catch(() => null);
      const block = times.slice(-SAMPLE_EVERY);
      const s: SoakSample = {
        scans,
        tillMb: mb(tillKb),
        chromiumMb: mb(chromiumPss.kb),
        chromiumProcesses: chromiumPss.processes,
        tillGcMb: mb(tillGcKb),
        chromiumGcMb: mb(chromiumGc.kb),
        p95Ms: block.length ? sortedPct(block, 95) : null,
        waiting: waiting === null ? null : Number(waiting),
        hqUp: !hqDown,
      };
      samples.push(s);
      const m = (v: number) => v.toFixed(1).padStart(6);
      console.log(
        `  ${String(scans).padStart(6)}  till ${m(s.tillMb)} / ${m(s.tillGcMb)} MB  Chromium ${m(s.chromiumMb)} / ${m(s.chromiumGcMb)} MB (${s.chromiumProcesses} proc)` +
          `  JS heap ${m(kept.heapMb)} MB, db ${m(kept.dbMb)} MB` +
          `  p95 ${s.p95Ms === null ? '   -  ' : s.p95Ms.toFixed(2).padStart(6)} ms  waiting ${String(s.waiting ?? '?').padStart(5)}  HQ ${hqDown ? 'down' : 'up'}${cpuText}  load ${loadavg()[0]!.toFixed(1)}`,
      );
    };
    let hqDown = false;
    console.log("   scans  PSS of the till process and of all of Chromium (as sampled / after a full GC), the last 500 scans' verdict p95, outbox, HQ");
    await sample(0, []);
    let fresh = 0;
    // A repeat of an earlier code (refused: already used). In rapid mode it must come from outside the
    // screen's repeat window (rapidDedupeMs, 1.5 s by default), or the screen rightly ignores it as a
    // double scan and no row comes: the newest code scanned over 3 s ago (50 scans back can be under
    // 1.5 s on a fast till).
    const lastScanned = new Map<string, number>();
    const repeatOf = (on: Screen): string => {
      if (on === 'cashier') return codes[Math.max(0, fresh - 3)]!;
      for (let k = fresh - 50; k >= 0; k--) if (Date.now() - (lastScanned.get(codes[k]!) ?? 0) > 3_000) return codes[k]!;
      return codes[fresh++]!; // none old enough yet: a fresh code instead
    };
    let screen: Screen = 'cashier';
    const started = Date.now();
    for (let i = 0; i < SCANS; i++) {
      if (i % TURN === 0) {
        screen = (i / TURN) % 2 === 0 ? 'cashier' : 'rapid';
        await switchTo(page, screen);
      }
      if (screen === 'cashier' && i % 5 === 0) {
        await page.keyboard.press('F2');
        await page.getByTestId('basket-total').fill(String(100 + (i % 7) * 10));
        await page.getByTestId('scan-field').focus();
      }
      if (i === OUTAGE.from) {
        await hq.close();
        hqDown = true;
      }
      if (i === OUTAGE.to) {
        hq = await startHq({ dataDir: hqDir, port: hqPort });
        hqDown = false;
      }
      const repeat = screen === 'cashier' ? i % 5 === 4 : i % 10 === 9;
      const code = repeat ? repeatOf(screen) : codes[fresh++]!;
      lastScanned.set(code, Date.now());
      await arm(page, screen, code);
      await page.keyboard.insertText(code);
      await page.keyboard.press('Enter');
      await waitVerdict(page, i + 1);
      if ((i + 1) % SAMPLE_EVERY === 0) await sample(i + 1, await page.evaluate(() => (window as unknown as { __soak: { times: number[] } }).__soak.times));
    }
    const wallS = (Date.now() - started) / 1000;
    const times = await page.evaluate(() => (window as unknown as { __soak: { times: number[] } }).__soak.times);
    await page.getByTestId('status-pending').waitFor();
    report(samples, times, wallS, kept_);
    await renderSoakChart(
      browser,
      soakSvg(
        samples,
        OUTAGE,
        `bench:soak: ${SCANS.toLocaleString('en')} scans, cashier and rapid screens, HQ down ${OUTAGE.from}-${OUTAGE.to} (load ${load()})`,
      ),
      CHART,
    );
    console.log(`  chart: ${CHART}`);
  } finally {
    await browser.close().catch(() => undefined);
    const exited = new Promise((ok) => till.child.once('exit', ok));
    till.child.stdin!.end();
    await exited;
    await hq.close().catch(() => undefined);
    rmSync(hqDir, { recursive: true, force: true });
    rmSync(tillDir, { recursive: true, force: true });
  }
}

function report(samples: SoakSample[], times: number[], wallS: number, kept: (TillKept & { scans: number })[]): void {
  const base = samples.find((s) => s.scans === SAMPLE_EVERY)!;
  const last = samples.at(-1)!;
  const first1k = sortedPct(times.slice(0, 1000), 95);
  const last1k = sortedPct(times.slice(-1000), 95);
  const ratio = (a: number, b: number) => a / b;
  const within = (r: number, pct: number) => Math.abs(r - 1) <= pct / 100;
  console.log(
    `\n  ${times.length} verdicts in ${wallS.toFixed(0)} s; p50 ${sortedPct(times, 50).toFixed(2)} ms, p95 ${sortedPct(times, 95).toFixed(2)} ms over the run`,
  );
  console.log(`  load average at the end ${load()} (2 cores)`);
  const latR = ratio(last1k, first1k);
  const goal = (who: string, key: 'tillMb' | 'tillGcMb' | 'chromiumMb' | 'chromiumGcMb', how: string) => {
    const r = ratio(last[key], base[key]);
    console.log(
      `  goal ${who} PSS after ${last.scans} within 10% of after ${base.scans}, ${how}: ${within(r, 10) ? 'PASS' : 'MISS'} (${base[key].toFixed(1)} -> ${last[key].toFixed(1)} MB, ${r.toFixed(3)}x)`,
    );
  };
  goal('till', 'tillMb', 'as sampled');
  goal('till', 'tillGcMb', 'after a full GC');
  goal('Chromium', 'chromiumMb', 'as sampled');
  goal('Chromium', 'chromiumGcMb', 'after a full GC (page heap)');
  // Told apart, for the PSS goals above: a leak grows the JS heap; SQLite's page cache grows with the
  // database file it caches, up to cache_size (8 MB since decision 085; 64 MB before), and then stays.
  const k0 = kept.find((k) => k.scans === base.scans)!;
  const k1 = kept.at(-1)!;
  console.log(
    `  the till after a full GC: JS heap + external ${(k0.heapMb + k0.externalMb).toFixed(1)} -> ${(k1.heapMb + k1.externalMb).toFixed(1)} MB (${((k1.heapMb + k1.externalMb) / (k0.heapMb + k0.externalMb)).toFixed(3)}x); database file ${k0.dbMb.toFixed(1)} -> ${k1.dbMb.toFixed(1)} MB (SQLite caches its pages, up to 8 MB)`,
  );
  console.log(
    `  goal verdict p95 of the last 1,000 within 20% of the first 1,000: ${latR <= 1.2 ? 'PASS' : 'MISS'} (${first1k.toFixed(2)} -> ${last1k.toFixed(2)} ms, ${latR.toFixed(3)}x)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
