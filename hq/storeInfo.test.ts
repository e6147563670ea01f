import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleSetUpdate } from '../shared/ruleSet';
import { PullResponseSchema } from '../shared/sync';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import { pullFrom, startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** What a store's tills learn about their store from HQ: its currency, and its tills by name. */

/** Enrolls a till of `storeId` over raw HTTP and returns a function folding every page it pulls from where it stopped. */
async function tillOf(hq: TestHq, storeId: string, opts: { name?: string; deviceName?: string } = {}) {
  const made = await hq.admin.ok<{ tillId: string; enrollmentToken: string }>('POST', '/admin/tills', { storeId, ...(opts.name ? { name: opts.name } : {}) });
  const res = await fetch(`${hq.url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: made.enrollmentToken, ...(opts.deviceName ? { deviceName: opts.deviceName } : {}) }),
  });
  const enrolled = (await res.json()) as { credential: string; store: unknown };
  let since: RuleSetUpdate | null = null;
  return {
    tillId: made.tillId,
    store: enrolled.store,
    /** The store info and till list of the pages since the last call (latest wins), as the till folds them. */
    async pull(): Promise<Pick<RuleSetUpdate, 'store' | 'tills'> | null> {
      let out: Pick<RuleSetUpdate, 'store' | 'tills'> | null = null;
      for (;;) {
        const r = await fetch(`${hq.url}/v1/sync/pull?${pullFrom(since)}`, { headers: { authorization: `Bearer ${enrolled.credential}` } });
        const answer = PullResponseSchema.parse(await r.json());
        if (!answer.update) return out;
        out = {
          ...(out ?? {}),
          ...(answer.update.store ? { store: answer.update.store } : {}),
          ...(answer.update.tills ? { tills: answer.update.tills } : {}),
        };
        since = answer.update;
        if (!answer.more) return out;
      }
    },
  };
}

describe.each(TEST_DIALECTS)('store currency and till names (%s)', (dialect) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['s1'] });
  });
  afterEach(() => hq.cleanup());

  it('carries the store currency (CNY unless set) in enrollment and the rule set, and a change of it', async () => {
    await hq.admin.ok('POST', '/admin/stores', { id: 'hk', name: 'Hong Kong 1', timeZone: 'Asia/Hong_Kong', currency: 'HKD' });
    const sh = await tillOf(hq, 's1');
    const hk = await tillOf(hq, 'hk');
    expect(sh.store).toEqual({ id: 's1', name: 'Store s1', timeZone: 'Asia/Shanghai', currency: 'CNY' });
    expect(hk.store).toMatchObject({ currency: 'HKD' });
    expect((await sh.pull())?.store).toEqual({ id: 's1', name: 'Store s1', timeZone: 'Asia/Shanghai', currency: 'CNY' });
    expect((await hk.pull())?.store?.currency).toBe('HKD');
    expect(await hq.admin.ok('PATCH', '/admin/stores/hk', { currency: 'USD' })).toEqual({
      id: 'hk',
      name: 'Hong Kong 1',
      timeZone: 'Asia/Hong_Kong',
      currency: 'USD',
    });
    expect((await hk.pull())?.store?.currency).toBe('USD');
    expect((await sh.pull())?.store).toBeUndefined(); // another store's change is not this till's
    expect(await hq.admin.ok('GET', '/admin/stores')).toContainEqual({ id: 'hk', name: 'Hong Kong 1', timeZone: 'Asia/Hong_Kong', currency: 'USD' });
  });

  it('refuses a currency that is not ISO 4217 and changes nothing', async () => {
    const refusals: [string, string, unknown, RegExp][] = [
      ['POST', '/admin/stores', { id: 'x1', name: 'X', timeZone: 'UTC', currency: 'XYZ' }, /unknown currency .{0,3}XYZ/],
      ['POST', '/admin/stores', { id: 'x2', name: 'X', timeZone: 'UTC', currency: 'cny' }, /ISO 4217/],
      ['PATCH', '/admin/stores/s1', { currency: 'yuan' }, /ISO 4217/],
      ['PATCH', '/admin/stores/s1', {}, /nothing to change/],
      ['PATCH', '/admin/stores/s1', { timeZone: 'Mars/Olympus' }, /time zone/],
    ];
    for (const [method, url, body, why] of refusals) {
      const answer = await hq.admin.call(method, url, body);
      expect(answer.status, url).toBe(400);
      expect(JSON.stringify(answer.body)).toMatch(why);
    }
    expect((await hq.admin.call('PATCH', '/admin/stores/nowhere', { currency: 'USD' })).status).toBe(404);
    expect(await hq.admin.ok('GET', '/admin/stores')).toEqual([{ id: 's1', name: 'Store s1', timeZone: 'Asia/Shanghai', currency: 'CNY' }]);
  });

  it("sends the store's tills by name: a new till, an enrollment's device name and a rename reach every till of the store, not others", async () => {
    await hq.admin.ok('POST', '/admin/stores', { id: 's2', name: 'Store s2', timeZone: 'Asia/Shanghai' });
    const one = await tillOf(hq, 's1', { name: 'Till 1' });
    expect((await one.pull())?.tills).toEqual([{ id: one.tillId, name: 'Till 1' }]);
    const two = await tillOf(hq, 's1', { deviceName: 'Front desk' });
    const other = await tillOf(hq, 's2', { name: 'Elsewhere' });
    const names = (l: { id: string; name: string }[] | undefined) => new Map((l ?? []).map((t) => [t.id, t.name]));
    expect(names((await one.pull())?.tills)).toEqual(
      new Map([
        [one.tillId, 'Till 1'],
        [two.tillId, 'Front desk'],
      ]),
    );
    expect(names((await two.pull())?.tills)).toEqual(
      new Map([
        [one.tillId, 'Till 1'],
        [two.tillId, 'Front desk'],
      ]),
    );
    expect(await hq.admin.ok('PATCH', `/admin/tills/${two.tillId}`, { name: 'Till 2' })).toEqual({ tillId: two.tillId, storeId: 's1', name: 'Till 2' });
    expect(names((await one.pull())?.tills).get(two.tillId)).toBe('Till 2');
    expect(names((await other.pull())?.tills)).toEqual(new Map([[other.tillId, 'Elsewhere']]));
    expect((await hq.admin.call('PATCH', '/admin/tills/0190a0a0-0000-7000-8000-000000000000', { name: 'Ghost' })).status).toBe(404);
    expect((await hq.admin.call('PATCH', `/admin/tills/${two.tillId}`, { name: '' })).status).toBe(400);
  });
});

describe('HQ migrations 20 and 21 (store currency, till names)', () => {
  it("keeps stores in CNY and tells each store's tills their names in one change", async () => {
    const raw = new Database(':memory:');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateHq(
      db,
      'sqlite',
      HQ_MIGRATIONS.filter((m) => m.version < 20),
    );
    raw.prepare("INSERT INTO stores (id, name, time_zone, created_at) VALUES ('s1', 'Store 1', 'Asia/Shanghai', 1), ('s2', 'Store 2', 'UTC', 1)").run();
    raw.prepare("INSERT INTO tills (id, store_id, name, created_at) VALUES ('t1', 's1', 'Till 1', 1), ('t2', 's1', 'Till 2', 1)").run();
    raw.prepare("UPDATE counters SET value = 7 WHERE name = 'change_version'").run();
    await migrateHq(db, 'sqlite');
    expect(raw.prepare('SELECT id, currency FROM stores ORDER BY id').all()).toEqual([
      { id: 's1', currency: 'CNY' },
      { id: 's2', currency: 'CNY' },
    ]);
    expect(raw.prepare("SELECT version, kind, store_id, payload FROM changes WHERE kind = 'tills'").all()).toEqual([
      {
        version: 8,
        kind: 'tills',
        store_id: 's1',
        payload: JSON.stringify([
          { id: 't1', name: 'Till 1' },
          { id: 't2', name: 'Till 2' },
        ]),
      },
    ]);
    expect(raw.prepare("SELECT value FROM counters WHERE name = 'change_version'").get()).toEqual({ value: 8 });
    await db.destroy();
  });
});
