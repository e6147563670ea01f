import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 50 (escalating PIN lockouts)', () => {
  it('adds a lockout count of 0 to every user and keeps every row written before it', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 50).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec(`INSERT INTO users (id, name, role, pin_hash, disabled, failed_attempts, locked_until, origin, created_at, updated_at)
      VALUES ('u1', 'Ann', 'cashier', 'scrypt$x', 0, 3, 1700000000000, 'local', 1, 2)`);
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 50);
    const now = dumpTables(db);
    expect(now.users).toEqual(old.users!.map((r) => ({ ...(r as object), lockouts: 0 })));
    expect({ ...now, users: null }).toEqual({ ...old, users: null });
    expect(() => db.prepare(`UPDATE users SET lockouts = -1 WHERE id = 'u1'`).run()).toThrow(/CHECK constraint/);
  });
});
