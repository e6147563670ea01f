import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { dumpTables } from '../testing';
import { MIGRATIONS } from './index';

let db: Database.Database;
afterEach(() => db?.close());

const row = (id: string, kind: 'redeem' | 'void', voidsId: string | null, synced: number, voided = 0) =>
  `('${id}', '${kind}', ${voidsId ? `'${voidsId}'` : 'NULL'}, 's:1:1', 1, 'S1', 'T1', 'c1', 'b1', 1000, 100, NULL, 'manual',
    '000001700000000:00000:T1', 1700000000000, ${synced}, ${voided}, 'pending')`;

describe('migration 45 (voids HQ stored are settled)', () => {
  it('settles delivered voids only, and changes nothing else', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, MIGRATIONS.filter((m) => m.version < 45).at(-1)!.version);
    const ids = ['0190a000-0000-7000-8000-00000000000', '0190a000-0000-7000-8000-00000000001'];
    db.exec(`INSERT INTO redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, cashier_id, basket_id, basket_total_minor,
       discount_minor, member_id, source, hlc, created_at, synced, voided, sync_state) VALUES
       ${row(ids[0] + '1', 'redeem', null, 1, 1)}, ${row(ids[0] + '2', 'void', ids[0] + '1', 1)},
       ${row(ids[1] + '1', 'redeem', null, 0, 1)}, ${row(ids[1] + '2', 'void', ids[1] + '1', 0)}`);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 45);
    const after = dumpTables(db);
    const state = (id: string) => (after.redemptions as { id: string; sync_state: string }[]).find((r) => r.id === id)!.sync_state;
    expect([ids[0] + '1', ids[0] + '2', ids[1] + '1', ids[1] + '2'].map(state)).toEqual(['pending', 'accepted', 'pending', 'pending']);
    const unchanged = (rows: unknown[]) => (rows as { id: string }[]).filter((r) => r.id !== ids[0] + '2');
    expect(unchanged(after.redemptions!)).toEqual(unchanged(before.redemptions!));
    expect({ ...after, redemptions: null }).toEqual({ ...before, redemptions: null });
  });
});
