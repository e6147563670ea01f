/**
 * `npm run bench:hq`: how fast HQ ingests redemptions (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL or --database-url is given), and how long a fresh till takes to pull and
 * apply a rule set of 1,000,000 plain codes, with the bytes on the wire.
 * Goals on the reference machine: >= 5,000 redemptions/s on SQLite; 1M-code pull < 30 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import { AdminClient } from '../hq/adminClient';
import { importPlainCodes } from '../hq/services/codes';
import { startHq, type RunningHq } from '../hq/server';
import { closeTillDatabase, openTillDatabase } from '../electron/db/connection';
import { SyncEngine } from '../electron/services/sync/engine';
import type { FetchLike } from '../electron/services/sync/hqClient';
import { RedemptionService } from '../electron/services/redemption';
import { benchHqScale } from './hqScale';

const { values: args } = parseArgs({ options: { 'database-url': { type: 'string' }, redemptions: { type: 'string' }, codes: { type: 'string' } } });
const REDEMPTIONS = Number(args.redemptions ?? 40_000);
const PLAIN_CODES = Number(args.codes ?? 1_000_000);
const BATCH = 500;
const TILLS = 4;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function enroll(hq: RunningHq, admin: AdminClient) {
  const token = (await admin.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId: 's1' })).enrollmentToken;
  const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  return (await res.json()) as { tillId: string; credential: string };
}

async function seed(admin: AdminClient) {
  await admin.ok('POST', '/admin/stores', { id: 's1', name: 'Bench store', timeZone: 'Asia/Shanghai' });
  await admin.ok('POST', '/admin/campaigns', { id: 1, name: 'Bench', benefit: { type: 'cash', amountOffMinor: 500 }, rules: {} });
}

/** Redemptions/s through HTTP push: TILLS tills pushing BATCH-sized batches at once; 10% of codes are shared (conflicts). */
async function ingest(label: string, hq: RunningHq): Promise<number> {
  const admin = new AdminClient(hq.url, hq.adminToken);
  await seed(admin);
  const tills = await Promise.all(Array.from({ length: TILLS }, () => enroll(hq, admin)));
  const per = Math.ceil(REDEMPTIONS / TILLS);
  const base = 1_700_000_000_000;
  const batches = tills.map((t, ti) => {
    const items: RedemptionUpload[] = Array.from({ length: per }, (_, i) => {
      const serial = i % 10 === 0 ? i : ti * per + i + 1_000_000; // every 10th code is shared by all tills
      return {
        id: newId(),
        kind: 'redeem',
        voidsId: null,
        couponKey: `s:1:${serial}`,
        campaignId: 1,
        storeId: 's1',
        tillId: t.tillId,
        cashierId: 'c1',
        basketId: newId(),
        basketTotalMinor: 10_000,
        discountMinor: 500,
        memberId: null,
        source: 'hid-pos',
        hlc: encodeHlc({ wallMs: base + i * 10 + ti, counter: 0, node: t.tillId }),
        createdAt: base + i * 10,
        reason: null,
        approvedBy: null,
      };
    });
    const out: string[] = [];
    for (let i = 0; i < items.length; i += BATCH) out.push(JSON.stringify({ items: items.slice(i, i + BATCH) }));
    return out;
  });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    tills.map(async (t, ti) => {
      for (const body of batches[ti]!) {
        const t0 = performance.now();
        const res = await fetch(`${hq.url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.credential}`, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = (per * TILLS) / seconds;
  const conflicts = await admin.ok<unknown[]>('GET', '/admin/conflicts?limit=10000');
  console.log(
    `${label}: ${per * TILLS} redemptions from ${TILLS} tills in ${seconds.toFixed(2)} s = ${Math.round(rate)}/s ` +
      `(batch of ${BATCH}: p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms; ${conflicts.length} conflicts flagged)`,
  );
  return rate;
}

/** A fresh till pulls and applies a rule set of PLAIN_CODES plain codes through the real sync engine. */
async function bigPull(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-pull-'));
  const hq = await startHq({ dataDir: path.join(dir, 'hq') });
  const admin = new AdminClient(hq.url, hq.adminToken);
  await seed(admin);
  const codes = Array.from({ length: PLAIN_CODES }, (_, i) => `PLAIN-${i.toString(36).toUpperCase().padStart(8, '0')}`);
  let t0 = performance.now();
  await importPlainCodes(hq.ctx, 1, codes);
  console.log(`HQ import of ${PLAIN_CODES.toLocaleString('en')} plain codes (hash + store + change log): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = openTillDatabase(path.join(dir, 'till.sqlite'));
  const service = new RedemptionService(db, { now: Date.now });
  let wireBytes = 0;
  let jsonChars = 0;
  const counting: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    wireBytes += Number(res.headers.get('content-length') ?? 0);
    const text = await res.text();
    jsonChars += text.length;
    return { ok: res.ok, status: res.status, text: async () => text };
  };
  const engine = new SyncEngine({ db, fetch: counting, now: Date.now, configureTill: (c) => service.configure(c) });
  await engine.enroll(hq.url, (await admin.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId: 's1' })).enrollmentToken);
  wireBytes = 0;
  jsonChars = 0;
  t0 = performance.now();
  const run = await engine.syncNow();
  const seconds = (performance.now() - t0) / 1000;
  if (!run.ok) throw new Error(`pull failed: ${run.error}`);
  const count = (db.prepare('SELECT count(*) AS n FROM plain_codes').get() as { n: number }).n;
  const probe = service.validate({ code: codes[PLAIN_CODES - 1]!, basket: { id: 'b', totalMinor: 10_000 }, source: 'manual' });
  console.log(
    `1M pull: ${count.toLocaleString('en')} plain codes in ${run.pages} pages applied in ${seconds.toFixed(1)} s; ` +
      `${(wireBytes / 1e6).toFixed(1)} MB on the wire (gzip), ${(jsonChars / 1e6).toFixed(1)} MB of JSON; last code validates: ${probe.ok}`,
  );
  closeTillDatabase(db);
  await hq.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (count !== PLAIN_CODES) throw new Error(`till holds ${count} codes, expected ${PLAIN_CODES}`);
  return seconds;
}

async function main() {
  console.log(`bench:hq on ${os.cpus().length} cores, node ${process.version}`);
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-'));
  const sqlite = await startHq({ dataDir: sqliteDir });
  const sqliteRate = await ingest('SQLite ingest', sqlite);
  await sqlite.close();
  fs.rmSync(sqliteDir, { recursive: true, force: true });
  let pgRate: number | null = null;
  const url = args['database-url'] ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_${Date.now().toString(36)}`;
    // A data folder for HQ's master key file (an HQ on PostgreSQL keeps it there when HQ_MASTER_KEY is not set).
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-pg-'));
    const hq = await startHq({ databaseUrl: url, pgSchema: schema, dataDir: pgDir });
    try {
      pgRate = await ingest('PostgreSQL ingest', hq);
    } finally {
      await hq.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  } else console.log('PostgreSQL ingest: skipped (no TEST_DATABASE_URL or --database-url)');
  const pullSeconds = await bigPull();
  console.log('\nsummary');
  console.log(`  SQLite ingest      ${String(Math.round(sqliteRate)).padStart(7)} /s   goal >= 5,000/s   ${verdict(sqliteRate >= 5000)}`);
  if (pgRate !== null)
    console.log(`  PostgreSQL ingest  ${String(Math.round(pgRate)).padStart(7)} /s   (no goal; ${(pgRate / sqliteRate).toFixed(2)}x SQLite)`);
  console.log(`  1M-code pull       ${pullSeconds.toFixed(1).padStart(7)} s    goal < 30 s       ${verdict(pullSeconds < 30)}`);
  if (url) await benchHqScale(url);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
