import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/campaign';
import { applyChange, decodeSpentSet, plainSpentValue, RoaringBitmap32, type SpentLists } from '../../shared/spentList';
import { campaignExists, loadCampaigns } from '../db/repos/ruleSet';
import {
  clearSpentLists,
  deleteSpentList,
  getSpentList,
  getSpentVersion,
  ownUsesHqCounts,
  plainCodesWithPrefix,
  putSpentList,
  setSpentVersion,
  spentListsOfCampaign,
} from '../db/repos/spentLists';
import { stmt } from '../db/statements';

/**
 * The till's side of HQ's spent lists (decisions 072-074): applying a page's lists inside the
 * rule-set transaction, and answering "used up at HQ?" from in-memory bitmaps in O(1).
 */

interface CampaignLists {
  signed: RoaringBitmap32 | null;
  plain: RoaringBitmap32[];
}

/** Bitmaps read from the database, per campaign, until the lists change. */
const caches = new WeakMap<Database.Database, Map<number, CampaignLists>>();

/** Drops the in-memory bitmaps (the next lookup reads them again). */
export function forgetSpentLists(db: Database.Database): void {
  const cache = caches.get(db);
  if (!cache) return;
  for (const c of cache.values()) for (const b of [c.signed, ...c.plain]) b?.dispose();
  caches.delete(db);
}

function campaignLists(db: Database.Database, campaignId: number): CampaignLists {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let lists = cache.get(campaignId);
  if (!lists) {
    lists = { signed: null, plain: [] };
    for (const row of spentListsOfCampaign(db, campaignId)) {
      const bitmap = RoaringBitmap32.deserialize(row.bitmap, 'portable');
      if (row.list.startsWith('s:')) lists.signed = bitmap;
      else lists.plain.push(bitmap);
    }
    cache.set(campaignId, lists);
  }
  return lists;
}

/**
 * Whether HQ's lists say this code is used up. A plain code's 32-bit prefix counts only when no
 * other code of its campaign in the allow-list shares it (decision 073): an ambiguous hit is no hit.
 */
export function usedUpAtHq(db: Database.Database, couponKey: string, campaignId: number): boolean {
  const lists = campaignLists(db, campaignId);
  if (couponKey.startsWith('s:')) {
    const serial = Number(couponKey.slice(couponKey.lastIndexOf(':') + 1));
    return serial <= 0xffff_ffff && lists.signed !== null && lists.signed.has(serial);
  }
  if (lists.plain.length === 0) return false;
  const hash = Buffer.from(couponKey.slice(2), 'hex');
  const value = plainSpentValue(hash);
  if (!lists.plain.some((b) => b.has(value))) return false;
  return plainCodesWithPrefix(db, campaignId, hash) === 1;
}

/**
 * Uses of the code HQ counts at other tills, from the lists: none unless it is used up; then the
 * campaign's uses per code less this till's own uses HQ counts (its own winning use, voided here
 * with the void not yet at HQ, is not another till's).
 */
export function spentListUsesElsewhere(db: Database.Database, couponKey: string, campaign: Campaign): number {
  if (!usedUpAtHq(db, couponKey, campaign.id)) return 0;
  return Math.max(0, Math.max(1, campaign.rules.usesPerCode ?? 1) - ownUsesHqCounts(db, couponKey));
}

/** Codes the lists now hold lose their per-code rows; multi-use codes' counts stay (the lists say only "used up"). */
function dropSingleUseSpentElsewhere(db: Database.Database): void {
  const { campaigns } = loadCampaigns(db);
  const single = (id: number | undefined) => id === undefined || (campaigns.get(id)?.rules.usesPerCode ?? 1) <= 1;
  const del = stmt<[string]>(db, 'DELETE FROM spent_elsewhere WHERE coupon_key = ?');
  const plainCampaign = stmt<[Buffer], { campaign_id: number }>(db, 'SELECT campaign_id FROM plain_codes WHERE hash = ?');
  const keys = stmt<[], { coupon_key: string }>(db, 'SELECT coupon_key FROM spent_elsewhere')
    .all()
    .map((r) => r.coupon_key);
  for (const key of keys) {
    const id = key.startsWith('s:') ? Number(key.split(':')[1]) : plainCampaign.get(Buffer.from(key.slice(2), 'hex'))?.campaign_id;
    if (single(id)) del.run(key);
  }
}

/** Applies a page's spent lists (inside the rule-set transaction). Returns why it refuses them, or null. */
export function applySpentLists(db: Database.Database, s: SpentLists): string | null {
  const held = getSpentVersion(db);
  if (!s.reset && s.fromVersion !== held) return `spent list gap: this till holds spent version ${held}, the page starts from ${s.fromVersion}`;
  forgetSpentLists(db);
  if (s.reset) {
    clearSpentLists(db);
    dropSingleUseSpentElsewhere(db);
  }
  for (const list of s.dropped) deleteSpentList(db, list);
  for (const [i, c] of s.lists.entries()) {
    if (!campaignExists(db, c.campaignId)) return `spentLists.lists[${i}] refers to campaign ${c.campaignId}, which this rule set does not define`;
    if (c.list.startsWith('s:') && c.list !== `s:${c.campaignId}`) return `spentLists.lists[${i}]: list ${c.list} is not campaign ${c.campaignId}'s`;
    const added = decodeSpentSet(c.added, c.coding);
    const removed = decodeSpentSet(c.removed, c.coding);
    const before = getSpentList(db, c.list);
    const whole = before ? RoaringBitmap32.deserialize(before.bitmap, 'portable') : new RoaringBitmap32();
    try {
      if (!added || !removed) return `spentLists.lists[${i}] (${c.list}): not a ${c.coding === 'rice' ? 'Rice-coded set' : 'portable Roaring bitmap'}`;
      applyChange(whole, added, removed);
      whole.runOptimize();
      putSpentList(db, { list: c.list, campaignId: c.campaignId, bitmap: whole.serialize('portable') });
    } finally {
      for (const b of [added, removed, whole]) b?.dispose();
    }
  }
  setSpentVersion(db, s.toVersion);
  return null;
}

/** The next pull starts the lists again from nothing (another HQ, or a till restarted from scratch). */
export function restartSpentLists(db: Database.Database): void {
  forgetSpentLists(db);
  setSpentVersion(db, 0);
}

export { getSpentVersion as currentSpentVersion };
