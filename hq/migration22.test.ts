import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridClock } from '../shared/hlc';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import type { HqTables } from './db/schema';
import { appendChanges } from './services/changeLog';
import type { HqContext } from './services/context';
import { pullPage } from './services/pull';
import { TEST_DIALECTS, type TestDialect } from './testSupport';

/**
 * HQ migration 22 (change streams) from the schema before it, on both engines: every entry keeps
 * its version in its scope's stream, every head starts at the old global head, so a till that held
 * version V resumes at (V, V) and pulls only what came after V.
 */
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function olderDatabase(dialect: TestDialect): Promise<Kysely<HqTables>> {
  if (dialect === 'sqlite') {
    const db = new Kysely<HqTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    cleanup = () => db.destroy();
    return db;
  }
  const schema = `hq_m22_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2, options: `-c search_path=${schema}` });
  const db = new Kysely<HqTables>({ dialect: new PostgresDialect({ pool }) });
  cleanup = async () => {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  };
  return db;
}

describe.each(TEST_DIALECTS)('HQ migration 22: change streams (%s)', (dialect) => {
  it('keeps every entry and its version, and an enrolled till pulls nothing again', async () => {
    const db = await olderDatabase(dialect);
    await migrateHq(
      db as Kysely<unknown>,
      dialect,
      HQ_MIGRATIONS.filter((m) => m.version < 22),
    );
    await db
      .insertInto('stores')
      .values(['s1', 's2'].map((id) => ({ id, name: id, time_zone: 'UTC', created_at: 1, currency: 'CNY' })))
      .execute();
    const legacy = [
      { version: 1, kind: 'campaign', store_id: null, till_id: null, payload: '[]' },
      { version: 2, kind: 'store', store_id: 's1', till_id: null, payload: '{"id":"s1","name":"s1","timeZone":"UTC","currency":"CNY"}' },
      { version: 3, kind: 'verdict', store_id: 's1', till_id: 't1', payload: '[{"redemptionId":"r1","status":"accepted"}]' },
      { version: 4, kind: 'spent', store_id: null, till_id: null, payload: '[{"couponKey":"s:1:9","total":1,"byTill":{"t9":1}}]' },
      { version: 5, kind: 'store', store_id: 's2', till_id: null, payload: '{"id":"s2","name":"s2","timeZone":"UTC","currency":"CNY"}' },
      { version: 6, kind: 'user', store_id: 's2', till_id: null, payload: '[]' },
    ];
    await db
      .insertInto('changes')
      .values(legacy.map((c) => ({ ...c, created_at: 1 })) as never)
      .execute();
    await db.updateTable('counters').set({ value: 6 }).where('name', '=', 'change_version').execute();
    await migrateHq(db as Kysely<unknown>, dialect);

    const rows = await db.selectFrom('changes').select(['stream', 'version', 'kind']).orderBy('version').execute();
    expect(rows.map((r) => [r.stream, Number(r.version), r.kind])).toEqual([
      ['*', 1, 'campaign'],
      ['s1', 2, 'store'],
      ['s1', 3, 'verdict'],
      ['*', 4, 'spent'],
      ['s2', 5, 'store'],
      ['*', 6, 'user'],
    ]);
    const heads = await db.selectFrom('change_streams').select(['stream', 'head']).orderBy('stream').execute();
    expect(heads.map((h) => [h.stream, Number(h.head)])).toEqual([
      ['*', 6],
      ['s1', 6],
      ['s2', 6],
    ]);

    let t = 1_700_000_000_000;
    const ctx = { db, dialect, now: () => t++, clock: new HybridClock('hq', () => t) } as unknown as HqContext;
    const till = { tillId: 't1', storeId: 's1', enrolledAt: null };
    // A till of s1 that held version 2 before: the cursor (2, 2) brings its verdict and the spent code, nothing else.
    const page = await pullPage(ctx, till, { chain: 2, store: 2 }, 100);
    expect(page.update).toMatchObject({ fromVersion: 2, storeFromVersion: 2, toVersion: 6, storeToVersion: 6, reset: false });
    expect(page.update!.verdicts).toEqual([{ redemptionId: 'r1', status: 'accepted' }]);
    expect(page.update!.spentElsewhere).toEqual([{ couponKey: 's:1:9', uses: 1 }]);
    expect(page.update!.campaigns).toEqual([]);
    // At the old head: nothing to pull.
    expect((await pullPage(ctx, till, { chain: 6, store: 6 }, 100)).update).toBeNull();
    // New entries carry on each stream from the old head, gap-free.
    await db.transaction().execute((trx) =>
      appendChanges(ctx, trx, [
        { kind: 'tills', storeId: 's1', payload: [] },
        { kind: 'tills', storeId: 's1', payload: [] },
        { kind: 'campaign', payload: [] },
      ]),
    );
    const after = await db.selectFrom('changes').select(['stream', 'version']).where('version', '>', 6).orderBy('stream').orderBy('version').execute();
    expect(after.map((r) => [r.stream, Number(r.version)])).toEqual([
      ['*', 7],
      ['s1', 7],
      ['s1', 8],
    ]);
  });
});
