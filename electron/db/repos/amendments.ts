import type Database from 'better-sqlite3';
import { stmt } from '../statements';
import { retotal } from './ledgerTotals';

/**
 * Amendments of recorded redemptions (migration 56, decision 082): the figure a redemption had, the
 * figure stack order gives it now, and why. A row is written with the redemption's new discount, in
 * one transaction; unsent rows are the amendments' outbox.
 */
export interface AmendmentRow {
  seq: number;
  id: string;
  redemptionId: string;
  basketId: string;
  basketTotalMinor: number;
  beforeMinor: number;
  afterMinor: number;
  eligibleMinor: number | null;
  reason: 'restacked' | 'lines_changed';
  actorId: string;
  hlc: string;
  createdAt: number;
  sentAt: number | null;
}

const COLUMNS = `seq, id, redemption_id AS redemptionId, basket_id AS basketId, basket_total_minor AS basketTotalMinor,
  before_minor AS beforeMinor, after_minor AS afterMinor, eligible_minor AS eligibleMinor, reason, actor_id AS actorId, hlc,
  created_at AS createdAt, sent_at AS sentAt`;

/** Writes the amendment and moves the redemption's discount (and the ledger totals) to its new figure. Inside the caller's transaction. */
export function insertAmendment(db: Database.Database, a: Omit<AmendmentRow, 'seq' | 'sentAt'>): void {
  stmt(
    db,
    `INSERT INTO redemption_amendments (id, redemption_id, basket_id, basket_total_minor, before_minor, after_minor, eligible_minor,
       reason, actor_id, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, a.redemptionId, a.basketId, a.basketTotalMinor, a.beforeMinor, a.afterMinor, a.eligibleMinor, a.reason, a.actorId, a.hlc, a.createdAt);
  retotal(db, a.redemptionId, () => stmt(db, 'UPDATE redemptions SET discount_minor = ? WHERE id = ?').run(a.afterMinor, a.redemptionId));
}

/** The amendments of one redemption, oldest first. */
export function amendmentsOf(db: Database.Database, redemptionId: string): AmendmentRow[] {
  return stmt<[string], AmendmentRow>(db, `SELECT ${COLUMNS} FROM redemption_amendments WHERE redemption_id = ? ORDER BY seq`).all(redemptionId);
}

/** Up to `limit` amendments not yet taken by HQ, after `afterSeq`, oldest first. */
export function unsentAmendments(db: Database.Database, afterSeq: number, limit: number): AmendmentRow[] {
  return stmt<[number, number], AmendmentRow>(db, `SELECT ${COLUMNS} FROM redemption_amendments WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?`).all(
    afterSeq,
    limit,
  );
}

export function markAmendmentsSent(db: Database.Database, ids: readonly string[], at: number): void {
  const mark = stmt(db, 'UPDATE redemption_amendments SET sent_at = ? WHERE id = ? AND sent_at IS NULL');
  db.transaction(() => ids.forEach((id) => mark.run(at, id)))();
}

export function countUnsentAmendments(db: Database.Database): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM redemption_amendments WHERE sent_at IS NULL').get()!.n;
}
