import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { sumTotals, totalsBy } from '../repos/ledgerTotals';
import { dumpTables } from '../testing';
import { MIGRATIONS } from './index';

let db: Database.Database;
afterEach(() => db?.close());

const ID = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
// 2026-12-01 23:30 and 2026-12-02 00:30 in Shanghai (UTC+8).
const LATE = Date.UTC(2026, 11, 1, 15, 30);
const AFTER_MIDNIGHT = Date.UTC(2026, 11, 1, 16, 30);

describe('migration 46 (running totals)', () => {
  it('builds the totals of an existing ledger by store day, and changes no other table', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 45);
    const insert = db.prepare(`INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id,
      basket_total_minor, discount_minor, member_id, source, hlc, created_at, synced, voided, sync_state)
      VALUES (?, ?, ?, ?, ?, 'S1', 'T1', ?, 'b', 10000, ?, NULL, 'manual', '000001700000000:00000:T1', ?, 1, ?, ?)`);
    db.exec(`INSERT INTO till_config (id, store_id, till_id, store_name, time_zone) VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai')`);
    insert.run(ID(1), 'redeem', null, 's:1:1', 1, 'c1', 500, LATE, 1, 'accepted');
    insert.run(ID(2), 'void', ID(1), 's:1:1', 1, 'm1', 500, AFTER_MIDNIGHT, 0, 'accepted');
    insert.run(ID(3), 'redeem', null, 's:2:1', 2, 'c2', 1500, AFTER_MIDNIGHT, 0, 'conflict');
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 46);
    expect(dumpTables(db, ['ledger_totals'])).toEqual(before);

    expect(sumTotals(db, { fromDay: '2026-12-01', toDay: '2026-12-01' }, 'all', [''])).toEqual({
      entries: 1,
      redeemed: 0,
      discountMinor: 0,
      voidedRedemptions: 1,
      voidedDiscountMinor: 500,
      voids: 0,
    });
    expect(sumTotals(db, { fromDay: '2026-12-02', toDay: '2026-12-02' }, 'all', [''])).toEqual({
      entries: 2,
      redeemed: 1,
      discountMinor: 1500,
      voidedRedemptions: 0,
      voidedDiscountMinor: 0,
      voids: 1,
    });
    expect(totalsBy(db, {}, 'hour').map((r) => [r.key, r.m.entries])).toEqual([
      ['00', 2],
      ['23', 1],
    ]);
    expect(sumTotals(db, {}, 'state', ['conflict'])).toMatchObject({ entries: 1, redeemed: 1 });
  });
});
