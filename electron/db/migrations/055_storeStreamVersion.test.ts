import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { getPullCursor, setPullCursor } from '../repos/ruleSet';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 55 (store stream version of the rule-set cursor)', () => {
  it('keeps every row, and a till at version V holds the cursor (V, V): nothing to pull again', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 54);
    db.exec('UPDATE rule_set_state SET version = 4321, applied_at = 7 WHERE id = 1');
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 55);
    const after = dumpTables(db);
    expect(after.rule_set_state).toEqual([{ id: 1, version: 4321, applied_at: 7, store_version: null }]);
    expect({ ...after, rule_set_state: undefined }).toEqual({ ...before, rule_set_state: undefined });
    expect(getPullCursor(db)).toEqual({ chain: 4321, store: 4321 });
    setPullCursor(db, { chain: 4400, store: 5000 }, 8);
    expect(getPullCursor(db)).toEqual({ chain: 4400, store: 5000 });
    expect(() => db.exec('UPDATE rule_set_state SET store_version = -1')).toThrow(/CHECK constraint/);
  });
});
