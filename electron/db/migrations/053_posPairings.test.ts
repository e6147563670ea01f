import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 53 (POS pairings)', () => {
  it('adds the pairing tables and keeps every row written before it', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 52);
    db.exec(`INSERT INTO app_settings (key, value) VALUES ('sounds', 'true')`);
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 53);
    expect(dumpTables(db)).toEqual({ ...old, pos_pairing_codes: [], pos_pairings: [] });
  });

  it('refuses a code that expires before it was made and a revocation without who revoked it', () => {
    db = new Database(':memory:');
    applyMigrations(db, MIGRATIONS, 53);
    expect(() => db.prepare(`INSERT INTO pos_pairing_codes VALUES ('h', 'Lane 1', 'm', 10, 5, NULL)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO pos_pairings VALUES ('p', 'Lane 1', 'c', 'm', 1, NULL, 2, NULL)`).run()).toThrow(/CHECK/);
  });
});
