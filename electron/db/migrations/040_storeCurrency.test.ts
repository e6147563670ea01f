import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 40 (store currency)', () => {
  it('gives a till set up before it CNY, keeps every other row, and refuses a currency that is not 3 letters', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 40).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec(`INSERT INTO till_config VALUES (1, 'S1', 'T1', 'Store', 'Asia/Shanghai');`);
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 40);
    const now = dumpTables(db);
    expect(now.till_config).toEqual(old.till_config!.map((r) => ({ ...(r as object), currency: 'CNY' })));
    expect({ ...now, till_config: null }).toEqual({ ...old, till_config: null });
    expect(() => db.exec(`UPDATE till_config SET currency = 'YUAN'`)).toThrow(/CHECK constraint/);
  });
});
