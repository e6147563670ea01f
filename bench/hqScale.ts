/**
 * HQ at chain scale on PostgreSQL (issue 15), run by `npm run bench:hq` when a database URL is given
 * (or alone: `tsx bench/hqScale.ts --database-url postgres://...`): TILLS tills in STORES stores push
 * PER_TILL redemptions each (5% of codes redeemed at 2-3 tills of other stores), 64 pushes in flight,
 * over 1, 2 and 4 HQ processes (child processes on one database). Prints ingest/s, p50/p99 push
 * latency, lock waits sampled from pg_stat_activity every 10 ms (goal: none over 100 ms), the
 * throughput ratio 2 vs 1 processes (goal >= 1.3x), and the load average before and after each run.
 * Then an incremental pull of one store's hour against a pull of that store's whole day (the control).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PullResponse } from '../shared/sync';
import { AdminClient } from '../hq/adminClient';
import { startHq } from '../hq/server';

const { values: args } = parseArgs({
  options: { 'database-url': { type: 'string' }, tills: { type: 'string' }, 'per-till': { type: 'string' }, processes: { type: 'string' } },
  strict: false,
});
const TILLS = Number(args.tills ?? 2000);
const PER_TILL = Number(args['per-till'] ?? 50);
const STORES = 50;
const IN_FLIGHT = 64;
const BATCH = 25;
const PROCESS_COUNTS = String(args.processes ?? '1,2,4')
  .split(',')
  .map(Number);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** CPU seconds used so far by the given processes (/proc, Linux): HQ children and PostgreSQL's backends. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

function postgresPids(): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

/** Where the CPU went during `work`: HQ processes, PostgreSQL, this bench's client, in cores used on average. */
async function cpuDuring<T>(hqPids: number[], work: () => Promise<T>): Promise<{ out: T; text: string }> {
  const pgBefore = new Map(postgresPids().map((p) => [p, cpuSeconds([p])]));
  const hqBefore = cpuSeconds(hqPids);
  const me = process.cpuUsage();
  const t0 = performance.now();
  const out = await work();
  const wall = (performance.now() - t0) / 1000;
  const pgUsed = postgresPids().reduce((s, p) => s + cpuSeconds([p]) - (pgBefore.get(p) ?? 0), 0);
  const mine = process.cpuUsage(me);
  const cores = (x: number) => (x / wall).toFixed(2);
  return {
    out,
    text: `CPU in cores: HQ ${cores(cpuSeconds(hqPids) - hqBefore)}, PostgreSQL ${cores(pgUsed)}, bench client ${cores((mine.user + mine.system) / 1e6)} of ${os.cpus().length}`,
  };
}

interface Till {
  tillId: string;
  storeId: string;
  credential: string;
}

function serveChild(url: string, schema: string, dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'hq/cli.ts', 'serve', '--database-url', url, '--pg-schema', schema, '--data', dataDir, '--port', '0', '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, proc });
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`HQ exited (${code}): ${out}`)));
  });
}

/** A database of its own, so the lock sampling sees only this bench's backends. */
async function benchDatabase(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const exists = await c.query(`select 1 from pg_database where datname = 'hq_bench'`);
  if (exists.rowCount === 0) await c.query('create database hq_bench');
  await c.end();
  const u = new URL(url);
  u.pathname = '/hq_bench';
  return u.toString();
}

async function seed(url: string, schema: string, dataDir: string): Promise<Till[]> {
  const hq = await startHq({ databaseUrl: url, pgSchema: schema, dataDir });
  const admin = new AdminClient(hq.url, hq.adminToken);
  for (let s = 0; s < STORES; s++) await admin.ok('POST', '/admin/stores', { id: `s${s}`, name: `Store ${s}`, timeZone: 'Asia/Shanghai' });
  await admin.ok('POST', '/admin/campaigns', { id: 1, name: 'Bench', benefit: { type: 'cash', amountOffMinor: 500 }, rules: {} });
  const tills: Till[] = [];
  const work = Array.from({ length: TILLS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = work.shift(); i !== undefined; i = work.shift()) {
        const storeId = `s${i % STORES}`;
        const token = (await admin.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId })).enrollmentToken;
        const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
        tills.push({ ...((await res.json()) as { tillId: string; credential: string }), storeId });
      }
    }),
  );
  await hq.close();
  return tills;
}

/** Every till's batches for one run: serials from `base`; 5% of codes shared by 2-3 tills of other stores. */
function uploads(tills: Till[], base: number, perTill = PER_TILL): string[][] {
  const start = 1_700_000_000_000;
  return tills.map((t, ti) => {
    const items: RedemptionUpload[] = Array.from({ length: perTill }, (_, i) => {
      const shared = (ti * PER_TILL + i) % 20 === 0;
      const serial = shared ? base + (((ti % 3) + Math.floor(ti / 3) * 3 * PER_TILL + i) % (TILLS * PER_TILL)) : base + ti * PER_TILL + i;
      return {
        id: newId(),
        kind: 'redeem',
        voidsId: null,
        couponKey: `s:1:${serial}`,
        campaignId: 1,
        storeId: t.storeId,
        tillId: t.tillId,
        cashierId: 'c1',
        basketId: newId(),
        basketTotalMinor: 10_000,
        discountMinor: 500,
        memberId: null,
        source: 'hid-pos',
        hlc: encodeHlc({ wallMs: start + i * 1000 + ti, counter: 0, node: t.tillId }),
        createdAt: start + i * 1000,
        reason: null,
        approvedBy: null,
      };
    });
    const out: string[] = [];
    for (let i = 0; i < items.length; i += BATCH) out.push(JSON.stringify({ items: items.slice(i, i + BATCH) }));
    return out;
  });
}

/**
 * Samples backends waiting on a lock every 10 ms (pg_stat_activity joined to pg_locks): the longest
 * wait seen (ms, from the waiting statement's start), the p99 of wait episodes (one per backend and
 * statement), the mean number waiting, and, for waits over 100 ms, what they wait on (lock type,
 * table) and what the blocking backend is doing then.
 */
function sampleLocks(url: string): {
  stop(): Promise<{ maxMs: number; p99Ms: number; episodes: number; meanWaiting: number; samples: number; worst: string }>;
} {
  const c = new pg.Client({ connectionString: url });
  let running = true;
  let maxMs = 0;
  let waiting = 0;
  let samples = 0;
  const over = new Map<string, number>();
  const episodes = new Map<string, number>();
  const loop = (async () => {
    await c.connect();
    while (running) {
      const r = await c
        .query<{ pid: number; qs: string; ms: number; q: string; ev: string; lt: string | null; rel: string | null; bq: string | null }>(
          `select a.pid, a.query_start::text as qs, extract(epoch from (clock_timestamp() - a.query_start)) * 1000 as ms,
                left(a.query, 60) as q, a.wait_event as ev, l.locktype as lt, l.relation::regclass::text as rel,
                (select b.state || ' ' || coalesce(b.wait_event, '-') || ': ' || left(b.query, 50) from pg_stat_activity b
                  where b.pid = (pg_blocking_pids(a.pid))[1] limit 1) as bq
           from pg_stat_activity a left join pg_locks l on l.pid = a.pid and not l.granted
          where a.datname = current_database() and a.wait_event_type = 'Lock'`,
        )
        // A sample that fails (a backend gone mid-read) is skipped, never the run.
        .catch(() => null);
      await new Promise((res) => setTimeout(res, 10));
      if (!r) continue;
      samples++;
      waiting += r.rows.length;
      for (const w of r.rows) {
        const ms = Number(w.ms);
        const key = `${w.pid}@${w.qs}`;
        episodes.set(key, Math.max(episodes.get(key) ?? 0, ms));
        const what = `${w.lt ?? w.ev}${w.rel ? ` on ${w.rel}` : ''}: ${w.q.replace(/\s+/g, ' ')} <- blocked by [${(w.bq ?? '?').replace(/\s+/g, ' ')}]`;
        if (ms > 100) over.set(what, (over.get(what) ?? 0) + 1);
        maxMs = Math.max(maxMs, ms);
      }
    }
    await c.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const worst = [...over].sort((a, b) => b[1] - a[1]).slice(0, 4);
      const eps = [...episodes.values()];
      return {
        maxMs,
        p99Ms: pct(eps, 99),
        episodes: eps.length,
        meanWaiting: samples ? waiting / samples : 0,
        samples,
        worst: worst.map(([w, n]) => `\n      ${n}x ${w}`).join('') || 'none',
      };
    },
  };
}

async function ingest(urls: string[], tills: Till[], batches: string[][]): Promise<{ rate: number; p50: number; p99: number }> {
  const jobs = tills.flatMap((t, ti) => batches[ti]!.map((body) => ({ t, body })));
  // Interleave tills so 64 in flight come from many stores, as after an outage.
  jobs.sort((a, b) => (a.body.length % 7) - (b.body.length % 7) || a.t.tillId.localeCompare(b.t.tillId));
  const latencies: number[] = [];
  let next = 0;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, w) => {
      for (let j = next++; j < jobs.length; j = next++) {
        const { t, body } = jobs[j]!;
        const t0 = performance.now();
        const res = await fetch(`${urls[(j + w) % urls.length]}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.credential}`, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
        count += ((await res.json()) as { results: unknown[] }).results.length;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: count / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** A till's pulls from a cursor to the head: entries' bytes and time. */
async function pullFrom(url: string, till: Till, since: { chain: number; store: number }): Promise<{ bytes: number; ms: number; pages: number }> {
  let bytes = 0;
  let pages = 0;
  const t0 = performance.now();
  let c = since;
  for (;;) {
    const res = await fetch(`${url}/v1/sync/pull?since=${c.chain}&store=${c.store}&limit=10000`, {
      headers: { authorization: `Bearer ${till.credential}`, 'accept-encoding': 'gzip' },
    });
    const text = await res.text();
    bytes += text.length;
    const body = JSON.parse(text) as PullResponse;
    if (!body.update) break;
    pages++;
    c = { chain: body.update.toVersion, store: body.update.storeToVersion ?? body.update.toVersion };
    if (!body.more) break;
  }
  return { bytes, ms: performance.now() - t0, pages };
}

export async function benchHqScale(baseUrl: string): Promise<void> {
  const url = await benchDatabase(baseUrl);
  console.log(
    `\nHQ at chain scale (PostgreSQL, ${os.cpus().length} cores): ${TILLS} tills in ${STORES} stores x ${PER_TILL} redemptions, ${IN_FLIGHT} in flight`,
  );
  const rates = new Map<number, number>();
  for (const n of PROCESS_COUNTS) {
    const schema = `bench_scale_${n}_${Date.now().toString(36)}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-scale-'));
    const tills = await seed(url, schema, dataDir);
    const children = await Promise.all(Array.from({ length: n }, () => serveChild(url, schema, dataDir)));
    try {
      const batches = uploads(tills, 1_000_000);
      const loadBefore = load();
      const locks = sampleLocks(url);
      const { out: r, text: cpu } = await cpuDuring(
        children.map((c) => c.proc.pid!),
        () =>
          ingest(
            children.map((c) => c.url),
            tills,
            batches,
          ),
      );
      const l = await locks.stop();
      rates.set(n, r.rate);
      console.log(
        `  ${n} HQ process${n > 1 ? 'es' : ''}: ${Math.round(r.rate)} redemptions/s, push p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; ` +
          `lock waits: longest ${l.maxMs.toFixed(0)} ms, p99 ${l.p99Ms.toFixed(0)} ms of ${l.episodes} waits, ${l.meanWaiting.toFixed(2)} waiting on average (${l.samples} samples); load ${loadBefore} -> ${load()}\n` +
          `    ${cpu}\n` +
          `    waits over 100 ms (samples), by lock, statement and blocker: ${l.worst}`,
      );
      if (n === PROCESS_COUNTS[0]) await incrementalPull(children[0]!.url, tills);
    } finally {
      for (const c of children) c.proc.kill('SIGTERM');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const one = rates.get(1);
  const two = rates.get(2);
  if (one && two) console.log(`  throughput 2 vs 1 processes: ${(two / one).toFixed(2)}x (goal >= 1.3x: ${two / one >= 1.3 ? 'PASS' : 'MISS'})`);
}

/**
 * One store's hour, and then its next two hours, pulled by a till of that store from where it
 * stood (each redemption of the store's tills uses up a code, so every till hears of it): the
 * bytes should double with the hours. The control: a fresh till's full pull of the same chain.
 */
async function incrementalPull(url: string, tills: Till[]): Promise<void> {
  const store = tills.filter((t) => t.storeId === tills[0]!.storeId);
  const till = store[0]!;
  const whole = await pullFrom(url, till, { chain: 0, store: 0 });
  let at = await cursorAtHead(url, till);
  const hours: { bytes: number; ms: number; redemptions: number }[] = [];
  for (const [h, perTill] of [
    [0, 5],
    [1, 10],
  ] as const) {
    await ingest([url], store, uploads(store, 50_000_000 + h * 1_000_000, perTill));
    const p = await pullFrom(url, till, at);
    hours.push({ bytes: p.bytes, ms: p.ms, redemptions: store.length * perTill });
    at = await cursorAtHead(url, till);
  }
  const [one, two] = hours;
  console.log(
    `  incremental pull, one store (${store.length} tills): its hour (${one!.redemptions} redemptions) ${one!.bytes.toLocaleString('en')} B in ${one!.ms.toFixed(0)} ms; ` +
      `its next two hours (${two!.redemptions}) ${two!.bytes.toLocaleString('en')} B in ${two!.ms.toFixed(0)} ms (x${(two!.bytes / Math.max(1, one!.bytes)).toFixed(2)} for x2 the hours); ` +
      `control, a fresh till's full pull: ${whole.bytes.toLocaleString('en')} B in ${whole.pages} page(s), ${whole.ms.toFixed(0)} ms`,
  );
}

async function cursorAtHead(url: string, till: Till): Promise<{ chain: number; store: number }> {
  const r = (await (
    await fetch(`${url}/v1/sync/pull?since=${Number.MAX_SAFE_INTEGER}&store=${Number.MAX_SAFE_INTEGER}`, {
      headers: { authorization: `Bearer ${till.credential}` },
    })
  ).json()) as PullResponse;
  return { chain: r.head, store: r.storeHead ?? r.head };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const u = args['database-url'] ?? process.env.TEST_DATABASE_URL;
  if (typeof u !== 'string') throw new Error('give --database-url or TEST_DATABASE_URL');
  benchHqScale(u).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
