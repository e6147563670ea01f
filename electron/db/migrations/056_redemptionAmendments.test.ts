import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

const REDEMPTION = `INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id,
  basket_total_minor, discount_minor, member_id, source, hlc, created_at) VALUES
  ('r1', 'redeem', NULL, 's:1:1', 1, 'S1', 'T1', 'c1', 'b1', 10000, 1000, NULL, 'manual', '001764000000000:00000:T1', 1)`;

describe('migration 56 (redemption amendments)', () => {
  it('keeps every row and adds an empty amendments table that refuses what cannot be', () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, MIGRATIONS, 55);
    db.exec(REDEMPTION);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 56);
    const after = dumpTables(db);
    expect(after.redemption_amendments).toEqual([]);
    expect({ ...after, redemption_amendments: undefined }).toEqual({ ...before, redemption_amendments: undefined });
    const insert = db.prepare(`INSERT INTO redemption_amendments (id, redemption_id, basket_id, basket_total_minor, before_minor, after_minor,
      eligible_minor, reason, actor_id, hlc, created_at) VALUES (?, ?, 'b1', 10000, 1000, ?, 9000, ?, 'c1', '001764000000001:00000:T1', 2)`);
    insert.run('a1', 'r1', 900, 'restacked');
    expect(() => insert.run('a2', 'nope', 900, 'restacked')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('a3', 'r1', -1, 'restacked')).toThrow(/CHECK constraint/);
    expect(() => insert.run('a4', 'r1', 900, 'because')).toThrow(/CHECK constraint/);
    expect(() => insert.run('a1', 'r1', 900, 'lines_changed')).toThrow(/UNIQUE/);
  });
});
