import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_SCRYPT, verifyPin } from '../shared/auth/pinHash';
import type { HqUser } from '../shared/ruleSet';
import type { PullResponse } from '../shared/sync';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import { headVersion } from './services/changeLog';
import { pullFrom, startTestHq, TEST_DIALECTS, type AdminClient, type TestHq } from './testSupport';
import type { AdminUser } from './adminClient';

/** Users HQ manages: the admin API, what each store's tills pull, and what is never kept or shown. */

/** A till of `storeId` speaking raw HTTP (HQ tests may not import the till). */
async function enrollTill(hq: TestHq, storeId: string) {
  const token = await hq.admin.enrollmentToken(storeId);
  const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const { credential } = (await res.json()) as { credential: string };
  let since: PullResponse['update'] = null;
  const pull = async (from: PullResponse['update'], limit?: number): Promise<PullResponse> => {
    const r = await fetch(`${hq.url}/v1/sync/pull?${pullFrom(from)}${limit ? `&limit=${limit}` : ''}`, { headers: { authorization: `Bearer ${credential}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as PullResponse;
  };
  return {
    pull,
    /** Users in every page from where this till stopped, page by page as a till folds them (latest wins). */
    async next(limit?: number): Promise<Map<string, HqUser>> {
      const seen = new Map<string, HqUser>();
      for (;;) {
        const answer = await pull(since, limit);
        if (!answer.update) return seen;
        for (const u of answer.update.users) seen.set(u.id, u);
        since = answer.update;
        if (!answer.more) return seen;
      }
    },
  };
}

const PIN = '48213579';

describe.each(TEST_DIALECTS)('HQ users (%s)', (dialect) => {
  let hq: TestHq;
  let admin: AdminClient;
  beforeEach(async () => {
    hq = await startTestHq(dialect, { pinScrypt: TEST_SCRYPT });
    admin = hq.admin;
    await admin.seed({ storeIds: ['s1', 's2'] });
  });
  afterEach(() => hq.cleanup());

  it('creates users for a store or for every store, keeps only a hash of the PIN the till can verify, and never shows it', async () => {
    const ann = await admin.createUser({ name: 'Ann', role: 'cashier', storeId: 's1', pin: PIN });
    const area = await admin.createUser({ name: 'Area Boss', role: 'manager', storeId: null, pin: '777777' });
    expect(ann).toMatchObject({ name: 'Ann', role: 'cashier', storeId: 's1', disabled: false });
    expect(area).toMatchObject({ storeId: null, role: 'manager' });
    expect(Object.keys(ann).sort()).toEqual(['createdAt', 'disabled', 'id', 'name', 'role', 'storeId', 'updatedAt']);
    expect((await admin.ok<AdminUser[]>('GET', '/admin/users')).map((u) => u.name)).toEqual(['Ann', 'Area Boss']);
    expect((await admin.ok<AdminUser[]>('GET', '/admin/users?storeId=s2')).map((u) => u.name)).toEqual(['Area Boss']);

    const row = await hq.ctx.db.selectFrom('users').selectAll().where('id', '=', ann.id).executeTakeFirstOrThrow();
    expect(row.pin_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPin(PIN, row.pin_hash)).toBe(true);
    const everything = JSON.stringify([await hq.ctx.db.selectFrom('users').selectAll().execute(), await hq.ctx.db.selectFrom('changes').selectAll().execute()]);
    expect(everything).not.toContain(PIN);
  });

  it('refuses bad user input with a clear 4xx that never echoes the PIN, changing nothing', async () => {
    const ann = await admin.createUser({ name: 'Ann', role: 'cashier', storeId: 's1', pin: '1357' });
    const head = await headVersion(hq.ctx);
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '123' }, 400, /pin: a PIN is 4 to 8 digits/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '123456789' }, 400, /4 to 8 digits/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '12a4' }, 400, /4 to 8 digits/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: 1234 }, 400, /pin/],
      ['POST', '/admin/users', { name: 'Bo', role: 'owner', storeId: 's1', pin: '2468' }, 400, /role/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', pin: '2468' }, 400, /storeId/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 'nowhere', pin: '2468' }, 404, /no store "nowhere"/],
      ['POST', '/admin/users', { name: '  ', role: 'cashier', storeId: 's1', pin: '2468' }, 400, /name/],
      ['POST', '/admin/users', { name: 'Bo\u0007', role: 'cashier', storeId: 's1', pin: '2468' }, 400, /control character/],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '2468', admin: true }, 400, /admin/],
      ['PATCH', `/admin/users/${ann.id}`, {}, 400, /nothing to change/],
      ['PATCH', `/admin/users/${ann.id}`, { pin: '98765432100' }, 400, /4 to 8 digits/],
      ['POST', '/admin/users', { name: 'Bo', role: 'manager', storeId: 's1', pin: '12345' }, 400, /pin: a manager's PIN is 6 to 8 digits/],
      ['POST', '/admin/users', { name: 'Bo', role: 'supervisor', storeId: 's1', pin: '1234' }, 400, /pin: a supervisor's PIN is 6 to 8 digits/],
      ['PATCH', `/admin/users/${ann.id}`, { role: 'manager' }, 400, /a manager needs a new PIN of at least 6 digits/],
      ['PATCH', `/admin/users/${ann.id}`, { role: 'supervisor', pin: '54321' }, 400, /6 to 8 digits/],
      ['PATCH', `/admin/users/${ann.id}`, { storeId: 'nowhere' }, 404, /no store/],
      ['PATCH', '/admin/users/0190a000-0000-7000-8000-0000000000aa', { role: 'manager' }, 404, /no user/],
      ['POST', '/admin/users/not-an-id/disable', undefined, 400, /id/],
    ];
    for (const [method, p, body, status, message] of cases) {
      const r = await admin.call<{ message: string }>(method, p, body);
      expect({ p, body, status: r.status }).toEqual({ p, body, status });
      expect(r.body.message).toMatch(message);
      const pin = (body as { pin?: unknown } | undefined)?.pin;
      if (typeof pin === 'string') expect(JSON.stringify(r.body)).not.toContain(pin);
    }
    expect(await admin.ok<AdminUser[]>('GET', '/admin/users')).toEqual([ann]);
    expect(await headVersion(hq.ctx)).toBe(head);
  });

  it("a store's tills pull its users and the chain-wide ones, never another store's; a reset snapshot holds them all", async () => {
    const t1 = await enrollTill(hq, 's1');
    const t2 = await enrollTill(hq, 's2');
    const ann = await admin.createUser({ name: 'Ann', role: 'cashier', storeId: 's1', pin: '1357' });
    const bob = await admin.createUser({ name: 'Bob', role: 'supervisor', storeId: 's2', pin: '246802' });
    const area = await admin.createUser({ name: 'Area Boss', role: 'manager', storeId: null, pin: '777777' });
    const snapshot = await t1.pull(null);
    expect(snapshot.update!.reset).toBe(true);
    expect(snapshot.update!.users.map((u) => u.name).sort()).toEqual(['Ann', 'Area Boss']);
    expect(snapshot.update!.users.find((u) => u.id === ann.id)).toEqual({
      id: ann.id,
      name: 'Ann',
      role: 'cashier',
      disabled: false,
      updatedAt: ann.updatedAt,
      pinHash: expect.stringMatching(/^scrypt\$/),
    });
    expect([...(await t2.next()).keys()].sort()).toEqual([bob.id, area.id].sort());
    // Page by page (one change-log entry per page) the till ends up with the same users.
    expect([...(await t1.next(1)).keys()].sort()).toEqual([ann.id, area.id].sort());
  });

  it('a new PIN, a new role, a disable and an enable reach the tills in their next pull', async () => {
    const t1 = await enrollTill(hq, 's1');
    const ann = await admin.createUser({ name: 'Ann', role: 'cashier', storeId: 's1', pin: '1357' });
    const first = (await t1.next()).get(ann.id)!;
    const changed = await admin.ok<AdminUser>('PATCH', `/admin/users/${ann.id}`, { pin: '864213', role: 'supervisor' });
    expect(changed).toMatchObject({ role: 'supervisor', storeId: 's1' });
    const second = (await t1.next()).get(ann.id)!;
    expect(second.role).toBe('supervisor');
    expect(second.pinHash).not.toBe(first.pinHash);
    expect(await verifyPin('864213', second.pinHash)).toBe(true);
    expect(second.updatedAt).toBeGreaterThanOrEqual(first.updatedAt);

    expect(await admin.ok<AdminUser>('POST', `/admin/users/${ann.id}/disable`)).toMatchObject({ disabled: true });
    expect((await t1.next()).get(ann.id)).toMatchObject({ disabled: true, pinHash: second.pinHash });
    // Disabling again changes nothing and sends nothing.
    const head = await headVersion(hq.ctx);
    await admin.ok('POST', `/admin/users/${ann.id}/disable`);
    expect(await headVersion(hq.ctx)).toBe(head);
    await admin.ok('POST', `/admin/users/${ann.id}/enable`);
    expect((await t1.next()).get(ann.id)).toMatchObject({ disabled: false });
  });

  it("moving a user to another store takes them off the old store's tills and onto the new one's", async () => {
    const t1 = await enrollTill(hq, 's1');
    const t2 = await enrollTill(hq, 's2');
    const ann = await admin.createUser({ name: 'Ann', role: 'cashier', storeId: 's1', pin: '1357' });
    await t1.next();
    await t2.next();
    await admin.ok('PATCH', `/admin/users/${ann.id}`, { storeId: 's2' });
    expect((await t1.next()).get(ann.id)).toMatchObject({ disabled: true });
    expect((await t2.next()).get(ann.id)).toMatchObject({ disabled: false });
    // Chain-wide, then back to one store: each store's tills fold to the right state, in one page or many.
    await admin.ok('PATCH', `/admin/users/${ann.id}`, { storeId: null });
    expect((await t1.next()).get(ann.id)).toMatchObject({ disabled: false });
    await admin.ok('PATCH', `/admin/users/${ann.id}`, { storeId: 's1' });
    expect((await t1.next(1)).get(ann.id)).toMatchObject({ disabled: false });
    expect((await t2.next(1)).get(ann.id)).toMatchObject({ disabled: true });
    // A till enrolled now gets the current state in its snapshot.
    expect((await (await enrollTill(hq, 's2')).next()).get(ann.id)).toMatchObject({ disabled: true });
    expect((await (await enrollTill(hq, 's1')).next()).get(ann.id)).toMatchObject({ disabled: false, name: 'Ann' });
  });

  it('describes the user endpoints at /openapi.json', async () => {
    const doc = (await (await fetch(`${hq.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>
      >;
    };
    expect(Object.keys(doc.paths['/admin/users']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/admin/users/{id}']!)).toEqual(['patch']);
    expect(doc.paths['/admin/users/{id}/disable']!.post).toBeDefined();
    expect(doc.paths['/admin/users/{id}/enable']!.post).toBeDefined();
    const create = doc.paths['/admin/users']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(create.properties!)).toEqual(['name', 'role', 'storeId', 'pin']);
    expect(create.required).toEqual(['name', 'role', 'storeId', 'pin']);
  });
});

describe('HQ migration 2 (users)', () => {
  it('adds the users table to a version-1 database and keeps its rows', async () => {
    const raw = new Database(':memory:');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    expect(await migrateHq(db, 'sqlite', HQ_MIGRATIONS.slice(0, 1))).toBe(1);
    raw.prepare("INSERT INTO stores (id, name, time_zone, created_at) VALUES ('s1', 'Store 1', 'Asia/Shanghai', 1)").run();
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'users'").get()).toBeUndefined();
    expect(await migrateHq(db, 'sqlite')).toBe(HQ_MIGRATIONS.at(-1)!.version);
    expect(raw.prepare('SELECT id FROM stores').all()).toEqual([{ id: 's1' }]);
    raw
      .prepare("INSERT INTO users (id, name, role, store_id, pin_hash, disabled, created_at, updated_at) VALUES ('u1', 'Ann', 'cashier', 's1', 'h', 0, 1, 1)")
      .run();
    expect(() =>
      raw
        .prepare("INSERT INTO users (id, name, role, store_id, pin_hash, disabled, created_at, updated_at) VALUES ('u2', 'Bo', 'owner', NULL, 'h', 0, 1, 1)")
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      raw
        .prepare(
          "INSERT INTO users (id, name, role, store_id, pin_hash, disabled, created_at, updated_at) VALUES ('u3', 'Cy', 'cashier', 'nowhere', 'h', 0, 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    await db.destroy();
  });
});
