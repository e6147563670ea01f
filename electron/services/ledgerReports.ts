import type Database from 'better-sqlite3';
import { isStoreDay, nextStoreDay, storeDayOf, storeDayStart } from '../../shared/storeDay';
import { LEDGER_COLUMNS, toEntry, type LedgerEntry, type LedgerRow } from '../db/repos/ledger';
import { BadCursorError, ledgerTotals, listLedger, type LedgerFilter, type LedgerPage } from '../db/repos/ledgerLog';
import {
  filterBreakdown,
  filterTotals,
  usesRunningTotals,
  withDayBounds,
  type BreakdownRow,
  type LedgerBreakdown,
  type Totals,
} from '../db/repos/ledgerSummary';
import { totalsTimeZone } from '../db/repos/ledgerTotals';
import { stmt } from '../db/statements';
import { auditHeadSeq } from './audit';
import { RedemptionError } from './redemptionErrors';

/** The manager's end-of-day figures for one store day (like a till's Z report), ids only: the adapter adds names. */
export interface DayFigures {
  day: string;
  timeZone: string;
  /** The day's bounds, UTC epoch ms (`to` exclusive). */
  from: number;
  to: number;
  totals: Totals;
  campaigns: BreakdownRow[];
  cashiers: BreakdownRow[];
  /** All 24 store hours, in order (zeros included: the chart's axis). */
  hours: BreakdownRow[];
  voids: LedgerEntry[];
  conflicts: LedgerEntry[];
  /** The day's entries not yet stored at HQ, and when the oldest of them was written. */
  unsynced: { count: number; oldestAt: number | null };
  /** Lists longer than this are cut (the totals still count everything). */
  listLimit: number;
}

const LIST_LIMIT = 500;

/**
 * The manager's log, its totals and breakdowns, and the end-of-day figures. Totals come from
 * the running totals (ledgerTotals.ts) whenever the filter allows; otherwise they are counted
 * and memoised until the ledger next moves (the audit head moves with every ledger write).
 */
export class LedgerReports {
  private readonly memo = new Map<string, { head: number; totals: Totals }>();

  constructor(private readonly db: Database.Database) {}

  /** One page, newest first, by keyset, with the totals over the whole filter. */
  list(filter: LedgerFilter): LedgerPage {
    const tz = this.zone();
    const bounded = this.bounded(filter, tz);
    try {
      return listLedger(this.db, bounded, this.totals(filter, bounded, tz));
    } catch (err) {
      if (err instanceof BadCursorError) throw new RedemptionError('bad_cursor', err.message);
      throw err;
    }
  }

  /** Totals and per campaign / cashier / till / hour over the filter. */
  summary(filter: LedgerFilter): { totals: Totals; breakdown: LedgerBreakdown } {
    const tz = this.zone();
    const bounded = this.bounded(filter, tz);
    return { totals: this.totals(filter, bounded, tz), breakdown: filterBreakdown(this.db, filter, tz) };
  }

  /** The store day `day` (default: today at the store). */
  day(day: string | undefined, now: number): DayFigures {
    const tz = this.zone();
    const d = day ?? storeDayOf(now, tz);
    if (!isStoreDay(d)) throw new RedemptionError('bad_request', `bad request: ${JSON.stringify(d)} is not a day (YYYY-MM-DD)`);
    const from = storeDayStart(d, tz);
    const to = storeDayStart(nextStoreDay(d), tz);
    const { totals, breakdown } = this.summary({ fromDay: d, toDay: d, limit: 1 });
    const byHour = new Map(breakdown.hours.map((h) => [h.key, h]));
    const hours = Array.from({ length: 24 }, (_, h) => {
      const key = String(h).padStart(2, '0');
      return byHour.get(key) ?? { key, redeemed: 0, discountMinor: 0, voided: 0, voids: 0 };
    });
    const entries = (sql: string) => stmt<[number, number, number], LedgerRow>(this.db, sql).all(from, to, LIST_LIMIT).map(toEntry);
    const voids = entries(
      `SELECT ${LEDGER_COLUMNS} FROM redemptions WHERE kind = 'void' AND created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ?`,
    );
    const conflicts = entries(
      `SELECT ${LEDGER_COLUMNS} FROM redemptions WHERE sync_state IN ('conflict', 'resolved') AND created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ?`,
    );
    const waiting = stmt<[number, number], { n: number; oldest: number | null }>(
      this.db,
      'SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND created_at >= ? AND created_at < ?',
    ).get(from, to)!;
    return {
      day: d,
      timeZone: tz,
      from,
      to,
      totals,
      campaigns: breakdown.campaigns,
      cashiers: breakdown.cashiers,
      hours,
      voids,
      conflicts,
      unsynced: { count: waiting.n, oldestAt: waiting.oldest },
      listLimit: LIST_LIMIT,
    };
  }

  private zone(): string {
    return totalsTimeZone(this.db);
  }

  private bounded(filter: LedgerFilter, tz: string): LedgerFilter {
    try {
      return withDayBounds(filter, tz);
    } catch (err) {
      throw new RedemptionError('bad_request', `bad request: ${(err as Error).message}`);
    }
  }

  private totals(filter: LedgerFilter, bounded: LedgerFilter, tz: string): Totals {
    if (usesRunningTotals(filter, tz)) return filterTotals(this.db, filter, tz);
    const { cursor: _c, limit: _l, ...rest } = bounded;
    const key = JSON.stringify(rest, Object.keys(rest).sort());
    const head = auditHeadSeq(this.db);
    const memo = this.memo.get(key);
    if (memo?.head === head) return memo.totals;
    const totals = ledgerTotals(this.db, bounded);
    if (this.memo.size > 32) this.memo.clear();
    this.memo.set(key, { head, totals });
    return totals;
  }
}
