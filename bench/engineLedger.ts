/**
 * The manager's redemption log on a big ledger (bench:engine --ledger N): N synthetic
 * history rows are written straight into the ledger, then the log is paged through the
 * RedemptionService as the manager screen does.
 */
import { performance } from 'node:perf_hooks';
import type { TillDatabase } from '../electron/db/connection';
import type { RedemptionService } from '../electron/services/redemption';

const DAY = 86_400_000;

export interface LedgerLogFigures {
  rows: number;
  insertSeconds: number;
  /** ms per call. */
  firstPageToday: number;
  firstPageAll: number;
  nextPageAll: number;
  deepPageAll: number;
  firstPageCashier: number;
  firstPageConflicts: number;
}

function timed(f: () => unknown): number {
  const a = performance.now();
  f();
  return performance.now() - a;
}

export function benchLedgerLog(db: TillDatabase, service: RedemptionService, rows: number, now: number): LedgerLogFigures {
  const start = now - 90 * DAY;
  const step = Math.max(1, Math.floor((90 * DAY) / rows));
  const t0 = performance.now();
  // History rows: ids shaped like UUIDs and increasing, 20 cashiers, 1,000 campaigns, 1 in 5,000 a conflict.
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
     INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at, voided, synced, sync_state)
     SELECT printf('%08x-0000-7000-8000-%012x', i / 65536, i), 'redeem', NULL, 's:' || (i % 1000 + 1) || ':' || (900000000 + i), i % 1000 + 1,
       'S001', 'T01', 'cashier-' || (i % 20), 'hist-' || i, 30000, 500, NULL, 'wedge', printf('%015d:00000:T01', ? + i * ?), ? + i * ?,
       0, 1, CASE WHEN i % 5000 = 0 THEN 'conflict' ELSE 'accepted' END FROM n`,
  ).run(rows, start, step, start, step);
  const insertSeconds = (performance.now() - t0) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');

  const today = { from: now - DAY, to: now + DAY, limit: 100 };
  const firstPageToday = timed(() => service.listRedemptions(today));
  const firstPageAll = timed(() => service.listRedemptions({ limit: 100 }));
  let page = service.listRedemptions({ limit: 100 });
  const nextPageAll = timed(() => (page = service.listRedemptions({ limit: 100, cursor: page.nextCursor! })));
  for (let i = 0; i < 2_000 && page.nextCursor; i++) page = service.listRedemptions({ limit: 100, cursor: page.nextCursor });
  const deepPageAll = timed(() => service.listRedemptions({ limit: 100, cursor: page.nextCursor! }));
  const firstPageCashier = timed(() => service.listRedemptions({ limit: 100, cashierId: 'cashier-3' }));
  const firstPageConflicts = timed(() => service.listRedemptions({ limit: 100, conflictsOnly: true }));
  return { rows, insertSeconds, firstPageToday, firstPageAll, nextPageAll, deepPageAll, firstPageCashier, firstPageConflicts };
}
