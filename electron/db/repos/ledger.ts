import type Database from 'better-sqlite3';
import type { ConflictWinner } from '../../../shared/ipc/types';
import type { HqVerdict } from '../../../shared/ruleSet';
import type { RedemptionRecord, SyncState } from '../../../shared/redemption';
import { stmt } from '../statements';
import { countInTotals, retotal } from './ledgerTotals';

/** The redemption ledger: one row per redemption or void, never deleted. */

interface LedgerRow {
  id: string;
  kind: 'redeem' | 'void';
  voids_id: string | null;
  coupon_key: string;
  campaign_id: number;
  store_id: string;
  till_id: string;
  cashier_id: string;
  basket_id: string;
  basket_total_minor: number;
  discount_minor: number;
  member_id: string | null;
  source: string;
  hlc: string;
  created_at: number;
  reason: string | null;
  approved_by: string | null;
  sync_state: SyncState;
  synced: number;
  voided: number;
}

/** A ledger entry plus what HQ said about it. */
export interface LedgerEntry extends RedemptionRecord {
  hqWinnerId: string | null;
  /** Who won the code, when HQ said (HQs before this sent only the id). */
  hqWinner: ConflictWinner | null;
  hqResolution: string | null;
  hqNote: string | null;
}

interface HqColumns {
  hq_winner_id: string | null;
  hq_winner_till_id: string | null;
  hq_winner_till_name: string | null;
  hq_winner_store_id: string | null;
  hq_winner_at: number | null;
  hq_resolution: string | null;
  hq_note: string | null;
}

const COLUMNS = `id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id,
  basket_total_minor, discount_minor, member_id, source, hlc, created_at, reason, approved_by,
  sync_state, synced, voided, hq_winner_id, hq_winner_till_id, hq_winner_till_name, hq_winner_store_id, hq_winner_at,
  hq_resolution, hq_note`;

function winnerOf(r: HqColumns): ConflictWinner | null {
  if (r.hq_winner_till_id === null || r.hq_winner_store_id === null || r.hq_winner_at === null) return null;
  return { tillId: r.hq_winner_till_id, tillName: r.hq_winner_till_name, storeId: r.hq_winner_store_id, redeemedAt: r.hq_winner_at };
}

export function toEntry(r: LedgerRow & HqColumns): LedgerEntry {
  return {
    id: r.id,
    kind: r.kind,
    voidsId: r.voids_id,
    couponKey: r.coupon_key,
    campaignId: r.campaign_id,
    storeId: r.store_id,
    tillId: r.till_id,
    cashierId: r.cashier_id,
    basketId: r.basket_id,
    basketTotalMinor: r.basket_total_minor,
    discountMinor: r.discount_minor,
    memberId: r.member_id,
    source: r.source,
    hlc: r.hlc,
    createdAt: r.created_at,
    reason: r.reason,
    approvedBy: r.approved_by,
    syncState: r.sync_state,
    synced: r.synced === 1,
    voided: r.voided === 1,
    hqWinnerId: r.hq_winner_id,
    hqWinner: winnerOf(r),
    hqResolution: r.hq_resolution,
    hqNote: r.hq_note,
  };
}

type FullRow = Parameters<typeof toEntry>[0];

export function insertLedgerEntry(db: Database.Database, r: RedemptionRecord, requestId: string | null): void {
  stmt(
    db,
    `INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id,
       basket_total_minor, discount_minor, member_id, source, hlc, created_at, reason, approved_by, request_id,
       voided, synced, sync_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.id,
    r.kind,
    r.voidsId,
    r.couponKey,
    r.campaignId,
    r.storeId,
    r.tillId,
    r.cashierId,
    r.basketId,
    r.basketTotalMinor,
    r.discountMinor,
    r.memberId,
    r.source,
    r.hlc,
    r.createdAt,
    r.reason,
    r.approvedBy,
    requestId,
    r.voided ? 1 : 0,
    r.synced ? 1 : 0,
    r.syncState,
  );
  countInTotals(
    db,
    {
      created_at: r.createdAt,
      kind: r.kind,
      voided: r.voided ? 1 : 0,
      campaign_id: r.campaignId,
      cashier_id: r.cashierId,
      till_id: r.tillId,
      sync_state: r.syncState,
      discount_minor: r.discountMinor,
    },
    1,
  );
}

export function getLedgerEntry(db: Database.Database, id: string): LedgerEntry | null {
  const row = stmt<[string], FullRow>(db, `SELECT ${COLUMNS} FROM redemptions WHERE id = ?`).get(id);
  return row ? toEntry(row) : null;
}

export function findByRequestId(db: Database.Database, requestId: string): LedgerEntry | null {
  const row = stmt<[string], FullRow>(db, `SELECT ${COLUMNS} FROM redemptions WHERE request_id = ?`).get(requestId);
  return row ? toEntry(row) : null;
}

/** The live (not voided) redemption of this coupon on this basket, if any. */
export function findLiveOnBasket(db: Database.Database, basketId: string, couponKey: string): LedgerEntry | null {
  const row = stmt<[string, string], FullRow>(
    db,
    `SELECT ${COLUMNS} FROM redemptions WHERE basket_id = ? AND coupon_key = ? AND kind = 'redeem' AND voided = 0 LIMIT 1`,
  ).get(basketId, couponKey);
  return row ? toEntry(row) : null;
}

/** Every ledger entry for a basket, oldest first. */
export function basketEntries(db: Database.Database, basketId: string): LedgerEntry[] {
  return stmt<[string], FullRow>(db, `SELECT ${COLUMNS} FROM redemptions WHERE basket_id = ? ORDER BY hlc`).all(basketId).map(toEntry);
}

export function markVoided(db: Database.Database, id: string): void {
  retotal(db, id, () => stmt(db, 'UPDATE redemptions SET voided = 1 WHERE id = ?').run(id));
}

/**
 * HQ stored these entries. HQ sends no verdict for a void (its verdicts are about who holds a
 * code's use), so HQ applying a void is what settles it: a delivered void is 'accepted'.
 */
export function markSynced(db: Database.Database, ids: readonly string[]): void {
  const s = stmt(
    db,
    `UPDATE redemptions SET synced = 1,
       sync_state = CASE WHEN kind = 'void' AND sync_state = 'pending' THEN 'accepted' ELSE sync_state END
     WHERE id = ?`,
  );
  for (const id of ids) retotal(db, id, () => s.run(id));
}

/**
 * Records HQ's verdict on one of this till's redemptions (each verdict replaces the last one,
 * winner included). Returns false when the redemption is unknown.
 */
export function applyHqVerdict(db: Database.Database, v: HqVerdict): boolean {
  const w = v.winner;
  const info = retotal(db, v.redemptionId, () =>
    stmt(
      db,
      `UPDATE redemptions SET sync_state = ?, synced = 1, hq_winner_id = ?, hq_winner_till_id = ?, hq_winner_till_name = ?,
       hq_winner_store_id = ?, hq_winner_at = ?, hq_resolution = ?, hq_note = ? WHERE id = ?`,
    ).run(
      v.status,
      v.winnerId ?? null,
      w?.tillId ?? null,
      w?.tillName ?? null,
      w?.storeId ?? null,
      w?.redeemedAt ?? null,
      v.resolution ?? null,
      v.note ?? null,
      v.redemptionId,
    ),
  );
  return info.changes === 1;
}

export function ledgerEntryExists(db: Database.Database, id: string): boolean {
  return stmt<[string], { one: number }>(db, 'SELECT 1 AS one FROM redemptions WHERE id = ?').get(id) !== undefined;
}

/** Use counts that the rule engine needs, from live local redemptions. */
export function countCodeUses(db: Database.Database, couponKey: string): number {
  return stmt<[string], { n: number }>(db, `SELECT count(*) AS n FROM redemptions WHERE coupon_key = ? AND kind = 'redeem' AND voided = 0`).get(couponKey)!.n;
}

export function countMemberUses(db: Database.Database, memberId: string, campaignId: number): number {
  return stmt<[string, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM redemptions WHERE member_id = ? AND campaign_id = ? AND kind = 'redeem' AND voided = 0`,
  ).get(memberId, campaignId)!.n;
}

export function countCampaignUses(db: Database.Database, campaignId: number): number {
  return stmt<[number], { n: number }>(db, `SELECT count(*) AS n FROM redemptions WHERE campaign_id = ? AND kind = 'redeem' AND voided = 0`).get(campaignId)!.n;
}

export type { FullRow as LedgerRow, LedgerRow as LedgerBaseRow };
export const LEDGER_COLUMNS = COLUMNS;
