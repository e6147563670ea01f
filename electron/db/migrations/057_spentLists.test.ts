import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { getPullCursor } from '../repos/ruleSet';
import { getSpentVersion, setSpentVersion } from '../repos/spentLists';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 57 (spent lists)', () => {
  it('keeps every row and the pull cursor; the till holds no spent version until HQ sends the lists', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 56);
    db.exec("UPDATE rule_set_state SET version = 4321, store_version = 4400, applied_at = 7 WHERE id = 1; INSERT INTO spent_elsewhere VALUES ('s:1:3', 1);");
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 57);
    const after = dumpTables(db);
    expect(after.rule_set_state).toEqual([{ id: 1, version: 4321, applied_at: 7, store_version: 4400, spent_version: null }]);
    expect(after.spent_lists).toEqual([]);
    expect({ ...after, rule_set_state: undefined, spent_lists: undefined }).toEqual({ ...before, rule_set_state: undefined });
    expect(getPullCursor(db)).toEqual({ chain: 4321, store: 4400 });
    expect(getSpentVersion(db)).toBe(0);
    setSpentVersion(db, 12);
    expect(getSpentVersion(db)).toBe(12);
    expect(() => db.exec('UPDATE rule_set_state SET spent_version = -1')).toThrow(/CHECK constraint/);
  });
});
