import type Database from 'better-sqlite3';
import type { Role } from '../../../shared/permissions';
import type { UserInfo } from '../../../shared/ipc/types';
import { stmt } from '../../db/statements';

/** A user row as auth needs it (with the PIN hash and lockout state, which never leave main). */
export interface UserRecord extends UserInfo {
  pinHash: string;
  failedAttempts: number;
  /** Lockouts since a manager last reset the PIN (each further one lasts twice as long). */
  lockouts: number;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  lockouts: number;
  origin: 'local' | 'hq';
  created_at: number;
}

const COLUMNS = 'id, name, role, pin_hash, disabled, failed_attempts, locked_until, lockouts, origin, created_at';

function toRecord(r: UserRow): UserRecord {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    origin: r.origin,
    createdAt: r.created_at,
    pinHash: r.pin_hash,
    failedAttempts: r.failed_attempts,
    lockouts: r.lockouts,
  };
}

/** Strips what must never leave main. */
export function toUserInfo(u: UserRecord): UserInfo {
  return { id: u.id, name: u.name, role: u.role, disabled: u.disabled, lockedUntil: u.lockedUntil, origin: u.origin, createdAt: u.createdAt };
}

export function getUser(db: Database.Database, id: string): UserRecord | null {
  const row = stmt<[string], UserRow>(db, `SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id);
  return row ? toRecord(row) : null;
}

export function getUserByName(db: Database.Database, name: string): UserRecord | null {
  const row = stmt<[string], UserRow>(db, `SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name);
  return row ? toRecord(row) : null;
}

export function listUsers(db: Database.Database): UserRecord[] {
  return stmt<[], UserRow>(db, `SELECT ${COLUMNS} FROM users ORDER BY name`).all().map(toRecord);
}

export function insertUser(
  db: Database.Database,
  u: { id: string; name: string; role: Role; pinHash: string; origin: 'local' | 'hq'; disabled?: boolean },
  now: number,
): void {
  stmt(
    db,
    `INSERT INTO users (id, name, role, pin_hash, disabled, failed_attempts, locked_until, origin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`,
  ).run(u.id, u.name, u.role, u.pinHash, u.disabled ? 1 : 0, u.origin, now, now);
}

/** Records a wrong PIN; locks the user until `lockUntil` when given (and counts the lockout). */
export function recordFailure(db: Database.Database, id: string, failedAttempts: number, lockUntil: number | null, now: number): void {
  stmt(db, 'UPDATE users SET failed_attempts = ?, locked_until = ?, lockouts = lockouts + ?, updated_at = ? WHERE id = ?').run(
    failedAttempts,
    lockUntil,
    lockUntil === null ? 0 : 1,
    now,
    id,
  );
}

export function clearFailures(db: Database.Database, id: string, now: number): void {
  stmt(db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(now, id);
}

export function setPinHash(db: Database.Database, id: string, pinHash: string, now: number): void {
  stmt(db, 'UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, lockouts = 0, updated_at = ? WHERE id = ?').run(pinHash, now, id);
}

export function setDisabled(db: Database.Database, id: string, disabled: boolean, now: number): void {
  stmt(db, 'UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, now, id);
}

/**
 * Writes what HQ decides about one of its users. A new PIN hash also clears the failed-PIN count
 * and any lockout (they counted guesses at a PIN that is gone); otherwise the till's lockout stays.
 */
export function updateHqUser(
  db: Database.Database,
  id: string,
  u: { name: string; role: Role; pinHash: string; disabled: boolean },
  pinChanged: boolean,
  now: number,
): void {
  const sql = pinChanged
    ? "UPDATE users SET name = ?, role = ?, pin_hash = ?, disabled = ?, failed_attempts = 0, locked_until = NULL, lockouts = 0, updated_at = ? WHERE id = ? AND origin = 'hq'"
    : "UPDATE users SET name = ?, role = ?, pin_hash = ?, disabled = ?, updated_at = ? WHERE id = ? AND origin = 'hq'";
  stmt(db, sql).run(u.name, u.role, u.pinHash, u.disabled ? 1 : 0, now, id);
}

/** Ids of the enabled users that came from HQ. */
export function enabledHqUserIds(db: Database.Database): string[] {
  return stmt<[], { id: string }>(db, "SELECT id FROM users WHERE origin = 'hq' AND disabled = 0")
    .all()
    .map((r) => r.id);
}

export function countEnabledManagers(db: Database.Database): number {
  return stmt<[], { n: number }>(db, "SELECT count(*) AS n FROM users WHERE role = 'manager' AND disabled = 0").get()!.n;
}
