import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 59 (order event retries)', () => {
  it('keeps every event as it was, none held, and refuses a negative attempt count', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 58);
    db.exec(`INSERT INTO pos_orders (order_id, basket_id, state, lines, opened_by, opened_at, updated_at, ended_at)
             VALUES ('O-1', 'pos:O-1', 'cancelled', '[]', 'pos:x', 1, 2, 2)`);
    db.exec(`INSERT INTO pos_order_events (id, order_id, kind, payload, at) VALUES ('e1', 'O-1', 'cancelled', '{}', 3)`);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 59);
    const after = dumpTables(db);
    expect(after.pos_order_events).toEqual([
      { seq: 1, id: 'e1', order_id: 'O-1', kind: 'cancelled', payload: '{}', at: 3, sent_at: null, attempts: 0, last_error: null, next_attempt_at: null },
    ]);
    expect({ ...after, pos_order_events: undefined }).toEqual({ ...before, pos_order_events: undefined });
    expect(() => db.exec('UPDATE pos_order_events SET attempts = -1')).toThrow(/CHECK constraint/);
  });
});
