import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';
import { pruneBatchQuery } from './services/webhookRetention';

/**
 * Retention of HQ's webhook outbox: delivered rows past retention and old dead letters are deleted
 * by the dispatcher's own timer, in bounded batches; rows inside retention and pending rows stay.
 */

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);

type State = 'pending' | 'delivered' | 'dead';

async function insertDeliveries(hq: TestHq, rows: { id: string; state: State; at: number }[]): Promise<void> {
  const db = hq.ctx.db;
  if (!(await db.selectFrom('webhook_endpoints').select('id').where('id', '=', 'ep1').executeTakeFirst()))
    await db
      .insertInto('webhook_endpoints')
      .values({ id: 'ep1', url: 'https://erp.example/hook', secret_sealed: 'enc1:x', events: '[]', store_id: null, disabled: 0, created_at: 0, updated_at: 0 })
      .execute();
  const values = rows.map((r) => ({
    id: r.id,
    endpoint_id: 'ep1',
    event_id: `ev-${r.id}`,
    event_type: 'redemption.accepted',
    body: '{}',
    state: r.state,
    attempts: 1,
    // A dead letter's next_attempt_at is when HQ gave up; a pending one's when it is due.
    next_attempt_at: r.at,
    lease_until: null,
    last_status: r.state === 'delivered' ? 200 : 500,
    last_error: null,
    created_at: r.at - 1000,
    delivered_at: r.state === 'delivered' ? r.at : null,
  }));
  for (let i = 0; i < values.length; i += 200)
    await db
      .insertInto('webhook_deliveries')
      .values(values.slice(i, i + 200))
      .execute();
}

const ids = async (hq: TestHq) => (await hq.ctx.db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute()).map((r) => r.id);

async function eventually(test: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('did not happen in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(TEST_DIALECTS)('webhook delivery retention (%s)', (dialect) => {
  let hq: TestHq | undefined;
  let now = T0;
  afterEach(async () => {
    await hq?.cleanup();
    hq = undefined;
  });
  const start = (webhooks: Record<string, unknown>) => startTestHq(dialect, { now: () => now, webhooks: { pollMs: 20, ...webhooks } });

  it('the dispatcher deletes delivered rows past 30 days and dead letters past 90, keeping newer ones and every pending row', async () => {
    now = T0;
    // An hour between prunes: only the first tick prunes until the clock moves on.
    hq = await start({});
    // The rows go in before the clock moves: a prune the timer runs meanwhile, at T0, finds none of
    // them past retention. Moving the clock first let a tick prune at the new time before the insert
    // landed, and the next was then an hour of a stopped clock away (a slow PostgreSQL start in CI).
    const later = T0 + 200 * DAY;
    await insertDeliveries(hq, [
      { id: 'd-old', state: 'delivered', at: later - 31 * DAY },
      { id: 'd-new', state: 'delivered', at: later - 29 * DAY },
      { id: 'p-old', state: 'pending', at: later - 150 * DAY },
      { id: 'x-old', state: 'dead', at: later - 91 * DAY },
      { id: 'x-new', state: 'dead', at: later - 89 * DAY },
    ]);
    expect(await ids(hq)).toHaveLength(5);
    now = later;
    // The timer runs the prune on its own: the clock jumped 200 days past the start's prune.
    await eventually(async () => !(await ids(hq!)).includes('d-old'));
    expect(await ids(hq)).toEqual(['d-new', 'p-old', 'x-new']);
    // A day later the two kept ones are past retention too; pending stays however old.
    now += 2 * DAY;
    await eventually(async () => (await ids(hq!)).length === 1);
    expect(await ids(hq)).toEqual(['p-old']);
  });

  it('deletes in batches of pruneBatch, at most pruneMaxBatches per run, and finishes the backlog on the next runs', async () => {
    now = T0 + 100 * DAY;
    hq = await start({ pruneBatch: 10, pruneMaxBatches: 2, pruneEveryMs: 3_600_000 });
    await hq.webhooks!.stop();
    await insertDeliveries(
      hq,
      Array.from({ length: 45 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, state: 'delivered' as const, at: now - 40 * DAY - i })),
    );
    await insertDeliveries(hq, [{ id: 'keep', state: 'delivered', at: now - DAY }]);
    // Two full batches of delivered rows, then the dead letters' own (empty) batch.
    expect(await hq.webhooks!.prune()).toEqual({ delivered: 20, dead: 0, batches: 3, more: true });
    // The oldest go first.
    expect((await ids(hq)).filter((id) => id.startsWith('d'))).toEqual(Array.from({ length: 25 }, (_, i) => `d${String(i).padStart(2, '0')}`));
    // The clock stands still, so the hourly prune is not due: only "more" makes the timer carry on.
    hq.webhooks!.start();
    await eventually(async () => (await ids(hq!)).length === 1);
    expect(await ids(hq)).toEqual(['keep']);
    expect(await hq.webhooks!.prune()).toEqual({ delivered: 0, dead: 0, batches: 2, more: false });
  });

  it.runIf(dialect === 'postgres')('two HQ processes pruning the same backlog at once delete each row once, without errors', async () => {
    now = T0 + 100 * DAY;
    hq = await start({ pruneBatch: 100, pruneMaxBatches: 1000 });
    await hq.webhooks!.stop();
    const twin = await hq.twin();
    await twin.webhooks!.stop();
    await insertDeliveries(
      hq,
      Array.from({ length: 3000 }, (_, i) => ({ id: `d${String(i).padStart(4, '0')}`, state: 'delivered' as const, at: now - 40 * DAY - i })),
    );
    const [a, b] = await Promise.all([hq.webhooks!.prune(), twin.webhooks!.prune()]);
    expect(a.delivered + b.delivered).toBe(3000);
    expect(await ids(hq)).toEqual([]);
  });

  it('a delivered backlog does not hold up old dead letters: each kind has its own batches per run', async () => {
    now = T0 + 1000 * DAY;
    hq = await start({ pruneBatch: 5, pruneMaxBatches: 1 });
    await hq.webhooks!.stop();
    await insertDeliveries(hq, [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, state: 'delivered' as const, at: now - 40 * DAY })),
      { id: 'x', state: 'dead', at: now - 100 * DAY },
    ]);
    expect(await hq.webhooks!.prune()).toEqual({ delivered: 5, dead: 1, batches: 2, more: true });
    expect(await hq.webhooks!.prune()).toEqual({ delivered: 5, dead: 0, batches: 2, more: true });
    expect(await hq.webhooks!.prune()).toEqual({ delivered: 2, dead: 0, batches: 2, more: false });
    expect(await ids(hq)).toEqual([]);
  });

  it('keeps dead letters until replayed with deadRetentionMs null, and honours a shorter delivered retention', async () => {
    now = T0 + 1000 * DAY;
    hq = await start({ deadRetentionMs: null, deliveredRetentionMs: 7 * DAY });
    await hq.webhooks!.stop();
    await insertDeliveries(hq, [
      { id: 'd8', state: 'delivered', at: now - 8 * DAY },
      { id: 'd6', state: 'delivered', at: now - 6 * DAY },
      { id: 'x', state: 'dead', at: now - 900 * DAY },
    ]);
    expect(await hq.webhooks!.prune()).toMatchObject({ delivered: 1, dead: 0 });
    expect(await ids(hq)).toEqual(['d6', 'x']);
  });

  it('a prune never deletes a row a replay made pending, even one that was a dead letter past retention', async () => {
    now = T0 + 1000 * DAY;
    hq = await start({});
    await hq.webhooks!.stop();
    await insertDeliveries(hq, [{ id: 'x', state: 'dead', at: now - 100 * DAY }]);
    await hq.ctx.db.updateTable('webhook_deliveries').set({ state: 'pending' }).where('id', '=', 'x').execute();
    expect(await hq.webhooks!.prune()).toMatchObject({ delivered: 0, dead: 0 });
    expect(await ids(hq)).toEqual(['x']);
  });
});

describe('HQ migration 27 (webhook retention index)', () => {
  it('adds the index the prune of delivered rows reads, on a database that already has deliveries', async () => {
    const raw = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateHq(
      db,
      'sqlite',
      HQ_MIGRATIONS.filter((m) => m.version < 27),
    );
    raw.prepare("INSERT INTO webhook_endpoints VALUES ('ep1', 'https://x.example', 'enc1:x', '[]', NULL, 0, 1, 1)").run();
    raw.prepare("INSERT INTO webhook_deliveries VALUES ('w1', 'ep1', 'e1', 'redemption.accepted', '{}', 'delivered', 1, 1, NULL, 200, NULL, 1, 5)").run();
    await migrateHq(db, 'sqlite');
    const plan = pruneBatchQuery({ db } as never, { state: 'delivered', column: 'delivered_at' }, 10, 1000).compile();
    const steps = raw
      .prepare(`EXPLAIN QUERY PLAN ${plan.sql}`)
      .all(...(plan.parameters as unknown[]))
      .map((r) => (r as { detail: string }).detail);
    expect(steps.join('\n')).toMatch(/USING (COVERING )?INDEX webhook_deliveries_delivered/);
    expect(steps.join('\n')).not.toMatch(/SCAN webhook_deliveries(?! USING)/);
    expect(raw.prepare('SELECT count(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 1 });
    await db.destroy();
  });
});
