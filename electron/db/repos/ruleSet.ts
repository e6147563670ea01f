import type Database from 'better-sqlite3';
import { CampaignSchema, type Campaign } from '../../../shared/campaign';
import type { SigningKeyInfo, StoreTill } from '../../../shared/ruleSet';
import { stmt } from '../statements';

/** The cached rule set: campaigns, signing keys, revoked and spent-elsewhere codes, plain codes. */

export function getRuleSetVersion(db: Database.Database): number {
  return stmt<[], { version: number }>(db, 'SELECT version FROM rule_set_state WHERE id = 1').get()?.version ?? 0;
}

export function setRuleSetVersion(db: Database.Database, version: number, appliedAt: number): void {
  stmt(db, 'UPDATE rule_set_state SET version = ?, applied_at = ? WHERE id = 1').run(version, appliedAt);
}

/** Where the till stands in HQ's change log: the chain stream's version and its store stream's (NULL: the same, from before change streams). */
export function getPullCursor(db: Database.Database): { chain: number; store: number } {
  const row = stmt<[], { version: number; store_version: number | null }>(db, 'SELECT version, store_version FROM rule_set_state WHERE id = 1').get();
  return { chain: row?.version ?? 0, store: row?.store_version ?? row?.version ?? 0 };
}

export function setPullCursor(db: Database.Database, cursor: { chain: number; store: number }, appliedAt: number): void {
  stmt(db, 'UPDATE rule_set_state SET version = ?, store_version = ?, applied_at = ? WHERE id = 1').run(cursor.chain, cursor.store, appliedAt);
}

/** What changes whenever a rule-set page is applied (its version, and when): the redemption service reloads its cache on a change. */
export function getRuleSetStamp(db: Database.Database): string {
  const row = stmt<[], { version: number; applied_at: number | null }>(db, 'SELECT version, applied_at FROM rule_set_state WHERE id = 1').get();
  return `${row?.version ?? 0}@${row?.applied_at ?? 0}`;
}

/** The rule engine version the rule set was pulled with (migration 58; before it: 1). */
export function getRuleSetEngine(db: Database.Database): number {
  return stmt<[], { e: number | null }>(db, 'SELECT engine_version AS e FROM rule_set_state WHERE id = 1').get()?.e ?? 1;
}

export function setRuleSetEngine(db: Database.Database, engineVersion: number): void {
  stmt(db, 'UPDATE rule_set_state SET engine_version = ? WHERE id = 1').run(engineVersion);
}

export function getRuleSetAppliedAt(db: Database.Database): number | null {
  return stmt<[], { applied_at: number | null }>(db, 'SELECT applied_at FROM rule_set_state WHERE id = 1').get()?.applied_at ?? null;
}

/** The store's tills by name, as HQ last sent the whole list (replaces what the till holds). */
export function replaceStoreTills(db: Database.Database, tills: readonly StoreTill[]): void {
  stmt(db, 'DELETE FROM store_tills').run();
  const insert = stmt<[string, string]>(db, 'INSERT INTO store_tills (id, name) VALUES (?, ?)');
  for (const t of tills) insert.run(t.id, t.name);
}

/** A till's name at HQ ("Till 2"); null when HQ never named it. */
export function storeTillName(db: Database.Database, id: string): string | null {
  return stmt<[string], { name: string }>(db, 'SELECT name FROM store_tills WHERE id = ?').get(id)?.name ?? null;
}

/** Empties every rule-set table (a reset snapshot replaces what the till holds). */
export function clearRuleSet(db: Database.Database): void {
  db.exec('DELETE FROM campaigns; DELETE FROM signing_keys; DELETE FROM revoked_coupons; DELETE FROM spent_elsewhere; DELETE FROM plain_codes;');
}

export function upsertCampaign(db: Database.Database, campaign: Campaign, ruleSetVersion: number): void {
  stmt(
    db,
    `INSERT INTO campaigns (id, body, rule_set_version) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET body = excluded.body, rule_set_version = excluded.rule_set_version`,
  ).run(campaign.id, JSON.stringify(campaign), ruleSetVersion);
}

export function campaignExists(db: Database.Database, id: number): boolean {
  return stmt<[number], { one: number }>(db, 'SELECT 1 AS one FROM campaigns WHERE id = ?').get(id) !== undefined;
}

/**
 * Every cached campaign, each validated by CampaignSchema: a row that no longer parses
 * (edited by hand, written by a broken build) is left out and reported, never trusted.
 */
export function loadCampaigns(db: Database.Database): { campaigns: Map<number, Campaign>; invalid: number[] } {
  const campaigns = new Map<number, Campaign>();
  const invalid: number[] = [];
  for (const row of stmt<[], { id: number; body: string }>(db, 'SELECT id, body FROM campaigns').iterate()) {
    const parsed = CampaignSchema.safeParse(JSON.parse(row.body));
    if (parsed.success && parsed.data.id === row.id) campaigns.set(row.id, parsed.data);
    else invalid.push(row.id);
  }
  return { campaigns, invalid };
}

export function upsertSigningKey(db: Database.Database, key: SigningKeyInfo): void {
  stmt(
    db,
    `INSERT INTO signing_keys (key_id, public_key, status) VALUES (?, ?, ?)
     ON CONFLICT (key_id) DO UPDATE SET public_key = excluded.public_key, status = excluded.status`,
  ).run(key.keyId, key.publicKey, key.status);
}

export function loadSigningKeys(db: Database.Database): SigningKeyInfo[] {
  return stmt<[], { key_id: number; public_key: string; status: 'active' | 'retired' }>(
    db,
    'SELECT key_id, public_key, status FROM signing_keys ORDER BY key_id',
  )
    .all()
    .map((r) => ({ keyId: r.key_id, publicKey: r.public_key, status: r.status }));
}

export function addRevoked(db: Database.Database, couponKey: string): void {
  stmt(db, 'INSERT OR IGNORE INTO revoked_coupons (coupon_key) VALUES (?)').run(couponKey);
}

export function isRevoked(db: Database.Database, couponKey: string): boolean {
  return stmt<[string], { one: number }>(db, 'SELECT 1 AS one FROM revoked_coupons WHERE coupon_key = ?').get(couponKey) !== undefined;
}

export function setSpentElsewhere(db: Database.Database, couponKey: string, uses: number): void {
  stmt(
    db,
    `INSERT INTO spent_elsewhere (coupon_key, uses) VALUES (?, ?)
     ON CONFLICT (coupon_key) DO UPDATE SET uses = excluded.uses`,
  ).run(couponKey, uses);
}

export function spentElsewhereUses(db: Database.Database, couponKey: string): number {
  return stmt<[string], { uses: number }>(db, 'SELECT uses FROM spent_elsewhere WHERE coupon_key = ?').get(couponKey)?.uses ?? 0;
}

/** The campaign a plain code (by its 16-byte hash) belongs to, or null when it is not in any imported batch. */
export function plainCodeCampaign(db: Database.Database, hash: Uint8Array): number | null {
  return stmt<[Uint8Array], { campaign_id: number }>(db, 'SELECT campaign_id FROM plain_codes WHERE hash = ?').get(hash)?.campaign_id ?? null;
}

export function plainCodeExists(db: Database.Database, hash: Uint8Array): boolean {
  return plainCodeCampaign(db, hash) !== null;
}

/** Adds (or moves) plain codes. Callers wrap this in their transaction. Sorted input inserts fastest. */
export function insertPlainCodes(db: Database.Database, rows: Iterable<{ hash: Uint8Array; campaignId: number }>): number {
  const insert = stmt(db, 'INSERT INTO plain_codes (hash, campaign_id) VALUES (?, ?) ON CONFLICT (hash) DO UPDATE SET campaign_id = excluded.campaign_id');
  let n = 0;
  for (const r of rows) {
    insert.run(r.hash, r.campaignId);
    n++;
  }
  return n;
}

export function removePlainCodes(db: Database.Database, hashes: Iterable<Uint8Array>): void {
  const del = stmt(db, 'DELETE FROM plain_codes WHERE hash = ?');
  for (const h of hashes) del.run(h);
}

export function countPlainCodes(db: Database.Database): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM plain_codes').get()?.n ?? 0;
}
