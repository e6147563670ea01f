import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 20 (sync state)', () => {
  it('adds one sync_state row and keeps every row written before it', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 20).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec(`INSERT INTO till_config VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai');
      INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at) VALUES ('0190a000-0000-7000-8000-000000000001', 'redeem', NULL, 's:1:1', 1, 'S1', 'T1', 'c1', 'b1', 1000, 100, NULL, 'manual', '000001700000000:00000:T1', 1700000000000);
      INSERT INTO outbox (redemption_id, payload, created_at) VALUES ('0190a000-0000-7000-8000-000000000001', '{}', 1700000000000);`);
    const rows = dumpTables(db, ['sync_state']);
    applyMigrations(db, MIGRATIONS, 20);
    expect(dumpTables(db, ['sync_state'])).toEqual(rows);
    expect(db.prepare('SELECT * FROM sync_state').all()).toEqual([
      {
        id: 1,
        hq_url: null,
        till_credential: null,
        enrolled_at: null,
        last_sync_at: null,
        last_attempt_at: null,
        last_error: null,
        hq_head: null,
        last_hq_time: null,
      },
    ]);
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK/);
  });
});
