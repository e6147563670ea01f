import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { HQ_MIGRATIONS, migrateHq } from './migrations';

describe('HQ migration 23 (POS orders)', () => {
  it('gives every redemption HQ already held its store day and POS order, from the body its till sent', async () => {
    const raw = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateHq(
      db,
      'sqlite',
      HQ_MIGRATIONS.filter((m) => m.version < 23),
    );
    raw
      .prepare("INSERT INTO stores (id, name, time_zone, created_at) VALUES ('s1', 'Store 1', 'Asia/Shanghai', 1), ('s2', 'Store 2', 'America/New_York', 1)")
      .run();
    const insert = raw.prepare(
      `INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, hlc, body, body_hash, received_at, status)
       VALUES (?, 'redeem', NULL, 'p:0', 1, ?, 't1', 'h', ?, 'x', 1, 'accepted')`,
    );
    // 2025-06-15 16:53 UTC: already the 16th in Shanghai, still the 15th in New York.
    const at = Date.UTC(2025, 5, 15, 16, 53);
    insert.run('r1', 's1', JSON.stringify({ kind: 'redeem', basketId: 'pos:O-1', createdAt: at, discountMinor: 500 }));
    insert.run('r2', 's2', JSON.stringify({ basketId: 'b-manual', createdAt: at, receiptNo: 'R-9' }));
    await migrateHq(db, 'sqlite');
    expect(
      raw.prepare('SELECT redemption_id, store_id, day, kind, discount_minor, order_id, receipt_no FROM redemption_days ORDER BY redemption_id').all(),
    ).toEqual([
      { redemption_id: 'r1', store_id: 's1', day: '2025-06-16', kind: 'redeem', discount_minor: 500, order_id: 'O-1', receipt_no: null },
      { redemption_id: 'r2', store_id: 's2', day: '2025-06-15', kind: 'redeem', discount_minor: 0, order_id: null, receipt_no: 'R-9' },
    ]);
    await db.destroy();
  });
});
