import type Database from 'better-sqlite3';
import { parsePinHash } from '../../../shared/auth/pinHash';
import type { HqUser } from '../../../shared/ruleSet';
import { appendAudit } from '../audit';
import * as repo from './usersRepo';

/**
 * Users HQ manages, as a rule-set page brings them (RuleSetUpdate.users). Called inside the
 * page's transaction (electron/services/ruleSet.ts), so a refusal anywhere leaves every user as
 * it was. HQ's word replaces name, role, PIN hash and disabled; the till keeps its own lockout
 * state unless the PIN hash changed. Users created on this till (origin 'local') are never
 * touched: a clash with one is settled without failing the page, since a page that can never
 * apply would stop this till from syncing at all.
 */

/** The users table's limit on names (electron/db/migrations/010_users.ts). */
const MAX_NAME = 80;

export interface HqUsersApplied {
  added: number;
  changed: number;
  /** Stored under another name because theirs was taken on this till. */
  renamed: number;
  /** Not applied: the id belongs to a user created on this till. */
  skipped: number;
  /** Disabled because a reset snapshot no longer holds them. */
  removed: number;
  /** Users whose sessions must end now: disabled, role or PIN changed. */
  signOut: string[];
}

/** Why these users cannot be applied (a malformed PIN hash: nobody could ever sign in with it), or null. */
export function hqUsersProblem(users: readonly HqUser[]): string | null {
  const bad = users.findIndex((u) => parsePinHash(u.pinHash) === null);
  return bad < 0 ? null : `users[${bad}] (${users[bad]!.id}): pinHash is not a usable scrypt hash`;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text); // by code point: never split a surrogate pair
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/**
 * The name an HQ user gets on this till: HQ's, unless another user holds it; then "Name (HQ)",
 * "Name (HQ 2)" ... (names are unique on the till, and the sign-in list must tell them apart).
 */
function nameOnTill(db: Database.Database, wanted: string, selfId: string): { name: string; takenBy: repo.UserRecord | null } {
  const holder = repo.getUserByName(db, wanted);
  if (!holder || holder.id === selfId) return { name: wanted, takenBy: null };
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (HQ)' : ` (HQ ${n})`;
    const candidate = truncate(wanted, MAX_NAME - suffix.length) + suffix;
    const other = repo.getUserByName(db, candidate);
    if (!other || other.id === selfId) return { name: candidate, takenBy: holder };
  }
}

function audit(db: Database.Database, action: string, detail: Record<string, unknown>, now: number): void {
  appendAudit(db, { actor: 'system', action, detail: { ...detail, source: 'hq' }, at: now });
}

/** Disables HQ users a reset snapshot does not hold (moved to another store, or this till changed store). */
function removeMissing(db: Database.Database, present: ReadonlySet<string>, now: number, out: HqUsersApplied): void {
  for (const id of repo.enabledHqUserIds(db)) {
    if (present.has(id)) continue;
    repo.setDisabled(db, id, true, now);
    audit(db, 'user.hq_remove', { userId: id, why: 'not in HQ snapshot' }, now);
    out.removed++;
    out.signOut.push(id);
  }
}

function applyOne(db: Database.Database, u: HqUser, now: number, out: HqUsersApplied): void {
  const existing = repo.getUser(db, u.id);
  if (existing && existing.origin === 'local') {
    audit(db, 'user.hq_refused', { userId: u.id, hqName: u.name, why: 'a user created on this till has this id' }, now);
    out.skipped++;
    return;
  }
  const { name, takenBy } = nameOnTill(db, u.name, u.id);
  if (takenBy && existing?.name !== name) {
    audit(db, 'user.hq_name_taken', { userId: u.id, hqName: u.name, storedAs: name, takenBy: takenBy.id, takenByOrigin: takenBy.origin }, now);
    out.renamed++;
  }
  if (!existing) {
    repo.insertUser(db, { id: u.id, name, role: u.role, pinHash: u.pinHash, origin: 'hq', disabled: u.disabled }, now);
    audit(db, 'user.hq_add', { userId: u.id, name, role: u.role, disabled: u.disabled, hqUpdatedAt: u.updatedAt }, now);
    out.added++;
    return;
  }
  const pinChanged = existing.pinHash !== u.pinHash;
  const roleChanged = existing.role !== u.role;
  if (!pinChanged && !roleChanged && existing.name === name && existing.disabled === u.disabled) return;
  repo.updateHqUser(db, u.id, { name, role: u.role, pinHash: u.pinHash, disabled: u.disabled }, pinChanged, now);
  audit(
    db,
    'user.hq_update',
    {
      userId: u.id,
      name,
      role: u.role,
      disabled: u.disabled,
      pinChanged,
      roleChanged,
      hqUpdatedAt: u.updatedAt,
      ...(pinChanged && (existing.failedAttempts > 0 || existing.lockedUntil !== null) ? { lockoutCleared: true } : {}),
    },
    now,
  );
  out.changed++;
  // Whoever is signed in as them now holds a role, a PIN or an account HQ took back.
  if ((u.disabled && !existing.disabled) || roleChanged || pinChanged) out.signOut.push(u.id);
}

/**
 * Applies HQ's users of one page, in page order (HQ sends each user once, in its latest state).
 * Call inside the page's transaction, after hqUsersProblem said nothing.
 */
export function applyHqUsers(db: Database.Database, users: readonly HqUser[], opts: { reset: boolean; now: number }): HqUsersApplied {
  const out: HqUsersApplied = { added: 0, changed: 0, renamed: 0, skipped: 0, removed: 0, signOut: [] };
  if (opts.reset) removeMissing(db, new Set(users.map((u) => u.id)), opts.now, out);
  for (const u of users) applyOne(db, u, opts.now, out);
  out.signOut = [...new Set(out.signOut)];
  return out;
}
