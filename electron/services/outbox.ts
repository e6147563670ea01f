import type Database from 'better-sqlite3';
import { RedemptionUploadSchema, type RedemptionRecord, type RedemptionUpload } from '../../shared/redemption';
import { markSynced } from '../db/repos/ledger';
import { stmt } from '../db/statements';

/**
 * The outbox: every ledger entry waiting to reach HQ, in the order it was written.
 * Rows are added in the same transaction as the ledger entry (see redemption.ts) and
 * never deleted: delivered_at marks them done, so "exactly once" is checkable.
 */

export interface OutboxItem {
  seq: number;
  redemptionId: string;
  payload: RedemptionUpload;
  attempts: number;
}

/** What HQ needs to recompute a redemption's discount: the campaign version and the eligible amount the rule engine used. */
export interface UploadFigures {
  campaignVersion?: number;
  eligibleMinor?: number;
  /** The POS receipt a manual basket's redemption discounted (the cashier typed it). */
  receiptNo?: string;
}

/** The upload HQ receives for a ledger entry (HQ-only fields such as sync_state stay local). */
export function toUpload(r: RedemptionRecord): RedemptionUpload {
  return {
    id: r.id,
    kind: r.kind,
    voidsId: r.voidsId,
    couponKey: r.couponKey,
    campaignId: r.campaignId,
    storeId: r.storeId,
    tillId: r.tillId,
    cashierId: r.cashierId,
    basketId: r.basketId,
    basketTotalMinor: r.basketTotalMinor,
    discountMinor: r.discountMinor,
    memberId: r.memberId,
    source: r.source,
    hlc: r.hlc,
    createdAt: r.createdAt,
    reason: r.reason,
    approvedBy: r.approvedBy,
  };
}

/**
 * Queues a ledger entry for HQ. Call inside the transaction that wrote the entry. The upload
 * is checked against HQ's schema here, so an entry HQ would refuse can never be committed
 * (it would block the ordered outbox); the caller's transaction rolls back instead.
 */
export function enqueueOutbox(db: Database.Database, record: RedemptionRecord, now: number, figures: UploadFigures = {}): number {
  const payload = RedemptionUploadSchema.parse({ ...toUpload(record), ...figures });
  const info = stmt(db, 'INSERT INTO outbox (redemption_id, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?)').run(
    record.id,
    JSON.stringify(payload),
    now,
    now,
  );
  return Number(info.lastInsertRowid);
}

interface OutboxRow {
  seq: number;
  redemption_id: string;
  payload: string;
  attempts: number;
}

/**
 * Up to `limit` undelivered items, oldest first. An item still waiting out its retry delay (for
 * example one HQ refused) is skipped rather than holding back everything behind it, since HQ's
 * verdicts do not depend on arrival order and one bad entry must not stall the till; but a void
 * never overtakes its redemption: it waits with it.
 */
export function pendingOutbox(db: Database.Database, limit: number, now: number): OutboxItem[] {
  const rows = stmt<[number], OutboxRow & { next_attempt_at: number }>(
    db,
    'SELECT seq, redemption_id, payload, attempts, next_attempt_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT ?',
  ).all(Math.max(1, Math.min(10_000, Math.trunc(limit))));
  const out: OutboxItem[] = [];
  const held = new Set<string>();
  for (const r of rows) {
    const payload = RedemptionUploadSchema.parse(JSON.parse(r.payload));
    if (r.next_attempt_at > now || (payload.voidsId !== null && held.has(payload.voidsId))) {
      held.add(r.redemption_id);
      continue;
    }
    // The outbox order travels with the item, so HQ can check this till's HLC times never go back in it.
    out.push({ seq: r.seq, redemptionId: r.redemption_id, payload: { ...payload, seq: r.seq }, attempts: r.attempts });
  }
  return out;
}

/** HQ acknowledged these items: mark them delivered and their ledger entries synced, together. */
export function markDelivered(db: Database.Database, seqs: readonly number[], at: number = Date.now()): void {
  db.transaction(() => {
    const ids: string[] = [];
    const get = stmt<[number], { redemption_id: string }>(db, 'SELECT redemption_id FROM outbox WHERE seq = ?');
    const upd = stmt(db, 'UPDATE outbox SET delivered_at = ?, last_error = NULL WHERE seq = ? AND delivered_at IS NULL');
    for (const seq of seqs) {
      const row = get.get(seq);
      if (!row) continue;
      upd.run(at, seq);
      ids.push(row.redemption_id);
    }
    markSynced(db, ids);
  })();
}

/** A delivery attempt failed: count it, keep the error for the manager, and back off until nextAttemptAt. */
export function markFailed(db: Database.Database, seq: number, error: string, nextAttemptAt: number): void {
  stmt(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ? AND delivered_at IS NULL').run(
    error.slice(0, 2000),
    nextAttemptAt,
    seq,
  );
}

export interface OutboxStatus {
  waiting: number;
  oldestWaitingAt: number | null;
  lastSyncAt: number | null;
  lastError: string | null;
}

export function outboxStatus(db: Database.Database): OutboxStatus {
  const w = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL').get()!;
  const oldest = stmt<[], { at: number }>(db, 'SELECT created_at AS at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT 1').get();
  // The WHERE lets the partial index outbox_delivered answer it; without it, max() read every row of the outbox.
  const last = stmt<[], { at: number | null }>(db, 'SELECT max(delivered_at) AS at FROM outbox WHERE delivered_at IS NOT NULL').get()!;
  const err = stmt<[], { e: string | null }>(
    db,
    'SELECT last_error AS e FROM outbox WHERE delivered_at IS NULL AND last_error IS NOT NULL ORDER BY seq LIMIT 1',
  ).get();
  return { waiting: w.n, oldestWaitingAt: oldest?.at ?? null, lastSyncAt: last.at, lastError: err?.e ?? null };
}
