/**
 * The manager's redemption log and end-of-day figures on a big ledger (bench:engine --ledger N,
 * default 1,000,000): N synthetic history rows are written straight into the ledger, the
 * running totals are built as migration 46 builds them for an existing ledger, then the log
 * and the day report are asked through the RedemptionService as the manager screens ask them,
 * each many times (p50 / p95), beside today's full scan of the matching rows as the control.
 */
import { performance } from 'node:perf_hooks';
import { storeDayOf } from '../shared/storeDay';
import type { TillDatabase } from '../electron/db/connection';
import { ledgerTotals } from '../electron/db/repos/ledgerLog';
import { withDayBounds } from '../electron/db/repos/ledgerSummary';
import { rebuildLedgerTotals, totalsTimeZone } from '../electron/db/repos/ledgerTotals';
import type { RedemptionService } from '../electron/services/redemption';

const DAY = 86_400_000;
const RUNS = 60;

export interface Timing {
  p50: number;
  p95: number;
}

export interface LedgerLogFigures {
  rows: number;
  insertSeconds: number;
  /** Building the running totals of the whole ledger (what migration 46 does once). */
  rebuildSeconds: number;
  /** ms per call, p50 and p95 over RUNS calls. */
  firstPageToday: Timing;
  firstPageAll: Timing;
  nextPageAll: Timing;
  deepPageAll: Timing;
  firstPageOneCampaign: Timing;
  firstPageConflicts: Timing;
  /** Totals and per campaign / cashier / till / hour for today. */
  summaryToday: Timing;
  /** The end-of-day figures of today. */
  dayReport: Timing;
  /** Controls: the same totals counted from the rows (the log's path before the running totals). */
  scanTotalsAll: Timing;
  scanTotalsToday: Timing;
}

function timing(f: () => unknown, runs = RUNS): Timing {
  f(); // prepared statements and caches warm, as on a till that has shown the log once
  const s: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    s.push(performance.now() - a);
  }
  s.sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

export function benchLedgerLog(db: TillDatabase, service: RedemptionService, rows: number, now: number): LedgerLogFigures {
  const start = now - 90 * DAY;
  const step = Math.max(1, Math.floor((90 * DAY) / rows));
  const t0 = performance.now();
  // History rows: ids shaped like UUIDs and increasing, 20 cashiers, 1,000 campaigns, 1 in 5,000 a conflict, 1 in 1,000 voided.
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
     INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at, voided, synced, sync_state)
     SELECT printf('%08x-0000-7000-8000-%012x', i / 65536, i), 'redeem', NULL, 's:' || (i % 1000 + 1) || ':' || (900000000 + i), i % 1000 + 1,
       'S001', 'T01', 'cashier-' || (i % 20), 'hist-' || i, 30000, 500, NULL, 'wedge', printf('%015d:00000:T01', ? + i * ?), ? + i * ?,
       i % 1000 = 7, 1, CASE WHEN i % 5000 = 0 THEN 'conflict' ELSE 'accepted' END FROM n`,
  ).run(rows, start, step, start, step);
  const insertSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  db.transaction(() => rebuildLedgerTotals(db))();
  const rebuildSeconds = (performance.now() - t1) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');

  const tz = totalsTimeZone(db);
  const today = storeDayOf(now, tz);
  const todayFilter = { fromDay: today, toDay: today, limit: 100 };
  const firstPageToday = timing(() => service.listRedemptions(todayFilter));
  const firstPageAll = timing(() => service.listRedemptions({ limit: 100 }));
  const second = service.listRedemptions({ limit: 100 }).nextCursor!;
  const nextPageAll = timing(() => service.listRedemptions({ limit: 100, cursor: second }));
  let page = service.listRedemptions({ limit: 100 });
  for (let i = 0; i < 2_000 && page.nextCursor; i++) page = service.listRedemptions({ limit: 100, cursor: page.nextCursor });
  const deep = page.nextCursor!;
  const deepPageAll = timing(() => service.listRedemptions({ limit: 100, cursor: deep }));
  const firstPageOneCampaign = timing(() => service.listRedemptions({ limit: 100, campaignId: 8 }));
  const firstPageConflicts = timing(() => service.listRedemptions({ limit: 100, conflictsOnly: true }));
  const summaryToday = timing(() => service.reports.summary(todayFilter));
  const dayReport = timing(() => service.reports.day(today, now));
  const scanTotalsAll = timing(() => ledgerTotals(db, { limit: 1 }), 10);
  const scanTotalsToday = timing(() => ledgerTotals(db, withDayBounds(todayFilter, tz)), 20);
  return {
    rows,
    insertSeconds,
    rebuildSeconds,
    firstPageToday,
    firstPageAll,
    nextPageAll,
    deepPageAll,
    firstPageOneCampaign,
    firstPageConflicts,
    summaryToday,
    dayReport,
    scanTotalsAll,
    scanTotalsToday,
  };
}

/** The goals of issue 13's "log totals in O(1)": each < 20 ms at p95. */
export function ledgerGoals(f: LedgerLogFigures) {
  const goal = (t: Timing) => ({ goal: '< 20 ms p95', value: t.p95, pass: t.p95 < 20 });
  return {
    logFirstPageWithTotals: goal(f.firstPageAll),
    logFirstPageToday: goal(f.firstPageToday),
    logTotalsAndBreakdownsToday: goal(f.summaryToday),
    endOfDayFigures: goal(f.dayReport),
  };
}

export function ledgerLines(f: LedgerLogFigures, accepted: number): string[] {
  const t = (x: Timing) => `${x.p50.toFixed(2).padStart(8)} ${x.p95.toFixed(2).padStart(8)}`;
  return [
    `manager log on ${(f.rows + accepted).toLocaleString('en')} ledger rows (100 rows a page; history written in ${f.insertSeconds.toFixed(1)} s, running totals built in ${f.rebuildSeconds.toFixed(1)} s)`,
    'log call                                   p50 ms   p95 ms',
    `first page, all days, with totals        ${t(f.firstPageAll)}`,
    `first page, today, with totals           ${t(f.firstPageToday)}`,
    `next page / page 2,002                   ${t(f.nextPageAll)}  / ${t(f.deepPageAll)}`,
    `first page, one campaign                 ${t(f.firstPageOneCampaign)}`,
    `first page, conflicts only               ${t(f.firstPageConflicts)}`,
    `totals + per campaign/cashier/till/hour  ${t(f.summaryToday)}   (today)`,
    `end-of-day figures (today)               ${t(f.dayReport)}`,
    `control: full scan totals, all days      ${t(f.scanTotalsAll)}   (the log's path before the running totals)`,
    `control: full scan totals, today         ${t(f.scanTotalsToday)}`,
  ];
}
