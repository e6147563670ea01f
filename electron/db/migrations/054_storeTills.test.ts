import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe("migration 54 (the store's tills by name)", () => {
  it('adds an empty store_tills table, changes no other row, and refuses an empty name', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 53);
    db.exec(`INSERT INTO till_config (id, store_id, till_id, store_name, time_zone) VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai');`);
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 54);
    const after = dumpTables(db);
    expect(after.store_tills).toEqual([]);
    expect({ ...after, store_tills: undefined }).toEqual({ ...before, store_tills: undefined });
    db.exec("INSERT INTO store_tills VALUES ('T1', 'Till 1')");
    expect(() => db.exec("INSERT INTO store_tills VALUES ('T2', '')")).toThrow(/CHECK constraint/);
  });
});
