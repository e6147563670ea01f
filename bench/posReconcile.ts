/**
 * `npm run bench:pos:hq`: reconciliation of 1,000,000 redemptions at HQ (issue 14), on SQLite and,
 * when TEST_DATABASE_URL (or --database-url) is set, on PostgreSQL. Goal: < 10 s for the whole
 * store-month. The data is made in SQL (generate_series / a recursive CTE) straight into HQ's
 * tables, shaped like a busy store: 4 tills, 30 store days, 800,000 POS orders (a quarter with
 * two coupons), 90% closed (a tenth of them with a return), 3% cancelled (their coupons voided),
 * 7% never closed. Prints the median of 3 runs, one store-day, and the load average.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startHq, type RunningHq } from '../hq/server';
import { loadStoreMonth } from '../hq/reconciliationBenchData';
import { reconcile } from '../hq/services/reconciliation';

const { values: args } = parseArgs({ options: { 'database-url': { type: 'string' }, redemptions: { type: 'string' } } });
const N = Number(args.redemptions ?? 1_000_000);
const GOAL_MS = 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(label: string, hq: RunningHq): Promise<boolean> {
  const t0 = performance.now();
  await loadStoreMonth(hq, N);
  const loadMs = performance.now() - t0;
  const month = { storeId: 's1', from: '2026-11-01', to: '2026-11-30' };
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const rec = await reconcile(hq.ctx, month);
    times.push(performance.now() - t);
    count = rec.totals.redemptions.count;
  }
  const t = performance.now();
  await reconcile(hq.ctx, { storeId: 's1', from: '2026-11-15', to: '2026-11-15' });
  const dayMs = performance.now() - t;
  const ms = median(times);
  console.log(
    `${label.padEnd(10)} reconcile ${count.toLocaleString('en')} redemptions (30 days): median ${(ms / 1000).toFixed(2)} s ` +
      `[${times.map((x) => (x / 1000).toFixed(2)).join(', ')}] (goal < ${GOAL_MS / 1000} s: ${ms < GOAL_MS ? 'PASS' : 'MISS'}); ` +
      `one store day ${(dayMs / 1000).toFixed(2)} s; data loaded in ${(loadMs / 1000).toFixed(1)} s`,
  );
  return ms < GOAL_MS;
}

async function main(): Promise<void> {
  console.log(
    `bench:pos:hq  load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (${os.cpus().length} cores)`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reconcile-'));
  const lite = await startHq({ dataDir: dir, webhooks: false });
  try {
    await run('SQLite', lite);
  } finally {
    await lite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const url = args['database-url'] ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL skipped: set TEST_DATABASE_URL or pass --database-url');
  } else {
    const schema = `bench_rec_${Date.now().toString(36)}`;
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reconcile-pg-'));
    const onPg = await startHq({ databaseUrl: url, pgSchema: schema, dataDir: pgDir, webhooks: false });
    try {
      await run('PostgreSQL', onPg);
    } finally {
      await onPg.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  }
  console.log(
    `load average after: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

void main();
