import type Database from 'better-sqlite3';
import { OrderEventUploadSchema, type OrderEventUpload, type OrderPushItemResult } from '../../../shared/orderSync';
import type { OrderEffects, OrderLine } from '../../../shared/pos/orders';
import { getTillConfig } from '../../db/repos/tillConfig';
import { stmt } from '../../db/statements';

/**
 * Sends the POS's order events (closed, cancelled, returned; queued in pos_order_events by
 * electron/services/pos in the same transaction as the change) to HQ's POST /v1/sync/orders,
 * after the redemption push, so the redemptions they name are there first. Each event goes as
 * one upload (shared/orderSync.ts) built from the queue row and, for a close, the lines and
 * modifiers frozen on the order: the same event always makes the same upload, so a retry is a
 * duplicate at HQ. An HQ without the endpoint (older, 404) leaves them waiting, harmlessly.
 */

interface EventRow {
  seq: number;
  id: string;
  order_id: string;
  kind: 'closed' | 'cancelled' | 'returned';
  payload: string;
  at: number;
  next_attempt_at?: number | null;
}

export interface OrderEventSender {
  push(items: OrderEventUpload[]): Promise<{ results: OrderPushItemResult[] }>;
}

/** The upload for one queued event, or a reason it cannot be made (then HQ would refuse it too). */
export function orderEventUpload(db: Database.Database, row: EventRow, who: { storeId: string; tillId: string }): OrderEventUpload | string {
  const p = JSON.parse(row.payload) as Record<string, unknown>;
  const base = { id: row.id, storeId: who.storeId, tillId: who.tillId, orderId: row.order_id, at: row.at, seq: row.seq };
  let upload: unknown;
  if (row.kind === 'closed') {
    const order = stmt<[string], { lines: string; closed_effects: string | null }>(db, 'SELECT lines, closed_effects FROM pos_orders WHERE order_id = ?').get(
      row.order_id,
    );
    if (!order?.closed_effects) return `order ${row.order_id} has no frozen effects`;
    const effects = JSON.parse(order.closed_effects) as OrderEffects;
    const lines = (JSON.parse(order.lines) as OrderLine[]).map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      ...(l.category !== undefined ? { category: l.category } : {}),
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      modifiers: (effects.lines.find((e) => e.lineId === l.lineId)?.modifiers ?? []).map((m) => ({
        redemptionId: m.redemptionId,
        campaignId: m.campaignId,
        amountMinor: m.amountMinor,
      })),
    }));
    upload = {
      ...base,
      kind: 'closed',
      receiptNo: p.receiptNo,
      paidTotalMinor: p.paidTotalMinor,
      totalMinor: p.totalMinor,
      discountMinor: p.discountMinor,
      redemptionIds: p.redemptionIds,
      lines,
    };
  } else if (row.kind === 'cancelled') {
    upload = { ...base, kind: 'cancelled', endedBy: p.endedBy, reason: p.reason, voidedRedemptionIds: p.voidedRedemptionIds };
  } else {
    upload = { ...base, kind: 'returned', returnId: p.returnId, lines: p.lines, reversals: p.reversals, reinstated: p.reinstated };
  }
  const parsed = OrderEventUploadSchema.safeParse(upload);
  return parsed.success ? parsed.data : `order event ${row.id} does not make a valid upload: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
}

/**
 * One pass over the order events not yet sent, oldest first, in batches. An event HQ refused
 * (or one that makes no valid upload) waits `retryMs` before it is tried again, so it never
 * holds back the ones after it. Returns how many HQ took.
 */
export class OrderEventPusher {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly opts: { batchSize: number; retryMs: number },
  ) {}

  async pushAll(sender: OrderEventSender): Promise<number> {
    const who = getTillConfig(this.db);
    if (!who) return 0;
    let sent = 0;
    for (let after = 0; ;) {
      const rows = stmt<[number, number], EventRow>(
        this.db,
        'SELECT seq, id, order_id, kind, payload, at, next_attempt_at FROM pos_order_events WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?',
      ).all(after, this.opts.batchSize);
      if (rows.length === 0) return sent;
      after = rows[rows.length - 1]!.seq;
      const items: OrderEventUpload[] = [];
      for (const r of rows) {
        if ((r.next_attempt_at ?? 0) > this.now()) continue;
        const u = orderEventUpload(this.db, r, who);
        if (typeof u === 'string') this.hold(r.id, u);
        else items.push(u);
      }
      if (items.length === 0) continue;
      const { results } = await sender.push(items);
      const taken = results.filter((r) => r.status === 'applied' || r.status === 'duplicate').map((r) => r.id);
      for (const r of results)
        if (r.status === 'rejected') this.hold(r.id, `HQ refused order event ${r.id} (${r.httpStatus ?? 400} ${r.reason ?? ''}): ${r.error ?? ''}`);
      const mark = stmt(this.db, 'UPDATE pos_order_events SET sent_at = ? WHERE id = ? AND sent_at IS NULL');
      this.db.transaction(() => taken.forEach((id) => mark.run(this.now(), id)))();
      sent += taken.length;
    }
  }

  /** Why the last event held back is waiting (kept in its row: a restart does not forget it), or null when none waits. */
  get lastError(): string | null {
    return (
      stmt<[], { last_error: string }>(
        this.db,
        'SELECT last_error FROM pos_order_events WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY next_attempt_at DESC, seq DESC LIMIT 1',
      ).get()?.last_error ?? null
    );
  }

  /** Holds an event for retryMs with the reason, in its own row (attempts counted). */
  private hold(id: string, error: string): void {
    stmt(this.db, 'UPDATE pos_order_events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND sent_at IS NULL').run(
      error.slice(0, 500),
      this.now() + this.opts.retryMs,
      id,
    );
  }
}
