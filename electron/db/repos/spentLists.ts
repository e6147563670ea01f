import type Database from 'better-sqlite3';
import { stmt } from '../statements';

/** The spent lists the till holds (migration 57): a portable Roaring bitmap per list, and the spent version. */

/** The spent version the till holds (0: none; it asks HQ for the lists whole). */
export function getSpentVersion(db: Database.Database): number {
  return stmt<[], { spent_version: number | null }>(db, 'SELECT spent_version FROM rule_set_state WHERE id = 1').get()?.spent_version ?? 0;
}

export function setSpentVersion(db: Database.Database, version: number): void {
  stmt(db, 'UPDATE rule_set_state SET spent_version = ? WHERE id = 1').run(version);
}

export interface SpentListRow {
  list: string;
  campaignId: number;
  bitmap: Uint8Array;
}

export function getSpentList(db: Database.Database, list: string): SpentListRow | null {
  const r = stmt<[string], { list: string; campaign_id: number; bitmap: Uint8Array }>(
    db,
    'SELECT list, campaign_id, bitmap FROM spent_lists WHERE list = ?',
  ).get(list);
  return r ? { list: r.list, campaignId: r.campaign_id, bitmap: r.bitmap } : null;
}

/** The lists of one campaign: its signed serials' and each of its plain batches'. */
export function spentListsOfCampaign(db: Database.Database, campaignId: number): SpentListRow[] {
  return stmt<[number], { list: string; campaign_id: number; bitmap: Uint8Array }>(
    db,
    'SELECT list, campaign_id, bitmap FROM spent_lists WHERE campaign_id = ?',
  )
    .all(campaignId)
    .map((r) => ({ list: r.list, campaignId: r.campaign_id, bitmap: r.bitmap }));
}

export function putSpentList(db: Database.Database, row: SpentListRow): void {
  stmt(
    db,
    `INSERT INTO spent_lists (list, campaign_id, bitmap) VALUES (?, ?, ?)
     ON CONFLICT (list) DO UPDATE SET campaign_id = excluded.campaign_id, bitmap = excluded.bitmap`,
  ).run(row.list, row.campaignId, row.bitmap);
}

export function deleteSpentList(db: Database.Database, list: string): void {
  stmt(db, 'DELETE FROM spent_lists WHERE list = ?').run(list);
}

export function clearSpentLists(db: Database.Database): void {
  stmt(db, 'DELETE FROM spent_lists').run();
}

/**
 * Plain codes of a campaign in the allow-list whose hash starts with these 4 bytes, counted up to
 * 2 (a range read of the primary key): 1 means a prefix hit can only be that code (decision 073).
 */
export function plainCodesWithPrefix(db: Database.Database, campaignId: number, prefix: Uint8Array): number {
  const lo = new Uint8Array(16);
  lo.set(prefix.subarray(0, 4));
  const hi = new Uint8Array(16).fill(0xff);
  hi.set(prefix.subarray(0, 4));
  return stmt<[Uint8Array, Uint8Array, number], { n: number }>(
    db,
    'SELECT count(*) AS n FROM (SELECT 1 FROM plain_codes WHERE hash >= ? AND hash <= ? AND campaign_id = ? LIMIT 2)',
  ).get(lo, hi, campaignId)!.n;
}

/**
 * This till's uses of a code that HQ counts: redemptions HQ accepted, not voided, or voided here
 * with the void not yet delivered to HQ (HQ still counts that use until the void arrives).
 */
export function ownUsesHqCounts(db: Database.Database, couponKey: string): number {
  return stmt<{ key: string }, { n: number }>(
    db,
    `SELECT (SELECT count(*) FROM redemptions WHERE coupon_key = @key AND kind = 'redeem' AND voided = 0 AND sync_state = 'accepted')
          + (SELECT count(*) FROM redemptions r WHERE r.coupon_key = @key AND r.kind = 'redeem' AND r.voided = 1 AND r.sync_state = 'accepted'
               AND NOT EXISTS (SELECT 1 FROM redemptions v WHERE v.voids_id = r.id AND v.synced = 1)) AS n`,
  ).get({ key: couponKey })!.n;
}
