import type Database from 'better-sqlite3';
import { RuleSetUpdateSchema, type RuleSetUpdate } from '../../shared/ruleSet';
import { isValidTimeZone } from '../../shared/rules';
import { beyondThisEngine, ENGINE_VERSION } from '../../shared/rules/engineVersion';
import { applyHqVerdict } from '../db/repos/ledger';
import {
  addRevoked,
  campaignExists,
  clearRuleSet,
  getRuleSetAppliedAt,
  getPullCursor,
  getRuleSetEngine,
  getRuleSetVersion,
  insertPlainCodes,
  loadSigningKeys,
  plainCodeExists,
  removePlainCodes,
  replaceStoreTills,
  setPullCursor,
  setRuleSetEngine,
  setSpentElsewhere,
  upsertCampaign,
  upsertSigningKey,
} from '../db/repos/ruleSet';
import { getTillConfig, updateStoreInfo } from '../db/repos/tillConfig';
import { appendAudit } from './audit';
import { applyHqUsers, hqUsersProblem } from './auth/hqUsers';
import { KeyRing } from './codeSigning';
import { applySpentLists, restartSpentLists } from './spentLists';

/**
 * Applying HQ's rule-set updates. A page applies only on top of the version the till holds
 * (or as a reset snapshot), all-or-nothing in ONE transaction: a malformed page, a version gap,
 * a dangling reference or any failure half-way leaves every table exactly as it was.
 */

/**
 * `signOut` (only when not empty): users whose sessions must end now, because HQ disabled them or
 * changed their role or PIN. The caller ends them (SessionStore.endUser); the database is done.
 */
export type ApplyResult = { ok: true; version: number; signOut?: string[] } | { ok: false; error: string };

/** A reason to refuse an update, in words for the log and the manager. */
class RuleSetRejected extends Error {}

export function currentRuleSetVersion(db: Database.Database): number {
  return getRuleSetVersion(db);
}

/** The till's place in HQ's change log: a version per change stream (chain, store). */
export function currentPullCursor(db: Database.Database): { chain: number; store: number } {
  return getPullCursor(db);
}

/** The next pull starts from a full snapshot (version 0); the rule set held stays in use until it replaces it. */
export function restartRuleSet(db: Database.Database): void {
  setPullCursor(db, { chain: 0, store: 0 }, getRuleSetAppliedAt(db) ?? 0);
  restartSpentLists(db);
}

/**
 * A page carrying a live campaign for a newer rule engine than this till's is refused whole, with
 * the reason, before its schema is read (a mechanic this till does not know would fail the schema
 * with a less useful message). HQ holds such campaigns back for this till (decision 083); this is
 * the guard when it did not.
 */
function beyondEngineError(update: unknown): string | null {
  const campaigns = (update as { campaigns?: unknown } | null)?.campaigns;
  if (!Array.isArray(campaigns)) return null;
  for (const c of campaigns as { id?: unknown; name?: unknown; status?: unknown; engineVersion?: unknown }[]) {
    if (typeof c?.engineVersion !== 'number' || c.status === 'ended' || !beyondThisEngine(c as { engineVersion: number })) continue;
    return `rule-set page refused: campaign ${String(c.id)} (${String(c.name).slice(0, 80)}) needs rule engine ${c.engineVersion}, this till runs engine ${ENGINE_VERSION}: update the till; nothing was changed`;
  }
  return null;
}

/**
 * A till whose rule engine is newer than the one its rule set was pulled with pulls a fresh
 * snapshot (once), so the campaigns HQ held back for its older engine arrive. True when it restarted.
 */
export function restartIfEngineRose(db: Database.Database): boolean {
  if (getRuleSetVersion(db) === 0 || getRuleSetEngine(db) >= ENGINE_VERSION) return false;
  restartRuleSet(db);
  return true;
}

function schemaError(update: unknown): string | RuleSetUpdate {
  const parsed = RuleSetUpdateSchema.safeParse(update);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(update)'}: ${i.message}`);
  return `malformed rule-set update: ${issues.join('; ')}${parsed.error.issues.length > 3 ? ` (+${parsed.error.issues.length - 3} more)` : ''}`;
}

/**
 * Decodes a 22-character base64url hash (shape already checked by the schema) to 16 bytes.
 * The last character carries 2 bits of padding that must be zero (canonical form).
 */
function decodeHash(text: string): Buffer | null {
  if (text.length !== 22 || !'AQgw'.includes(text[21]!)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === 16 ? bytes : null;
}

/** Sorted by bytes (latin1 strings compare like the bytes) so the B-tree inserts stay local. */
function sortByHash<T extends { hash: Buffer }>(rows: T[]): T[] {
  const keyed = rows.map((r) => ({ k: r.hash.toString('latin1'), r }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.r);
}

function decodePlainCodes(codes: RuleSetUpdate['plainCodes']): { hash: Buffer; campaignId: number }[] {
  return sortByHash(
    codes.map((c, i) => {
      const hash = decodeHash(c.hash);
      if (!hash) throw new RuleSetRejected(`plainCodes[${i}]: hash is not 16 bytes of canonical base64url`);
      return { hash, campaignId: c.campaignId };
    }),
  );
}

function checkCampaignsKnown(db: Database.Database, ids: Iterable<number>, what: string): void {
  for (const id of new Set(ids)) {
    if (!campaignExists(db, id)) throw new RuleSetRejected(`${what} refers to campaign ${id}, which this rule set does not define`);
  }
}

/** Coupon keys must name a known campaign (signed) or a known plain code. */
function checkCouponKeys(db: Database.Database, keys: readonly string[], what: string): void {
  for (const key of keys) {
    if (key.startsWith('s:')) {
      checkCampaignsKnown(db, [Number(key.split(':')[1])], `${what} ${key}`);
    } else if (!plainCodeExists(db, Buffer.from(key.slice(2), 'hex'))) {
      throw new RuleSetRejected(`${what} ${key} is not a plain code in the allow-list`);
    }
  }
}

function applyStore(db: Database.Database, store: RuleSetUpdate['store']): void {
  if (!store) return;
  if (!isValidTimeZone(store.timeZone)) throw new RuleSetRejected(`store time zone ${JSON.stringify(store.timeZone)} is not a known IANA time zone`);
  const till = getTillConfig(db);
  if (till && till.storeId !== store.id) throw new RuleSetRejected(`update is for store ${store.id}, but this till belongs to store ${till.storeId}`);
  if (till) updateStoreInfo(db, store.name, store.timeZone, store.currency);
}

function applyInside(db: Database.Database, u: RuleSetUpdate, now: number): string[] {
  const current = getPullCursor(db);
  // An HQ from before change streams sends no store versions: its one log is the chain's.
  const storeGap = u.storeFromVersion !== undefined && u.storeFromVersion !== current.store;
  if (!u.reset && (u.fromVersion !== current.chain || storeGap)) {
    throw new RuleSetRejected(
      `version gap: this till holds rule set ${current.chain}, the update starts from ${u.fromVersion} (store stream: holds ${current.store}, starts from ${u.storeFromVersion ?? '-'})`,
    );
  }
  applyStore(db, u.store);
  if (u.reset) clearRuleSet(db);
  if (u.reset) setRuleSetEngine(db, ENGINE_VERSION);
  if (u.tills) replaceStoreTills(db, u.tills);
  for (const c of u.campaigns) upsertCampaign(db, c, u.toVersion);
  for (const k of u.keys) upsertSigningKey(db, k);
  try {
    new KeyRing(loadSigningKeys(db)); // every key must load, or verification would fail later
  } catch (err) {
    throw new RuleSetRejected(`signing keys: ${(err as Error).message}`);
  }
  const plain = decodePlainCodes(u.plainCodes);
  checkCampaignsKnown(
    db,
    plain.map((p) => p.campaignId),
    'a plain code',
  );
  removePlainCodes(
    db,
    u.plainCodesRemoved.map((h, i) => {
      const bytes = decodeHash(h);
      if (!bytes) throw new RuleSetRejected(`plainCodesRemoved[${i}]: hash is not 16 bytes of canonical base64url`);
      return bytes;
    }),
  );
  insertPlainCodes(db, plain);
  checkCouponKeys(db, u.revoked, 'revoked code');
  checkCouponKeys(
    db,
    u.spentElsewhere.map((s) => s.couponKey),
    'spent-elsewhere code',
  );
  for (const key of u.revoked) addRevoked(db, key);
  for (const s of u.spentElsewhere) setSpentElsewhere(db, s.couponKey, s.uses);
  if (u.spentLists) {
    const problem = applySpentLists(db, u.spentLists);
    if (problem) throw new RuleSetRejected(problem);
  }
  // A verdict for a redemption this till does not hold (say, a till restored from an older backup)
  // is skipped and counted in the audit entry: refusing the page would stop this till from ever
  // pulling again, and a verdict carries no rule that could make the till accept anything.
  let verdictsUnknown = 0;
  for (const v of u.verdicts) if (!applyHqVerdict(db, v)) verdictsUnknown += 1;
  const usersProblem = hqUsersProblem(u.users);
  if (usersProblem) throw new RuleSetRejected(usersProblem);
  const users = applyHqUsers(db, u.users, { reset: u.reset, now });
  setPullCursor(db, { chain: u.toVersion, store: u.storeToVersion ?? u.toVersion }, now);
  appendAudit(db, {
    actor: 'system',
    action: 'ruleset.apply',
    at: now,
    detail: {
      fromVersion: u.fromVersion,
      toVersion: u.toVersion,
      reset: u.reset,
      campaigns: u.campaigns.length,
      keys: u.keys.length,
      revoked: u.revoked.length,
      spentElsewhere: u.spentElsewhere.length,
      ...(u.spentLists
        ? {
            spentLists: u.spentLists.lists.length,
            spentListsDropped: u.spentLists.dropped.length,
            spentVersion: u.spentLists.toVersion,
            spentReset: u.spentLists.reset,
          }
        : {}),
      plainCodes: u.plainCodes.length,
      plainCodesRemoved: u.plainCodesRemoved.length,
      verdicts: u.verdicts.length,
      verdictsUnknown,
      ...(u.tills ? { tills: u.tills.length } : {}),
      users: u.users.length,
      usersAdded: users.added,
      usersChanged: users.changed,
      usersRenamed: users.renamed,
      usersSkipped: users.skipped,
      usersRemoved: users.removed,
    },
  });
  return users.signOut;
}

/**
 * Applies one rule-set update page from HQ (unknown input: it is parsed here). On any refusal
 * or failure nothing changes and `error` says why.
 */
export function applyRuleSetUpdate(db: Database.Database, update: unknown, now: number = Date.now()): ApplyResult {
  const beyond = beyondEngineError(update);
  if (beyond) return { ok: false, error: beyond };
  const parsed = schemaError(update);
  if (typeof parsed === 'string') return { ok: false, error: parsed };
  try {
    const signOut = db.transaction(() => applyInside(db, parsed, now)).immediate();
    return { ok: true, version: parsed.toVersion, ...(signOut.length ? { signOut } : {}) };
  } catch (err) {
    if (err instanceof RuleSetRejected) return { ok: false, error: err.message };
    return { ok: false, error: `rule-set update ${parsed.fromVersion}->${parsed.toVersion} failed and was rolled back: ${(err as Error).message}` };
  }
}

/**
 * Bulk import of plain codes already hashed (e.g. a merchant batch converted at HQ, or the
 * benchmark's million codes), sorted and inserted in one transaction. Campaigns must exist.
 * Does not move the rule-set version: use it only for data that HQ's rule set also carries.
 */
export function importPlainCodes(
  db: Database.Database,
  rows: { hash: Uint8Array; campaignId: number }[],
): { ok: true; count: number } | { ok: false; error: string } {
  try {
    const sorted = sortByHash(rows.map((r) => ({ hash: Buffer.from(r.hash.buffer, r.hash.byteOffset, r.hash.byteLength), campaignId: r.campaignId })));
    for (const r of sorted) if (r.hash.length !== 16) throw new RuleSetRejected('a plain code hash is 16 bytes');
    const count = db
      .transaction(() => {
        checkCampaignsKnown(
          db,
          sorted.map((r) => r.campaignId),
          'a plain code',
        );
        return insertPlainCodes(db, sorted);
      })
      .immediate();
    return { ok: true, count };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
