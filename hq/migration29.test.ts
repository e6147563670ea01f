import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridClock } from '../shared/hlc';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import type { HqTables } from './db/schema';
import { queueChanges, sequencePending } from './services/changeLog';
import type { HqContext } from './services/context';
import { pullPage } from './services/pull';
import { TEST_DIALECTS, type TestDialect } from './testSupport';

/**
 * HQ migration 29 (pending changes, decision 046) from the schema before it, on both engines: the
 * streams and their heads stay as they were, so an enrolled till's cursor stays valid, and what
 * pushes queue from then on is numbered after the old heads, gap-free, at the next pull.
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
  const schema = `hq_m29_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
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

describe.each(TEST_DIALECTS)('HQ migration 29: pending changes (%s)', (dialect) => {
  it('keeps every stream and head, and a till at the old head pulls only what pushes queued since', async () => {
    const db = await olderDatabase(dialect);
    await migrateHq(
      db as Kysely<unknown>,
      dialect,
      HQ_MIGRATIONS.filter((m) => m.version < 29),
    );
    await db.insertInto('stores').values({ id: 's1', name: 's1', time_zone: 'UTC', created_at: 1, currency: 'CNY' }).execute();
    await db
      .insertInto('changes')
      .values([
        { stream: 's1', version: 1, kind: 'verdict', store_id: 's1', till_id: 't1', payload: '[{"redemptionId":"r1","status":"accepted"}]', created_at: 1 },
        { stream: 's1', version: 2, kind: 'verdict', store_id: 's1', till_id: 't1', payload: '[{"redemptionId":"r2","status":"accepted"}]', created_at: 1 },
      ])
      .execute();
    await db
      .insertInto('change_streams')
      .values({ stream: 's1', head: 2 })
      .onConflict((oc) => oc.column('stream').doUpdateSet({ head: 2 }))
      .execute();
    await db
      .insertInto('spent_relay')
      .values({ stream: 's1', relayed: 0 })
      .onConflict((oc) => oc.column('stream').doNothing())
      .execute();
    const headsBefore = await db.selectFrom('change_streams').select(['stream', 'head']).orderBy('stream').execute();
    await migrateHq(db as Kysely<unknown>, dialect);

    expect(await db.selectFrom('change_streams').select(['stream', 'head']).orderBy('stream').execute()).toEqual(headsBefore);
    expect(await db.selectFrom('pending_changes').selectAll().execute()).toEqual([]);
    let t = 1_700_000_000_000;
    const ctx = { db, dialect, now: () => t++, clock: new HybridClock('hq', () => t) } as unknown as HqContext;
    const till = { tillId: 't1', storeId: 's1', enrolledAt: null };
    const chain = Number(headsBefore.find((h) => h.stream === '*')?.head ?? 0);
    // At the old heads: nothing to pull.
    expect((await pullPage(ctx, till, { chain, store: 2 }, 100)).update).toBeNull();
    // A push queues two verdicts; the next pull numbers them 3 and 4 and brings them alone.
    await db.transaction().execute((trx) =>
      queueChanges(ctx, trx, [
        { kind: 'verdict', storeId: 's1', tillId: 't1', payload: [{ redemptionId: 'r3', status: 'accepted' }] },
        { kind: 'verdict', storeId: 's1', tillId: 't1', payload: [{ redemptionId: 'r2', status: 'conflict' }] },
      ]),
    );
    const page = await pullPage(ctx, till, { chain, store: 2 }, 100);
    expect(page.update).toMatchObject({ storeFromVersion: 2, storeToVersion: 4, reset: false });
    expect(page.update!.verdicts).toEqual([
      { redemptionId: 'r3', status: 'accepted' },
      { redemptionId: 'r2', status: 'conflict' },
    ]);
    const rows = await db.selectFrom('changes').select(['version']).where('stream', '=', 's1').orderBy('version').execute();
    expect(rows.map((r) => Number(r.version))).toEqual([1, 2, 3, 4]);
    expect(await sequencePending(ctx)).toBe(0);
  });
});
