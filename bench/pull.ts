/**
 * The spent list at chain scale (issue 15, decisions 072-073): `npm run bench:pull`.
 *
 * A fresh till's full pull after REDEMPTIONS redemptions used up codes in the chain (default
 * 10,000,000 over 45 campaigns, each half-redeemed; all signed, then 90% signed and 10% plain over
 * 4 batches): the spent lists' JSON size, gzip size (goal <= 5 MB) and the till's apply
 * time (JSON.parse + applyRuleSetUpdate into a fresh till database, goal <= 3 s), median of RUNS.
 * Beside it the control, today's per-code spentElsewhere, from a CONTROL-entry run (default
 * 200,000) through HQ's legacy pull, extrapolated linearly to REDEMPTIONS (said so in the output).
 * Then incremental pulls of an hour's new used-up codes (1,000 / 10,000 / 100,000) by a till
 * holding the lists: size and apply time, which should grow with the hour, not with the chain.
 *
 * The lists are written into HQ's spent_lists as the relay leaves them (the relay itself and
 * ingest are bench:hq's); the pages are made by HQ's own pull code and applied by the till's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { AdminClient } from '../hq/adminClient';
import { startHq, type RunningHq } from '../hq/server';
import { appendChanges, type SpentEntry } from '../hq/services/changeLog';
import { inTransaction } from '../hq/services/context';
import { pullPage } from '../hq/services/pull';
import { recordSpent } from '../hq/services/spentList';
import { bitmapOf, encodeBitmap, RoaringBitmap32 } from '../shared/spentList';
import { newId } from '../shared/ids';
import { closeTillDatabase, openTillDatabase } from '../electron/db/connection';
import { applyRuleSetUpdate } from '../electron/services/ruleSet';
import { currentSpentVersion } from '../electron/services/spentLists';

const { values: args } = parseArgs({ options: { redemptions: { type: 'string' }, control: { type: 'string' }, runs: { type: 'string' } }, strict: false });
const REDEMPTIONS = Number(args.redemptions ?? 10_000_000);
const CONTROL = Number(args.control ?? 200_000);
const RUNS = Number(args.runs ?? 3);
const CAMPAIGNS = 45;
const GOAL_BYTES = 5 * 1024 * 1024;
const GOAL_MS = 3000;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const till = { tillId: 'bench-till', storeId: 's1', enrolledAt: null };

/** Deterministic pseudo-random numbers (xorshift), so every run holds the same sets. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

async function seedHq(dir: string): Promise<RunningHq> {
  const hq = await startHq({ dataDir: dir, webhooks: false });
  const admin = new AdminClient(hq.url, hq.adminToken);
  await admin.ok('POST', '/admin/stores', { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' });
  for (let id = 1; id <= CAMPAIGNS + 1; id++)
    await admin.ok('POST', '/admin/campaigns', { id, name: `C${id}`, benefit: { type: 'cash', amountOffMinor: 500 }, rules: {} });
  await hq.ctx.db.insertInto('tills').values({ id: till.tillId, store_id: 's1', name: 'T', credential_hash: null, enrolled_at: null, created_at: 1 }).execute();
  return hq;
}

/** The spent lists after `n` used-up codes, as HQ's relay leaves them in spent_lists. */
async function writeLists(hq: RunningHq, n: number, plainShare: number): Promise<number> {
  const signed = Math.round(n * (1 - plainShare));
  const perCampaign = Math.ceil(signed / CAMPAIGNS);
  const next = rng(42);
  const rows: { list: string; campaign_id: number; bitmap: string; version: number; dropped: number }[] = [];
  for (let c = 1; c <= CAMPAIGNS; c++) {
    // Half of the campaign's minted serials redeemed, at random.
    const b = new RoaringBitmap32();
    for (let s = 1; b.size < perCampaign; s++) if (next() < 0.5) b.add(s);
    rows.push({ list: `s:${c}`, campaign_id: c, bitmap: encodeBitmap(b), version: 1, dropped: 0 });
    b.dispose();
  }
  const plainPerBatch = Math.ceil((n - signed) / 4);
  for (let k = 0; k < (plainShare > 0 ? 4 : 0); k++) {
    const values: number[] = [];
    for (let i = 0; i < plainPerBatch; i++) values.push(Math.floor(next() * 2 ** 32));
    const b = bitmapOf(values);
    rows.push({ list: `p:${newId()}`, campaign_id: CAMPAIGNS + 1, bitmap: encodeBitmap(b), version: 1, dropped: 0 });
    b.dispose();
  }
  for (const r of rows) await hq.ctx.db.insertInto('spent_lists').values(r).execute();
  return rows.reduce((s, r) => s + r.bitmap.length, 0);
}

/**
 * A full pull from nothing by a fresh till; returns JSON bytes, gzip bytes and the till's apply time.
 * `rice`: the till reads Rice-coded plain-code lists (today's till asks for them, decision 087).
 */
async function freshPull(hq: RunningHq, spent: number | undefined, dir: string, rice = true) {
  const file = path.join(dir, `till-${newId()}.db`);
  const db = openTillDatabase(file);
  let cursor = { chain: 0, store: 0 };
  let json = 0;
  let gzip = 0;
  let applyMs = 0;
  for (;;) {
    const answer = await pullPage(hq.ctx, till, cursor, 500, spent === undefined ? undefined : currentSpentVersion(db), 1, rice);
    if (!answer.update) break;
    const text = JSON.stringify(answer);
    json += Buffer.byteLength(text);
    gzip += gzipSync(text).length;
    const t0 = performance.now();
    const applied = applyRuleSetUpdate(db, (JSON.parse(text) as typeof answer).update);
    applyMs += performance.now() - t0;
    if (!applied.ok) throw new Error(applied.error);
    cursor = { chain: answer.update.toVersion, store: answer.update.storeToVersion ?? answer.update.toVersion };
    if (!answer.more) break;
  }
  return { json, gzip, applyMs, db, file };
}

/** `n` used-up signed codes spread over the campaigns, serials from `base` on, about half of them (random gaps of 1-3). */
function randomEntries(n: number, base: number, seed: number): SpentEntry[] {
  const next = rng(seed);
  const serial = new Array<number>(CAMPAIGNS).fill(base);
  const out: SpentEntry[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % CAMPAIGNS;
    serial[c]! += 1 + Math.floor(next() * 3);
    out.push({ couponKey: `s:${c + 1}:${serial[c]}`, total: 1, byTill: { other: 1 } });
  }
  return out;
}

/** An hour's new used-up codes, recorded by the relay's own code; then the till's incremental pull. */
async function hourPull(hq: RunningHq, db: ReturnType<typeof openTillDatabase>, codes: number, base: number) {
  const entries = randomEntries(codes, base, 7);
  const t0 = performance.now();
  await inTransaction(hq.ctx, async (trx) => {
    await appendChanges(hq.ctx, trx, [{ kind: 'spent', payload: entries.slice(0, 1) }]); // takes the chain head row, as the relay does
    await recordSpent(hq.ctx, trx, entries);
  });
  const relayMs = performance.now() - t0;
  const c = { chain: 0, store: 0 };
  const row = db.prepare<[], { version: number; store_version: number | null }>('SELECT version, store_version FROM rule_set_state').get()!;
  c.chain = row.version;
  c.store = row.store_version ?? row.version;
  const answer = await pullPage(hq.ctx, till, c, 500, currentSpentVersion(db), 1, true);
  const text = JSON.stringify(answer);
  const t1 = performance.now();
  const applied = applyRuleSetUpdate(db, (JSON.parse(text) as typeof answer).update);
  const applyMs = performance.now() - t1;
  if (!applied.ok) throw new Error(applied.error);
  return { json: Buffer.byteLength(text), gzip: gzipSync(text).length, applyMs, relayMs };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pull-'));
  try {
    for (const plainShare of [0, 0.1]) await scenario(dir, plainShare);
    await controlRun(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`load after: ${load()}`);
  }
}

async function scenario(dir: string, plainShare: number): Promise<void> {
  const what = plainShare
    ? `${100 - plainShare * 100}% signed over ${CAMPAIGNS} campaigns, ${plainShare * 100}% plain over 4 batches of 1/4 each`
    : `all signed, over ${CAMPAIGNS} campaigns`;
  console.log(`bench:pull: ${REDEMPTIONS.toLocaleString('en')} used-up codes (${what}; each campaign half-redeemed at random); load ${load()}`);
  const hq = await seedHq(path.join(dir, `hq-${plainShare}`));
  try {
    const listChars = await writeLists(hq, REDEMPTIONS, plainShare);
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const run = await freshPull(hq, 0, dir);
      runs.push(run);
      if (r < RUNS - 1) {
        closeTillDatabase(run.db);
        fs.rmSync(run.file, { force: true });
      }
    }
    const gz = median(runs.map((r) => r.gzip));
    const ms = median(runs.map((r) => r.applyMs));
    console.log(
      `  spent lists (base64url, ${mb(listChars)} of bitmaps): JSON ${mb(runs[0]!.json)}, gzip ${mb(gz)} -> ${verdict(gz <= GOAL_BYTES)} (goal <= 5 MB)`,
    );
    console.log(
      `  till apply (parse + applyRuleSetUpdate), median of ${RUNS}: ${ms.toFixed(0)} ms -> ${verdict(ms <= GOAL_MS)} (goal <= 3000 ms); runs ${runs.map((r) => r.applyMs.toFixed(0)).join(', ')} ms`,
    );
    if (plainShare > 0) {
      // The control in the same run: the same lists to a till that reads Roaring bitmaps only (before decision 087).
      const roaring = await freshPull(hq, 0, dir, false);
      closeTillDatabase(roaring.db);
      fs.rmSync(roaring.file, { force: true });
      console.log(
        `  control, plain lists as Roaring bitmaps (a till before decision 087): gzip ${mb(roaring.gzip)} (Rice-coded ${(gz / roaring.gzip).toFixed(3)}x of it), till apply ${roaring.applyMs.toFixed(0)} ms`,
      );
    }
    const holder = runs[runs.length - 1]!;
    // Incremental: an hour's used-up codes (10M a year is ~1,100 an hour; 10,000 a peak hour; 100,000 an outage's catch-up).
    let base = 2 * Math.ceil((REDEMPTIONS * (1 - plainShare)) / CAMPAIGNS) + 1;
    for (const codes of [1_000, 10_000, 100_000]) {
      const h = await hourPull(hq, holder.db, codes, base);
      base += 3 * Math.ceil(codes / CAMPAIGNS) + 3;
      console.log(
        `  an hour of ${codes.toLocaleString('en')} new used-up codes: pull JSON ${(h.json / 1024).toFixed(1)} KB, gzip ${(h.gzip / 1024).toFixed(1)} KB (${((h.gzip / codes) * 1).toFixed(2)} B a code), till apply ${h.applyMs.toFixed(0)} ms; relay write ${h.relayMs.toFixed(0)} ms`,
      );
    }
    closeTillDatabase(holder.db);
  } finally {
    await hq.close();
  }
}

/** The control: today's one spentElsewhere entry per code, CONTROL of them through HQ's legacy pull, extrapolated. */
async function controlRun(dir: string): Promise<void> {
  const hq = await seedHq(path.join(dir, 'hq-control'));
  try {
    await inTransaction(hq.ctx, async (trx) => {
      const all = randomEntries(CONTROL, 1, 9);
      const changes = [];
      for (let i = 0; i < CONTROL; i += 2_000) changes.push({ kind: 'spent' as const, payload: all.slice(i, i + 2_000) });
      await appendChanges(hq.ctx, trx, changes);
    });
    const run = await freshPull(hq, undefined, dir);
    closeTillDatabase(run.db);
    const scale = REDEMPTIONS / CONTROL;
    console.log(
      `  control, per-code spentElsewhere (${CONTROL.toLocaleString('en')} entries measured, x${scale.toFixed(0)} extrapolated to ${REDEMPTIONS.toLocaleString('en')}): ` +
        `gzip ${mb(run.gzip)} -> ~${mb(run.gzip * scale)}, till apply ${run.applyMs.toFixed(0)} ms -> ~${((run.applyMs * scale) / 1000).toFixed(1)} s`,
    );
  } finally {
    await hq.close();
  }
}

await main();
