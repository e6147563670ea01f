import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 60 (bounce-back codes)', () => {
  it('adds the table and changes nothing else; a code goes to one basket once, with its paid total', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 59);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 60);
    const after = dumpTables(db);
    expect(after.issuing_codes).toEqual([]);
    expect({ ...after, issuing_codes: undefined }).toEqual({ ...before, issuing_codes: undefined });
    const add = db.prepare("INSERT INTO issuing_codes (coupon_key, campaign_id, code, expiry_day, received_at) VALUES (?, 40, 'X', 100, 1)");
    add.run('s:40:1');
    add.run('s:40:2');
    db.exec("UPDATE issuing_codes SET basket_id = 'pos:O-1', paid_minor = 12000, issued_at = 5 WHERE coupon_key = 's:40:1'");
    expect(() => db.exec("UPDATE issuing_codes SET basket_id = 'pos:O-1', paid_minor = 12000, issued_at = 6 WHERE coupon_key = 's:40:2'")).toThrow(/UNIQUE/);
    expect(() => db.exec("UPDATE issuing_codes SET basket_id = 'pos:O-2' WHERE coupon_key = 's:40:2'")).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE issuing_codes SET reported_at = 9 WHERE coupon_key = 's:40:2'")).toThrow(/CHECK/);
  });
});
