import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { MIGRATIONS } from './index';
import { dumpTables } from '../testing';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 51 (HQ certificate pin)', () => {
  it('adds an empty pin to the sync state, keeps every row written before it, and takes only 64 lower-case hex digits', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 51).at(-1)!.version;
    applyMigrations(db, MIGRATIONS, before);
    db.exec("UPDATE sync_state SET hq_url = 'https://hq.example', till_credential = 'sealed' WHERE id = 1");
    const old = dumpTables(db);
    applyMigrations(db, MIGRATIONS, 51);
    const now = dumpTables(db);
    expect(now.sync_state).toEqual(old.sync_state!.map((r) => ({ ...(r as object), hq_cert_sha256: null })));
    expect({ ...now, sync_state: null }).toEqual({ ...old, sync_state: null });
    expect(() => db.prepare("UPDATE sync_state SET hq_cert_sha256 = 'AB' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`UPDATE sync_state SET hq_cert_sha256 = '${'G'.repeat(64)}' WHERE id = 1`).run()).toThrow(/CHECK constraint/);
    db.prepare(`UPDATE sync_state SET hq_cert_sha256 = '${'ab'.repeat(32)}' WHERE id = 1`).run();
  });
});
