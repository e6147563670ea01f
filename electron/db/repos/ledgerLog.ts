import type Database from 'better-sqlite3';
import type { SyncState } from '../../../shared/redemption';
import { stmt } from '../statements';
import { LEDGER_COLUMNS, toEntry, type LedgerEntry, type LedgerRow } from './ledger';

/** What a manager filters the redemption log by. Times are UTC epoch ms, `to` exclusive. */
export interface LedgerFilter {
  from?: number;
  to?: number;
  /** Same as `to` (the IPC filter's name). */
  until?: number;
  /** Store days 'YYYY-MM-DD' (the store's time zone), both included; see ledgerSummary.withDayBounds. */
  fromDay?: string;
  toDay?: string;
  cashierId?: string;
  tillId?: string;
  campaignId?: number;
  syncState?: SyncState;
  /** The log's status filter: redeemed / voided by kind, the others by sync state. */
  status?: 'redeemed' | 'voided' | SyncState;
  conflictsOnly?: boolean;
  limit: number;
  /** Opaque: the nextCursor of the previous page. */
  cursor?: string;
}

export interface LedgerPage {
  rows: LedgerEntry[];
  nextCursor: string | null;
  /** Over the whole filter (not just this page): entries, live and voided redemptions, void entries, the discount of live redemptions. */
  totals: { count: number; redeemedCount: number; voidedCount: number; voidCount: number; discountMinor: number };
}

export class BadCursorError extends Error {
  readonly code = 'bad_cursor';
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(-?\d{1,16})\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new BadCursorError('That page cursor is not one this till gave out.');
  return { createdAt: Number(m[1]), id: m[2]! };
}

/** Builds the WHERE clause from fixed fragments; every value is a bound parameter. */
export function conditions(f: LedgerFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (f.from !== undefined) add('created_at >= ?', f.from);
  const to = f.to ?? f.until;
  if (to !== undefined) add('created_at < ?', to);
  if (f.cashierId !== undefined) add('cashier_id = ?', f.cashierId);
  if (f.tillId !== undefined) add('till_id = ?', f.tillId);
  if (f.campaignId !== undefined) add('campaign_id = ?', f.campaignId);
  // A conflict stays one after HQ resolves it: the filter shows open and resolved ones (the status filter splits them).
  if (f.conflictsOnly) where.push("sync_state IN ('conflict', 'resolved')");
  else if (f.syncState !== undefined) add('sync_state = ?', f.syncState);
  if (f.status === 'redeemed') where.push("kind = 'redeem' AND voided = 0");
  else if (f.status === 'voided') where.push("(kind = 'void' OR voided = 1)");
  else if (f.status !== undefined) add('sync_state = ?', f.status);
  return { where, params };
}

/**
 * One page of the ledger, newest first, by keyset (created_at, id): the cost of a page does
 * not grow with how deep the manager has paged, even on a million rows.
 */
export function listLedger(db: Database.Database, f: LedgerFilter, knownTotals?: LedgerPage['totals']): LedgerPage {
  const limit = Number.isFinite(f.limit) ? Math.max(1, Math.min(500, Math.trunc(f.limit))) : 100;
  const { where, params } = conditions(f);
  const totals = knownTotals ?? ledgerTotals(db, f);
  if (f.cursor !== undefined) {
    const c = decodeCursor(f.cursor);
    where.push('(created_at, id) < (?, ?)');
    params.push(c.createdAt, c.id);
  }
  const pageSql = `SELECT ${LEDGER_COLUMNS} FROM redemptions${where.length ? ' WHERE ' + where.join(' AND ') : ''}
    ORDER BY created_at DESC, id DESC LIMIT ?`;
  const rows = stmt<unknown[], LedgerRow>(db, pageSql)
    .all(...params, limit + 1)
    .map(toEntry);
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  return { rows, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null, totals };
}

/**
 * Totals over every row matching the filter (cursor ignored), counted from the rows: its cost
 * grows with the number of matching rows. The log reads the running totals instead when it can
 * (ledgerSummary.filterTotals); this stays for the filters they cannot answer, and as the control.
 */
export function ledgerTotals(db: Database.Database, f: LedgerFilter): LedgerPage['totals'] {
  const { where, params } = conditions(f);
  const sql = `SELECT count(*) AS n,
      coalesce(sum(kind = 'redeem' AND voided = 0), 0) AS r,
      coalesce(sum(kind = 'redeem' AND voided = 1), 0) AS v,
      coalesce(sum(kind = 'void'), 0) AS w,
      coalesce(sum(CASE WHEN kind = 'redeem' AND voided = 0 THEN discount_minor END), 0) AS d
    FROM redemptions${where.length ? ' WHERE ' + where.join(' AND ') : ''}`;
  const t = stmt<unknown[], { n: number; r: number; v: number; w: number; d: number }>(db, sql).get(...params)!;
  return { count: t.n, redeemedCount: t.r, voidedCount: t.v, voidCount: t.w, discountMinor: t.d };
}
