import type Database from 'better-sqlite3';
import { newId } from '../../../shared/ids';
import { can, OVERRIDABLE, type Permission, type Role } from '../../../shared/permissions';
import { ApiFailure } from '../../../shared/ipc/result';
import type { RosterEntry, UserInfo } from '../../../shared/ipc/types';
import { DEFAULT_SCRYPT, hashPin, verifyPin, type ScryptParams } from '../../../shared/auth/pinHash';
import { PinsAhead } from './pinsAhead';
import { pinProblem } from '../../../shared/auth/pinRules';
import * as repo from './usersRepo';

/** Doublings stop here (5 minutes x 2^16 is 227 days): by then only a manager's PIN reset helps. */
const MAX_DOUBLINGS = 16;

/** How long the next lockout lasts after `lockouts` earlier ones. */
export function lockoutLength(firstMs: number, lockouts: number): number {
  return firstMs * 2 ** Math.min(lockouts, MAX_DOUBLINGS);
}

function requirePinFits(role: Role, pin: string): void {
  const problem = pinProblem(role, pin);
  if (problem) throw new ApiFailure('bad_request', `The PIN does not fit the role: ${problem}.`);
}

/** Records one audited event (electron/services/audit.ts appendAudit in the app). */
export type AuditFn = (actor: string, action: string, detail: Record<string, unknown>) => void;

export interface AuthOptions {
  audit: AuditFn;
  now?: () => number;
  /** Wrong PINs in a row before the user is locked out. */
  maxFailures?: number;
  /** The first lockout; each further one (until a manager resets the PIN) lasts twice as long. */
  lockoutMs?: number;
  scrypt?: ScryptParams;
}

/**
 * Users and PIN checks. Sessions and override tokens live in sessions.ts / overrides.ts;
 * this service decides whether a user id + PIN is good, with a persisted lockout.
 */
export class AuthService {
  private readonly now: () => number;
  private readonly maxFailures: number;
  private readonly lockoutMs: number;
  private readonly scrypt: ScryptParams;
  /** PIN checks for one user run one after another, so parallel guesses cannot outrun the lockout. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** PIN checks a window started while its user was still typing (decision 055). */
  private readonly ahead: PinsAhead;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: AuthOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.maxFailures = opts.maxFailures ?? 5;
    this.lockoutMs = opts.lockoutMs ?? 5 * 60_000;
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
    this.ahead = new PinsAhead(verifyPin, this.now);
  }

  /**
   * The sign-in screen holds a possible PIN: start hashing it now, answer nothing. The sign-in
   * that follows from the same window with the same PIN uses this check (pinsAhead.ts). An
   * unknown or disabled id is hashed against the dummy, as at sign-in; a locked-out user not at all.
   */
  checkAhead(windowId: string, userId: string, pin: string): void {
    const user = repo.getUser(this.db, userId);
    if (user && !user.disabled && user.lockedUntil !== null && this.now() < user.lockedUntil) return;
    this.ahead.start(windowId, userId, pin, user && !user.disabled ? user.pinHash : DUMMY_HASH);
  }

  /** The window is gone: drop any PIN it had typed ahead. */
  forgetWindow(windowId: string): void {
    this.ahead.forget(windowId);
  }

  /** Does pin match pinHash: the window's check ahead when it has the very same one, else hashed now. */
  private pinMatches(windowId: string | undefined, userId: string, pin: string, pinHash: string): Promise<boolean> {
    return (windowId !== undefined ? this.ahead.take(windowId, userId, pin, pinHash) : null) ?? verifyPin(pin, pinHash);
  }

  /** Enabled users, for the sign-in screen. */
  roster(): RosterEntry[] {
    return repo
      .listUsers(this.db)
      .filter((u) => !u.disabled)
      .map(({ id, name, role }) => ({ id, name, role }));
  }

  listUsers(): UserInfo[] {
    return repo.listUsers(this.db).map(repo.toUserInfo);
  }

  getUser(id: string): UserInfo | null {
    const u = repo.getUser(this.db, id);
    return u ? repo.toUserInfo(u) : null;
  }

  hasUsers(): boolean {
    return repo.listUsers(this.db).length > 0;
  }

  async createUser(actorId: string, input: { name: string; role: Role; pin: string; id?: string }, origin: 'local' | 'hq' = 'local'): Promise<UserInfo> {
    if (repo.getUserByName(this.db, input.name)) throw new ApiFailure('conflict', `A user named "${input.name}" already exists.`);
    requirePinFits(input.role, input.pin);
    const pinHash = await hashPin(input.pin, this.scrypt);
    const id = input.id ?? newId();
    this.db.transaction(() => {
      // Checked again inside the transaction: another create may have finished while we hashed.
      if (repo.getUserByName(this.db, input.name)) throw new ApiFailure('conflict', `A user named "${input.name}" already exists.`);
      repo.insertUser(this.db, { id, name: input.name, role: input.role, pinHash, origin }, this.now());
      this.opts.audit(actorId, 'user.create', { userId: id, name: input.name, role: input.role, origin });
    })();
    return this.requireUser(id);
  }

  async setPin(actorId: string, userId: string, pin: string): Promise<UserInfo> {
    const user = this.requireLocalUser(userId);
    requirePinFits(user.role, pin);
    const pinHash = await hashPin(pin, this.scrypt);
    this.db.transaction(() => {
      repo.setPinHash(this.db, userId, pinHash, this.now());
      this.opts.audit(actorId, 'user.set_pin', { userId });
    })();
    return this.requireUser(userId);
  }

  setDisabled(actorId: string, userId: string, disabled: boolean): UserInfo {
    const user = this.requireLocalUser(userId);
    this.db.transaction(() => {
      if (disabled && user.role === 'manager' && !user.disabled && repo.countEnabledManagers(this.db) <= 1) {
        throw new ApiFailure('conflict', 'This is the last enabled manager: create another manager first.');
      }
      repo.setDisabled(this.db, userId, disabled, this.now());
      this.opts.audit(actorId, disabled ? 'user.disable' : 'user.enable', { userId });
    })();
    return this.requireUser(userId);
  }

  /**
   * Checks a user id + PIN. Throws ApiFailure 'bad_credentials' or 'locked_out'. Every wrong
   * PIN is counted (persisted); the `maxFailures`-th locks the user for `lockoutMs`, doubled for
   * every earlier lockout since a manager last reset the PIN (a good PIN does not undo that).
   */
  verify(userId: string, pin: string, windowId?: string): Promise<UserInfo> {
    const previous = this.queues.get(userId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.verifyNow(userId, pin, windowId));
    this.queues.set(userId, run);
    void run
      .finally(() => {
        if (this.queues.get(userId) === run) this.queues.delete(userId);
      })
      .catch(() => undefined);
    return run;
  }

  /**
   * A manager's approval of one blocked action: checks the manager's PIN (counted toward the
   * manager's lockout) and that the manager may grant it. The caller issues the token.
   */
  async approveOverride(requester: RosterEntry, managerId: string, pin: string, action: Permission): Promise<UserInfo> {
    if (!OVERRIDABLE.includes(action)) throw new ApiFailure('forbidden', `"${action}" cannot be approved by override; a manager must sign in.`);
    const manager = await this.verify(managerId, pin);
    if (!can(manager.role, 'override.grant') || !can(manager.role, action)) {
      this.opts.audit(managerId, 'override.refused', { requesterId: requester.id, action, why: 'role' });
      throw new ApiFailure('forbidden', `${manager.name} may not approve this.`);
    }
    if (manager.id === requester.id) throw new ApiFailure('forbidden', 'An override needs a different user than the one asking.');
    this.opts.audit(managerId, 'override.approve', { requesterId: requester.id, requesterName: requester.name, managerId, action });
    return manager;
  }

  private async verifyNow(userId: string, pin: string, windowId: string | undefined): Promise<UserInfo> {
    const user = repo.getUser(this.db, userId);
    const now = this.now();
    if (!user || user.disabled) {
      // Same cost and answer for unknown ids, so timing does not tell which ids exist.
      await this.pinMatches(windowId, userId, pin, DUMMY_HASH);
      throw new ApiFailure('bad_credentials', 'Unknown user or wrong PIN.');
    }
    if (user.lockedUntil !== null && now < user.lockedUntil) {
      throw new ApiFailure('locked_out', 'Too many wrong PINs: try again later or ask a manager to reset the PIN.', { lockedUntil: user.lockedUntil });
    }
    const good = await this.pinMatches(windowId, userId, pin, user.pinHash);
    const at = this.now();
    if (good) {
      if (user.failedAttempts > 0 || user.lockedUntil !== null) repo.clearFailures(this.db, userId, at);
      return repo.toUserInfo(user);
    }
    // An expired lockout starts the count afresh.
    const failures = (user.lockedUntil !== null ? 0 : user.failedAttempts) + 1;
    const lockUntil = failures >= this.maxFailures ? at + lockoutLength(this.lockoutMs, user.lockouts) : null;
    this.db.transaction(() => {
      repo.recordFailure(this.db, userId, lockUntil ? 0 : failures, lockUntil, at);
      this.opts.audit(userId, lockUntil ? 'auth.locked_out' : 'auth.bad_pin', {
        userId,
        failures,
        lockUntil,
        ...(lockUntil ? { lockout: user.lockouts + 1 } : {}),
      });
    })();
    if (lockUntil) throw new ApiFailure('locked_out', 'Too many wrong PINs: try again later or ask a manager to reset the PIN.', { lockedUntil: lockUntil });
    throw new ApiFailure('bad_credentials', 'Unknown user or wrong PIN.', { attemptsLeft: this.maxFailures - failures });
  }

  /**
   * A user this till may change. HQ's users are changed at HQ only: a local edit would be
   * overwritten by the next pull, or worse, outlive a PIN HQ reset because it leaked.
   */
  private requireLocalUser(id: string): UserInfo {
    const user = this.requireUser(id);
    if (user.origin === 'hq') throw new ApiFailure('forbidden', `${user.name} is managed by HQ: change their PIN, role or state at HQ.`, { origin: 'hq' });
    return user;
  }

  private requireUser(id: string): UserInfo {
    const u = repo.getUser(this.db, id);
    if (!u) throw new ApiFailure('not_found', 'No such user.');
    return repo.toUserInfo(u);
  }
}

/** A valid hash of no real PIN, for equal-cost refusals. Computed with the default parameters. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43);
