import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 52 (POS orders)', () => {
  it('adds the order tables and keeps every row written before it', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 52).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec(`INSERT INTO app_settings (key, value) VALUES ('sounds', 'true')`);
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 52);
    const now = dumpTables(db);
    expect(now).toEqual({ ...old, pos_orders: [], pos_order_returns: [], pos_order_reversals: [], pos_order_events: [], pos_idempotency: [] });
  });

  it('refuses an ended order without an end time, a closed one without its receipt, a negative paid total', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 52);
    const insert = (state: string, endedAt: number | null, receipt: string | null, paid: number | null) =>
      db
        .prepare(
          `INSERT INTO pos_orders (order_id, basket_id, state, lines, receipt_no, paid_total_minor, closed_effects, opened_by, opened_at, updated_at, ended_at)
        VALUES (?, ?, ?, '[]', ?, ?, ?, 'pos', 1, 1, ?)`,
        )
        .run(`o${Math.random()}`, `b${Math.random()}`, state, receipt, paid, receipt ? '[]' : null, endedAt);
    expect(() => insert('open', null, null, null)).not.toThrow();
    expect(() => insert('closed', 2, 'R1', 100)).not.toThrow();
    expect(() => insert('cancelled', 2, null, null)).not.toThrow();
    expect(() => insert('open', 2, null, null)).toThrow(/CHECK/);
    expect(() => insert('closed', 2, null, null)).toThrow(/CHECK/);
    expect(() => insert('closed', 2, 'R2', -1)).toThrow(/CHECK/);
    expect(() => insert('paid', 2, 'R3', 1)).toThrow(/CHECK/);
  });
});
