import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTillDatabase } from './connection';
import { applyMigrations, DatabaseTooNewError, schemaVersion, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { dumpTables } from './testing';

/** Rows that a database at each version can hold: inserted before the next migration runs. */
const SEEDS: Record<number, string> = {
  1: `INSERT INTO till_config VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai'); INSERT INTO hlc_state VALUES (1, '000001700000000:00000:T1');`,
  2: `UPDATE rule_set_state SET version = 4, applied_at = 5; INSERT INTO campaigns VALUES (1, '{"id":1}', 4);`,
  3: `INSERT INTO signing_keys VALUES (7, '${'A'.repeat(43)}', 'active');`,
  4: `INSERT INTO revoked_coupons VALUES ('s:1:2'); INSERT INTO spent_elsewhere VALUES ('s:1:3', 2);`,
  5: `INSERT INTO plain_codes VALUES (x'00112233445566778899aabbccddeeff', 1);`,
  6: `INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at) VALUES ('0190a000-0000-7000-8000-000000000001', 'redeem', NULL, 's:1:1', 1, 'S1', 'T1', 'c1', 'b1', 1000, 100, NULL, 'manual', '000001700000000:00000:T1', 1700000000000);`,
  7: `INSERT INTO outbox (redemption_id, payload, created_at) VALUES ('0190a000-0000-7000-8000-000000000001', '{}', 1700000000000);`,
  8: `INSERT INTO audit_log VALUES (1, 1, 'system', 'x', '{}', '0', 'h'); INSERT INTO audit_head VALUES (1, 1, 'h');`,
  9: ``,
  10: `INSERT INTO users (id, name, role, pin_hash, disabled, failed_attempts, locked_until, origin, created_at, updated_at)
       VALUES ('u1', 'Ann', 'cashier', 'scrypt$x', 0, 2, NULL, 'local', 1, 2);`,
  11: `INSERT INTO app_settings VALUES ('idleSignOutMinutes', '10');`,
};

/** The versions from before the flat layout, which have no test file of their own (layout.test.ts). */
const mine = MIGRATIONS.filter((m) => m.version <= 11);
let db: Database.Database;
afterEach(() => db?.close());

describe('migrations', () => {
  it('are strictly increasing and cover versions 1..11', () => {
    expect(mine.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  for (const m of mine) {
    it(`version ${m.version} (${m.name}) keeps every row written at version ${m.version - 1}`, () => {
      db = openTillDatabase(':memory:', { migrate: false });
      applyMigrations(db, MIGRATIONS, m.version - 1);
      for (let v = 1; v < m.version; v++) db.exec(SEEDS[v]!);
      const before = dumpTables(db);
      applyMigrations(db, MIGRATIONS, m.version);
      expect(schemaVersion(db)).toBe(m.version);
      const after = dumpTables(db);
      for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
      // What this version adds accepts its rows.
      db.exec(SEEDS[m.version]!);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  }

  it('makes STRICT tables (a wrongly typed value is refused)', () => {
    db = openTillDatabase(':memory:');
    expect(() => db.exec(`INSERT INTO spent_elsewhere VALUES ('s:1:1', 'many')`)).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('refuses a database newer than the code and leaves it untouched', () => {
    db = openTillDatabase(':memory:');
    db.pragma('user_version = 999');
    expect(() => applyMigrations(db, MIGRATIONS)).toThrow(DatabaseTooNewError);
    expect(() => applyMigrations(db, MIGRATIONS)).toThrow(/version 999.*only knows up to/);
    expect(schemaVersion(db)).toBe(999);
  });

  it('runs all pending migrations in one transaction: a failing one leaves version and schema as they were', () => {
    db = openTillDatabase(':memory:', { migrate: false });
    applyMigrations(db, MIGRATIONS, 3);
    const broken: Migration[] = [
      ...mine,
      { version: 12, name: 'broken', up: (d) => d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT * FROM no_such_table;') },
    ];
    expect(() => applyMigrations(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('redemptions', 'half')`).get()).toEqual({ n: 0 });
  });

  it('accepts gaps between domains but refuses an out-of-order list', () => {
    db = openTillDatabase(':memory:', { migrate: false });
    const withGap: Migration[] = [...mine, { version: 20, name: 'sync', up: (d) => d.exec('CREATE TABLE later (x INTEGER) STRICT') }];
    expect(applyMigrations(db, withGap)).toBe(20);
    expect(() => applyMigrations(db, [...withGap].reverse())).toThrow(/out of order/);
  });

  it('opens a file database in WAL with synchronous=FULL and foreign keys on', () => {
    db = openTillDatabase(':memory:');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
