import type Database from 'better-sqlite3';
import { ApiFailure, type ApiErrorCode } from '../../../shared/ipc/result';
import type { ConflictRow, LogRow } from '../../../shared/ipc/types';
import type { LogFilter } from '../../../shared/ipc/schemas';
import type { LedgerEntry } from '../../db/repos/ledger';
import type { LedgerFilter } from '../../db/repos/ledgerLog';
import { Names } from '../../services/names';
import { RedemptionError, type RedemptionService } from '../../services/redemption';
import type { TillRedemptions } from '../../services/tillRedemptions';
import type { ManualBasket } from '../../services/pos/manualBasket';
import type { LogPort, RedemptionPort } from '../ports';
import { toCsv } from './csv';
import { conflictRowOf, csvContext } from './reports';

const ERROR_CODES: Record<string, ApiErrorCode> = {
  bad_request: 'bad_request',
  bad_cursor: 'bad_request',
  till_not_configured: 'unavailable',
  not_found: 'not_found',
  already_voided: 'conflict',
  cannot_void_a_void: 'conflict',
  wrong_till: 'conflict',
  request_id_reused: 'conflict',
};

/** RedemptionError (a refusal the user should read) becomes an ApiFailure; anything else stays a bug. */
function mapped<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RedemptionError) throw new ApiFailure(ERROR_CODES[err.code] ?? 'bad_request', err.message);
    throw err;
  }
}

async function mappedAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RedemptionError) throw new ApiFailure(ERROR_CODES[err.code] ?? 'bad_request', err.message);
    throw err;
  }
}

/**
 * The till's redemptions through the window API: the service's refusals become ApiFailures.
 * With the manual basket, a redemption on it goes through it (its total, member and receipt
 * number), and a change to its coupons is pushed to the screen.
 */
export function createRedemptionPort(redemptions: TillRedemptions, basket?: ManualBasket): RedemptionPort {
  return {
    validate: (req) => mapped(() => redemptions.validate(req)),
    redeem: (req, who) => mappedAsync(() => (basket ? basket.redeem(req, who) : redemptions.redeem(req, who))),
    void: (req, who) => {
      const record = mapped(() => redemptions.void(req, who));
      basket?.changed(record.basketId);
      return record;
    },
    undo: (req, who) => {
      const result = mapped(() => redemptions.undo(req, who));
      basket?.changed(req.basketId);
      return result;
    },
    basketCoupons: (basketId) => redemptions.basketCoupons(basketId),
  };
}

const EXPORT_MAX_ROWS = 200_000;

/** The manager's log, export and conflicts, over the ledger's keyset paging. */
export function createLogPort(service: RedemptionService, db: Database.Database, now: () => number = Date.now): LogPort {
  const names = new Names(db);
  const page = (f: LedgerFilter) => mapped(() => service.listRedemptions(f));
  return {
    list(req) {
      const p = page(req);
      return { rows: p.rows.map((e) => names.logRow(e as LedgerEntry)), nextCursor: p.nextCursor, totals: p.totals };
    },
    exportCsv(filter: LogFilter) {
      const rows: LogRow[] = [];
      let cursor: string | undefined;
      do {
        const p = page({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) });
        for (const e of p.rows) rows.push(names.logRow(e as LedgerEntry));
        cursor = p.nextCursor ?? undefined;
        if (rows.length > EXPORT_MAX_ROWS) throw new ApiFailure('bad_request', `More than ${EXPORT_MAX_ROWS} rows: narrow the date range.`);
      } while (cursor);
      const day = new Date(now()).toISOString().slice(0, 10);
      return { filename: `redemptions-${day}.csv`, csv: toCsv(rows, csvContext(db, names)), rowCount: rows.length };
    },
    conflicts(includeResolved) {
      const out: ConflictRow[] = [];
      for (const status of includeResolved ? (['conflict', 'resolved'] as const) : (['conflict'] as const)) {
        let cursor: string | undefined;
        do {
          const p = page({ status, limit: 500, ...(cursor ? { cursor } : {}) });
          for (const e of p.rows as LedgerEntry[]) out.push(conflictRowOf(names, e));
          cursor = p.nextCursor ?? undefined;
        } while (cursor && out.length < 10_000);
      }
      return out;
    },
  };
}
