import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningHq } from '../../hq/server';
import { openTillApp, type TillApp, type TillAppOptions } from '../app';
import type { FetchLike } from '../services/sync/hqClient';
import { isSeeded, seedDemoViaHq, type DemoHq, type DemoSeed } from './seed';
import { seedDemoLocally } from './seedLocal';

export interface BootOptions extends TillAppOptions {
  /** 'embedded': run the reference HQ in this process on dataDir/hq (the demo); 'none': no HQ. */
  hq: 'embedded' | 'none';
  /** Seed the demo on first run (default true). */
  demo?: boolean;
  /** Without the demo, the first run creates one manager with this PIN (COUPON_TILL_MANAGER_PIN). */
  firstManagerPin?: string;
  /**
   * Start the embedded HQ, background sync and the POS API once the windows have made no call for quietMs
   * (and at the latest maxMs after boot) instead of at once; a first run starts them at once (it
   * needs HQ to seed). The launch serves the sign-in first: loading HQ's server and the first
   * pull (fetch, its parser, the rule-set apply) then never land between a cashier's PIN and the
   * scan screen (decision 055). Absent: everything starts before bootTill returns.
   */
  deferBackground?: { quietMs: number; maxMs: number };
}

export interface BootedTill {
  app: TillApp;
  /** The embedded HQ, when running. */
  hq: RunningHq | null;
  /** What the first run seeded (null on later runs). */
  seeded: DemoSeed | null;
  /** Stops the embedded HQ (the till goes offline) and starts it again on the same port. */
  stopHq(): Promise<void>;
  startHq(): Promise<void>;
  /** Resolves once the embedded HQ (when wanted) is up and background sync started. */
  background: Promise<void>;
  close(): Promise<void>;
}

/**
 * The demo HQ's own folder, "<till data folder>.hq": beside the till's data, never inside it, so
 * a copy of the till's folder does not carry HQ's master.key (which opens HQ's issuing keys).
 */
export function demoHqDir(dataDir: string): string {
  return `${resolve(dataDir)}.hq`;
}

function hqPortFile(dataDir: string): string {
  return join(demoHqDir(dataDir), 'port');
}

/** A demo from before the move kept HQ in "<till data>/hq": move it out (same disk, one rename). */
function moveOldDemoHq(dataDir: string): void {
  const old = join(dataDir, 'hq');
  if (existsSync(old) && !existsSync(demoHqDir(dataDir))) renameSync(old, demoHqDir(dataDir));
}

async function startEmbeddedHq(dataDir: string, now?: () => number): Promise<RunningHq> {
  moveOldDemoHq(dataDir);
  const dir = demoHqDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = hqPortFile(dataDir);
  // The till stored HQ's URL at enrollment: the embedded HQ keeps its first port across runs.
  const port = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || 0 : 0;
  // Loaded when first needed: HQ's server (Fastify, its routes, its schemas) is most of what a
  // start would otherwise parse, and the till's sign-in needs none of it (decision 055).
  const { startHq } = await import('../../hq/server');
  const hq = await startHq({ dataDir: dir, port, ...(now ? { now } : {}) });
  writeFileSync(file, String(new URL(hq.url).port) + '\n');
  return hq;
}

function adminClient(hq: RunningHq, fetchImpl: typeof fetch): DemoHq {
  return {
    url: hq.url,
    async post(path, body, contentType = 'application/json') {
      const res = await fetchImpl(hq.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': contentType },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`HQ ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : null;
    },
  };
}

/**
 * Opens the till (and, for the demo, the embedded HQ), seeding the demo on first run. Used by
 * Electron's main and by the Node host alike.
 */
export async function bootTill(opts: BootOptions): Promise<BootedTill> {
  const app = openTillApp({ ...opts, startSync: false });
  let hq: RunningHq | null = null;
  let seeded: DemoSeed | null = null;
  const firstRun = !isSeeded(app);
  // The embedded HQ belongs to the demo: started for a first-run demo, or when a demo made one.
  const wantHq =
    opts.hq === 'embedded' && ((firstRun && opts.demo !== false) || existsSync(hqPortFile(opts.dataDir)) || existsSync(join(opts.dataDir, 'hq', 'port')));
  try {
    if (wantHq && (firstRun || opts.deferBackground === undefined)) hq = await startEmbeddedHq(opts.dataDir, opts.now);
    if (firstRun && opts.demo === false) await createFirstManager(app, opts.firstManagerPin);
    else if (firstRun) {
      const now = (opts.now ?? Date.now)();
      const fetchImpl = (opts.fetch as unknown as typeof fetch | undefined) ?? fetch;
      seeded = hq ? await seedDemoViaHq(app, adminClient(hq, fetchImpl), opts.dataDir, now) : await seedDemoLocally(app, opts.dataDir, now);
    }
    // Loopback by default, off when a manager switched it off; a taken port is reported, not fatal.
    if (opts.deferBackground === undefined || firstRun) await app.startPosApi();
  } catch (err) {
    await hq?.close();
    await app.close();
    throw err;
  }
  let closed = false;
  async function startBackground(): Promise<void> {
    if (closed) return;
    try {
      if (wantHq && !booted.hq) booted.hq = await startEmbeddedHq(opts.dataDir, opts.now);
    } catch (err) {
      // The till works offline without its demo HQ; sync keeps trying the address it has.
      console.error('the embedded HQ did not start:', err instanceof Error ? err.message : err);
    }
    if (!closed && opts.startSync !== false) app.sync.start();
    if (!closed && opts.deferBackground !== undefined && !firstRun) await app.startPosApi();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeNow = () => {};
  const defer = firstRun ? undefined : opts.deferBackground;
  const booted: BootedTill = {
    app,
    hq,
    seeded,
    background: Promise.resolve(),
    async stopHq() {
      await booted.hq?.close();
      booted.hq = null;
    },
    async startHq() {
      if (!booted.hq) booted.hq = await startEmbeddedHq(opts.dataDir, opts.now);
      void app.sync.syncNow();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      wakeNow();
      await booted.background.catch(() => undefined);
      await app.close();
      await booted.hq?.close();
    },
  };
  if (defer === undefined) await startBackground();
  else booted.background = whenQuiet(app, defer, (t, wake) => ((timer = t), (wakeNow = wake))).then(startBackground);
  return booted;
}

/**
 * Resolves once the app has served no call for quietMs (checked every quarter of it), or maxMs
 * after now. Counts calls by wrapping app.api.call. `track` gets the timer and a wake-up (close).
 */
function whenQuiet(
  app: TillApp,
  { quietMs, maxMs }: { quietMs: number; maxMs: number },
  track: (timer: ReturnType<typeof setTimeout>, wake: () => void) => void,
): Promise<void> {
  const started = Date.now();
  let lastCall = started;
  const call = app.api.call.bind(app.api);
  app.api.call = (channel, sender, payload) => {
    lastCall = Date.now();
    return call(channel, sender, payload);
  };
  return new Promise<void>((resolve) => {
    const check = () => {
      const now = Date.now();
      if (now - lastCall >= quietMs || now - started >= maxMs) return resolve();
      track(setTimeout(check, Math.min(quietMs / 4, 250)), resolve);
    };
    track(setTimeout(check, quietMs), resolve);
  });
}

/** A till with no users and no demo: someone must be able to sign in and create the others. */
async function createFirstManager(app: TillApp, pin: string | undefined): Promise<void> {
  if (!pin || !/^\d{6,8}$/.test(pin)) {
    throw new Error('First run without the demo: set COUPON_TILL_MANAGER_PIN (6 to 8 digits) for the first manager, who then creates the other users.');
  }
  await app.auth.createUser('system', { name: 'Manager', role: 'manager', pin });
}

export type { FetchLike };
