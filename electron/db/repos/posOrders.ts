import type Database from 'better-sqlite3';
import type { OrderEffects, OrderLine, OrderState } from '../../../shared/pos/orders';
import { stmt } from '../statements';

/** A POS order as stored (pos_orders, migration 52). Lines and closed effects are JSON. */
export interface OrderRow {
  orderId: string;
  basketId: string;
  state: OrderState;
  lines: OrderLine[];
  memberId: string | null;
  memberTier: string | null;
  receiptNo: string | null;
  paidTotalMinor: number | null;
  /** The line modifiers frozen at close: the base of every later return's proration. */
  closedEffects: OrderEffects | null;
  endedBy: 'pos' | 'timeout' | null;
  openedBy: string;
  openedAt: number;
  updatedAt: number;
  endedAt: number | null;
}

interface Raw {
  order_id: string;
  basket_id: string;
  state: OrderState;
  lines: string;
  member_id: string | null;
  member_tier: string | null;
  receipt_no: string | null;
  paid_total_minor: number | null;
  closed_effects: string | null;
  ended_by: 'pos' | 'timeout' | null;
  opened_by: string;
  opened_at: number;
  updated_at: number;
  ended_at: number | null;
}

const toRow = (r: Raw): OrderRow => ({
  orderId: r.order_id,
  basketId: r.basket_id,
  state: r.state,
  lines: JSON.parse(r.lines) as OrderLine[],
  memberId: r.member_id,
  memberTier: r.member_tier,
  receiptNo: r.receipt_no,
  paidTotalMinor: r.paid_total_minor,
  closedEffects: r.closed_effects ? (JSON.parse(r.closed_effects) as OrderEffects) : null,
  endedBy: r.ended_by,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  endedAt: r.ended_at,
});

export function getOrder(db: Database.Database, orderId: string): OrderRow | null {
  const r = stmt<[string], Raw>(db, 'SELECT * FROM pos_orders WHERE order_id = ?').get(orderId);
  return r ? toRow(r) : null;
}

export function putOrder(db: Database.Database, o: OrderRow): void {
  stmt(
    db,
    `INSERT INTO pos_orders (order_id, basket_id, state, lines, member_id, member_tier, receipt_no, paid_total_minor, closed_effects, ended_by, opened_by, opened_at, updated_at, ended_at)
    VALUES (@orderId, @basketId, @state, @lines, @memberId, @memberTier, @receiptNo, @paidTotalMinor, @closedEffects, @endedBy, @openedBy, @openedAt, @updatedAt, @endedAt)
    ON CONFLICT (order_id) DO UPDATE SET state = excluded.state, lines = excluded.lines, member_id = excluded.member_id, member_tier = excluded.member_tier,
      receipt_no = excluded.receipt_no, paid_total_minor = excluded.paid_total_minor, closed_effects = excluded.closed_effects, ended_by = excluded.ended_by,
      updated_at = excluded.updated_at, ended_at = excluded.ended_at`,
  ).run({
    ...o,
    lines: JSON.stringify(o.lines),
    closedEffects: o.closedEffects ? JSON.stringify(o.closedEffects) : null,
  });
}

/** Open orders not touched since `before` (the POS died or forgot them), oldest first. */
export function staleOpenOrders(db: Database.Database, before: number, limit = 100): string[] {
  return stmt<[number, number], { order_id: string }>(
    db,
    "SELECT order_id FROM pos_orders WHERE state = 'open' AND updated_at <= ? ORDER BY updated_at LIMIT ?",
  )
    .all(before, limit)
    .map((r) => r.order_id);
}

/** Units returned so far, per line. */
/** The open order touched last (the till's current POS order), or null. */
export function latestOpenOrder(db: Database.Database): string | null {
  return (
    stmt<[], { order_id: string }>(db, "SELECT order_id FROM pos_orders WHERE state = 'open' ORDER BY updated_at DESC, order_id DESC LIMIT 1").get()
      ?.order_id ?? null
  );
}

export function returnedByLine(db: Database.Database, orderId: string): Map<string, number> {
  const rows = stmt<[string], { line_id: string; q: number }>(
    db,
    'SELECT line_id, SUM(quantity) AS q FROM pos_order_returns WHERE order_id = ? GROUP BY line_id',
  ).all(orderId);
  return new Map(rows.map((r) => [r.line_id, r.q]));
}

export function reversedTotal(db: Database.Database, orderId: string): number {
  return stmt<[string], { s: number | null }>(db, 'SELECT SUM(amount_minor) AS s FROM pos_order_reversals WHERE order_id = ?').get(orderId)?.s ?? 0;
}

/** Reversed so far, per redemption. */
export function reversedByRedemption(db: Database.Database, orderId: string): Map<string, number> {
  const rows = stmt<[string], { redemption_id: string; s: number }>(
    db,
    'SELECT redemption_id, SUM(amount_minor) AS s FROM pos_order_reversals WHERE order_id = ? GROUP BY redemption_id',
  ).all(orderId);
  return new Map(rows.map((r) => [r.redemption_id, r.s]));
}

export function insertReturn(db: Database.Database, r: { returnId: string; orderId: string; lineId: string; quantity: number; at: number }): void {
  stmt(db, 'INSERT INTO pos_order_returns (return_id, order_id, line_id, quantity, at) VALUES (?, ?, ?, ?, ?)').run(
    r.returnId,
    r.orderId,
    r.lineId,
    r.quantity,
    r.at,
  );
}

export function insertReversal(
  db: Database.Database,
  r: { returnId: string; orderId: string; redemptionId: string; lineId: string; amountMinor: number; at: number },
): void {
  stmt(db, 'INSERT INTO pos_order_reversals (return_id, order_id, redemption_id, line_id, amount_minor, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    r.returnId,
    r.orderId,
    r.redemptionId,
    r.lineId,
    r.amountMinor,
    r.at,
  );
}

/** An order event for HQ (closed, cancelled, returned): queued in the same transaction as the change. */
export function enqueueOrderEvent(
  db: Database.Database,
  e: { id: string; orderId: string; kind: 'closed' | 'cancelled' | 'returned'; payload: unknown; at: number },
): void {
  stmt(db, 'INSERT INTO pos_order_events (id, order_id, kind, payload, at) VALUES (?, ?, ?, ?, ?)').run(
    e.id,
    e.orderId,
    e.kind,
    JSON.stringify(e.payload),
    e.at,
  );
}

export function orderEvents(db: Database.Database, orderId: string): { kind: string; payload: unknown }[] {
  return stmt<[string], { kind: string; payload: string }>(db, 'SELECT kind, payload FROM pos_order_events WHERE order_id = ? ORDER BY seq')
    .all(orderId)
    .map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
}

/** An answer kept for an idempotent call: same scope and key, same request -> the same answer. */
export function findIdempotentAnswer(db: Database.Database, scope: string, key: string): { requestHash: string; answer: string } | null {
  const r = stmt<[string, string], { request_hash: string; answer: string }>(
    db,
    'SELECT request_hash, answer FROM pos_idempotency WHERE scope = ? AND key = ?',
  ).get(scope, key);
  return r ? { requestHash: r.request_hash, answer: r.answer } : null;
}

export function saveIdempotentAnswer(db: Database.Database, a: { scope: string; key: string; requestHash: string; answer: string; at: number }): void {
  stmt(db, 'INSERT INTO pos_idempotency (scope, key, request_hash, answer, at) VALUES (?, ?, ?, ?, ?)').run(a.scope, a.key, a.requestHash, a.answer, a.at);
}
