import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { dumpTables } from '../testing';
import { MIGRATIONS } from './index';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 47 (outbox waiting rows by time)', () => {
  it('adds the index the end-of-day query uses, and changes no row', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 46);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 47);
    expect(dumpTables(db)).toEqual(before);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND created_at >= ? AND created_at < ?',
      )
      .all(0, 1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/outbox_waiting_by_time/);
  });
});
