import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { getRuleSetEngine, setRuleSetEngine } from '../repos/ruleSet';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 58 (rule set pulled with engine version)', () => {
  it('keeps every row; a rule set pulled before counts as engine 1', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 57);
    db.exec('UPDATE rule_set_state SET version = 12, applied_at = 7 WHERE id = 1');
    const before = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 58);
    const after = dumpTables(db);
    expect(after.rule_set_state).toEqual([{ ...(before.rule_set_state as object[])[0], engine_version: null }]);
    expect({ ...after, rule_set_state: undefined }).toEqual({ ...before, rule_set_state: undefined });
    expect(getRuleSetEngine(db)).toBe(1);
    setRuleSetEngine(db, 2);
    expect(getRuleSetEngine(db)).toBe(2);
    expect(() => db.exec('UPDATE rule_set_state SET engine_version = 0')).toThrow(/CHECK constraint/);
  });
});
