import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

const ID = '0190a000-0000-7000-8000-000000000001';
const WINNER = '0190a000-0000-7000-8000-000000000002';

describe('migration 30 (who won a conflict)', () => {
  it('adds the winner columns, empty, and keeps every row and column written before it', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 30).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec(`INSERT INTO till_config VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai');
      INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at, sync_state, synced, hq_winner_id) VALUES ('${ID}', 'redeem', NULL, 's:1:1', 1, 'S1', 'T1', 'c1', 'b1',
       1000, 100, NULL, 'manual', '000001700000000:00000:T1', 1700000000000, 'conflict', 1, '${WINNER}');
      INSERT INTO outbox (redemption_id, payload, created_at) VALUES ('${ID}', '{}', 1700000000000);`);
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 30);
    const now = dumpTables(db);
    const added = { hq_winner_till_id: null, hq_winner_till_name: null, hq_winner_store_id: null, hq_winner_at: null };
    expect(now.redemptions).toEqual(old.redemptions!.map((r) => ({ ...(r as object), ...added })));
    expect({ ...now, redemptions: null }).toEqual({ ...old, redemptions: null });
    // The new columns hold what a verdict names (STRICT: the time is an integer).
    db.prepare(
      `UPDATE redemptions SET hq_winner_till_id = 'T2', hq_winner_till_name = 'Till 2', hq_winner_store_id = 'S1', hq_winner_at = 1700000000500 WHERE id = ?`,
    ).run(ID);
    expect(() => db.prepare(`UPDATE redemptions SET hq_winner_at = 'noon' WHERE id = ?`).run(ID)).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});
