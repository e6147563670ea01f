import Database from 'better-sqlite3';
import { applyMigrations } from '../../db/migrate';
import { migration as users } from '../../db/migrations/010_users';
import { migration as appSettings } from '../../db/migrations/011_appSettings';
import { migration as pinLockouts } from '../../db/migrations/050_pinLockouts';
import { AuthService, type AuthOptions } from './authService';
import { TEST_SCRYPT } from '../../../shared/auth/pinHash';
import { ApiFailure } from '../../../shared/ipc/result';

export { TEST_SCRYPT };

export interface AuditRecord {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** An in-memory database with the auth tables, an AuthService on it, and the audit entries it wrote. */
export function makeTestAuth(opts: Partial<AuthOptions> = {}) {
  const db = new Database(':memory:');
  applyMigrations(db, [users, appSettings, pinLockouts]);
  const audits: AuditRecord[] = [];
  const audit = (actor: string, action: string, detail: Record<string, unknown>) => void audits.push({ actor, action, detail });
  const auth = new AuthService(db, { scrypt: TEST_SCRYPT, audit, ...opts });
  return { db, auth, audits, audit };
}

/** The ApiFailure a call throws (or an error if it does not throw one). */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<ApiFailure> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof ApiFailure) return err;
    throw err;
  }
  throw new Error('expected an ApiFailure');
}
