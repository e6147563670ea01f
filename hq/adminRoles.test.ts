import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_SCRYPT } from '../shared/auth/pinHash';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import { startHq } from './server';
import { AdminClient, startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * Issue 11 item 12: named admin accounts with roles, each with its own hashed token (rotatable,
 * disable-able), and an append-only audit of every admin write, on SQLite and PostgreSQL.
 */

type Account = { id: string; name: string; role: string; disabled: boolean };
type Audit = {
  seq: number;
  accountId: string | null;
  accountName: string;
  role: string;
  action: string;
  method: string;
  path: string;
  target: string | null;
  before: unknown;
  after: unknown;
};

const CAMPAIGN = { id: 1, name: 'Spring 20 off', benefit: { type: 'cash', amountOffMinor: 2000 }, rules: {} };

describe.each(TEST_DIALECTS)('admin accounts, roles and audit (%s)', (dialect) => {
  let hq: TestHq;
  let owner: AdminClient;
  const as = async (role: string, name = `Ann ${role}`) => {
    const r = await owner.ok<{ account: Account; token: string }>('POST', '/admin/accounts', { name, role });
    return { account: r.account, api: new AdminClient(hq.url, r.token), token: r.token };
  };
  const audit = async (q = '') => owner.all<Audit>(`/admin/audit${q}`);

  beforeEach(async () => {
    hq = await startTestHq(dialect, { pinScrypt: TEST_SCRYPT });
    owner = hq.admin;
  });
  afterEach(() => hq.cleanup());

  it('makes the first owner from the admin-token file, and that token keeps opening HQ after a restart', async () => {
    const token = fs.readFileSync(hq.adminTokenFile!, 'utf8').trim();
    expect(token).toBe(hq.adminToken);
    expect(await owner.ok<Account[]>('GET', '/admin/accounts')).toEqual([expect.objectContaining({ name: 'owner', role: 'owner', disabled: false })]);
    const [first] = await audit();
    expect(first).toMatchObject({ action: 'account.first_owner', accountId: null, role: 'system', after: { name: 'owner', role: 'owner' } });
    const again = dialect === 'postgres' ? await hq.twin() : await startHq({ dataDir: hq.dataDir });
    try {
      expect((await new AdminClient(again.url, token).call('GET', '/admin/accounts')).status).toBe(200);
      expect(await owner.ok<Account[]>('GET', '/admin/accounts')).toHaveLength(1);
    } finally {
      if (dialect === 'sqlite') await again.close();
    }
  });

  it('upgrades an HQ from before accounts: its admin-token file becomes the first owner', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-upgrade-'));
    const schema = `hq_up_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const pool = dialect === 'postgres' ? new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${schema}` }) : null;
    const raw = dialect === 'sqlite' ? new Database(path.join(dir, 'hq.sqlite')) : null;
    if (pool) await pool.query(`create schema ${schema}`);
    const db = new Kysely<unknown>({ dialect: pool ? new PostgresDialect({ pool }) : new SqliteDialect({ database: raw! }) });
    expect(
      await migrateHq(
        db,
        dialect,
        HQ_MIGRATIONS.filter((m) => m.version <= 3),
      ),
    ).toBe(3);
    await sql`insert into stores (id, name, time_zone, created_at) values ('s1', 'Store 1', 'Asia/Shanghai', 1)`.execute(db);
    await db.destroy();
    const oldToken = 'T'.repeat(43);
    fs.writeFileSync(path.join(dir, 'admin-token'), oldToken + '\n', { mode: 0o600 });
    const upgraded = await startHq({ dataDir: dir, ...(pool ? { databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema: schema } : {}) });
    try {
      const api = new AdminClient(upgraded.url, oldToken);
      expect(await api.ok('GET', '/admin/stores')).toEqual([expect.objectContaining({ id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' })]);
      expect(await api.ok<Account[]>('GET', '/admin/accounts')).toEqual([expect.objectContaining({ name: 'owner', role: 'owner' })]);
    } finally {
      await upgraded.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (dialect === 'postgres') {
        const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    }
  });

  it('lets each role do its own area and answers 403 (changing nothing) for the rest', async () => {
    await owner.seed();
    const campaigns = await as('campaigns');
    const stores = await as('stores');
    const auditor = await as('auditor');
    const calls: [string, string, unknown][] = [
      ['POST', '/admin/stores', { id: 's2', name: 'Store 2', timeZone: 'Asia/Shanghai' }],
      ['POST', '/admin/tills', { storeId: 's1' }],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '4821' }],
      ['PUT', '/admin/campaigns/1', { ...CAMPAIGN, name: 'Spring 25 off' }],
      ['POST', '/admin/codes/mint', { campaignId: 1, count: 2 }],
      ['POST', '/admin/keys/rotate', undefined],
      ['GET', '/admin/codes/export?campaignId=1', undefined],
      ['GET', '/admin/redemptions', undefined],
      ['GET', '/admin/stores', undefined],
      ['GET', '/admin/audit', undefined],
      ['GET', '/admin/accounts', undefined],
    ];
    const table: Record<string, Record<string, number>> = {};
    for (const [who, api] of [
      ['campaigns', campaigns.api],
      ['stores', stores.api],
      ['auditor', auditor.api],
    ] as const) {
      for (const [method, path, body] of calls) {
        const before = (await audit()).length;
        const r = await api.call(method, path, body);
        (table[who] ??= {})[`${method} ${path.split('?')[0]}`] = r.status;
        if (r.status === 403) {
          expect((r.body as { error: string; message: string }).message).toMatch(new RegExp(`\\(role ${who}\\) may not`));
          expect((await audit()).length, `${who} ${method} ${path}: a refused call is not audited`).toBe(before);
        }
      }
    }
    expect(table).toEqual({
      campaigns: {
        'POST /admin/stores': 403,
        'POST /admin/tills': 403,
        'POST /admin/users': 403,
        'PUT /admin/campaigns/1': 200,
        'POST /admin/codes/mint': 200,
        'POST /admin/keys/rotate': 200,
        'GET /admin/codes/export': 200,
        'GET /admin/redemptions': 200,
        'GET /admin/stores': 200,
        'GET /admin/audit': 403,
        'GET /admin/accounts': 403,
      },
      stores: {
        'POST /admin/stores': 200,
        'POST /admin/tills': 200,
        'POST /admin/users': 200,
        'PUT /admin/campaigns/1': 403,
        'POST /admin/codes/mint': 403,
        'POST /admin/keys/rotate': 403,
        'GET /admin/codes/export': 403,
        'GET /admin/redemptions': 200,
        'GET /admin/stores': 200,
        'GET /admin/audit': 403,
        'GET /admin/accounts': 403,
      },
      auditor: {
        'POST /admin/stores': 403,
        'POST /admin/tills': 403,
        'POST /admin/users': 403,
        'PUT /admin/campaigns/1': 403,
        'POST /admin/codes/mint': 403,
        'POST /admin/keys/rotate': 403,
        'GET /admin/codes/export': 403,
        'GET /admin/redemptions': 200,
        'GET /admin/stores': 200,
        'GET /admin/audit': 200,
        'GET /admin/accounts': 403,
      },
    });
    // What the refusals did not change: one store added (by stores), the campaign updated once (by campaigns).
    expect((await owner.ok<{ id: string }[]>('GET', '/admin/stores')).map((s) => s.id)).toEqual(['s1', 's2']);
    expect((await owner.ok<{ name: string; version: number }[]>('GET', '/admin/campaigns'))[0]).toMatchObject({ name: 'Spring 25 off', version: 2 });
    // Only the owner resolves conflicts and manages accounts.
    for (const api of [campaigns.api, stores.api, auditor.api]) {
      expect((await api.call('POST', '/admin/accounts', { name: 'Sneaky', role: 'owner' })).status).toBe(403);
      expect(
        (await api.call('POST', '/admin/conflicts/0190a000-0000-7000-8000-0000000000ab/resolve', { resolution: 'charged_back', note: 'no such' })).status,
      ).toBe(403);
    }
    expect(
      (await owner.call('POST', '/admin/conflicts/0190a000-0000-7000-8000-0000000000ab/resolve', { resolution: 'charged_back', note: 'no such' })).status,
    ).toBe(404);
  });

  it('keeps only a hash of each token; a rotated or disabled token stops at once; the last owner cannot be disabled', async () => {
    const ann = await as('campaigns');
    const rows = await hq.ctx.db.selectFrom('admin_accounts').selectAll().execute();
    for (const row of rows)
      expect(
        Object.values(row)
          .map(String)
          .some((v) => v.includes(ann.token) || v.includes(hq.adminToken)),
      ).toBe(false);
    if (dialect === 'sqlite') {
      for (const f of fs.readdirSync(hq.dataDir).filter((n) => n.startsWith('hq.sqlite')))
        expect(fs.readFileSync(`${hq.dataDir}/${f}`).includes(ann.token)).toBe(false);
    }
    const rotated = await owner.ok<{ account: Account; token: string }>('POST', `/admin/accounts/${ann.account.id}/rotate`);
    expect(rotated.token).not.toBe(ann.token);
    expect((await ann.api.call('GET', '/admin/campaigns')).status).toBe(401);
    const fresh = new AdminClient(hq.url, rotated.token);
    expect((await fresh.call('GET', '/admin/campaigns')).status).toBe(200);
    await owner.ok('POST', `/admin/accounts/${ann.account.id}/disable`);
    expect((await fresh.call('GET', '/admin/campaigns')).status).toBe(401);
    await owner.ok('POST', `/admin/accounts/${ann.account.id}/enable`);
    expect((await fresh.call('GET', '/admin/campaigns')).status).toBe(200);
    const ownerId = (await owner.ok<Account[]>('GET', '/admin/accounts')).find((a) => a.role === 'owner')!.id;
    expect((await owner.call('POST', `/admin/accounts/${ownerId}/disable`)).status).toBe(409);
    const second = await as('owner', 'Second owner');
    await second.api.ok('POST', `/admin/accounts/${ownerId}/disable`);
    expect((await owner.call('GET', '/admin/stores')).status).toBe(401);
  });

  it('audits every admin write with who, what, before and after, and never a token, PIN or code', async () => {
    const stores = await as('stores', 'Sam Stores');
    const campaigns = await as('campaigns', 'Cal Campaigns');
    await stores.api.ok('POST', '/admin/stores', { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' });
    const till = await stores.api.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId: 's1', name: 'Till 1' });
    const user = await stores.api.ok<{ id: string }>('POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 's1', pin: '4821' });
    await stores.api.ok('PATCH', `/admin/users/${user.id}`, { name: 'Bo Li', pin: '9157' });
    await campaigns.api.ok('POST', '/admin/campaigns', CAMPAIGN);
    await campaigns.api.ok('PUT', '/admin/campaigns/1', { ...CAMPAIGN, name: 'Spring 25 off' });
    await campaigns.api.ok('POST', '/admin/keys/rotate');
    const minted = await campaigns.api.mint(1, 3);
    await campaigns.api.ok('POST', '/admin/codes/revoke', { couponKeys: [minted[0]!.couponKey], reason: 'printed twice' });
    // A refused write leaves no entry.
    expect((await campaigns.api.call('POST', '/admin/campaigns', CAMPAIGN)).status).toBe(409);

    const entries = (await audit()).reverse();
    expect(entries.map((e) => [e.accountName, e.action])).toEqual([
      ['HQ', 'account.first_owner'],
      ['owner', 'account.create'],
      ['owner', 'account.create'],
      ['Sam Stores', 'store.add'],
      ['Sam Stores', 'till.register'],
      ['Sam Stores', 'user.create'],
      ['Sam Stores', 'user.change'],
      ['Cal Campaigns', 'campaign.create'],
      ['Cal Campaigns', 'campaign.update'],
      ['Cal Campaigns', 'key.rotate'],
      ['Cal Campaigns', 'codes.mint'],
      ['Cal Campaigns', 'codes.revoke'],
    ]);
    const by = (action: string) => entries.filter((e) => e.action === action).at(-1)!;
    expect(by('campaign.update')).toMatchObject({
      role: 'campaigns',
      method: 'PUT',
      path: '/admin/campaigns/1',
      target: '1',
      before: { name: 'Spring 20 off', version: 1 },
      after: { name: 'Spring 25 off', version: 2 },
    });
    expect(by('user.change')).toMatchObject({ target: user.id, before: { name: 'Bo' }, after: { name: 'Bo Li', pinChanged: true } });
    expect(by('codes.mint').after).toMatchObject({ campaignId: 1, count: 3, minted: 3, first: minted[0]!.couponKey, last: minted[2]!.couponKey });
    expect(by('codes.revoke').after).toMatchObject({ couponKeys: [minted[0]!.couponKey], reason: 'printed twice', revoked: 1 });
    const text = JSON.stringify(entries);
    for (const secret of [till.enrollmentToken, stores.token, campaigns.token, hq.adminToken, 'scrypt', ...minted.map((m) => m.code)])
      expect(text).not.toContain(secret);
    // The PINs are 4 digits, which a timestamp or an id may hold by chance: no value in the audit is one.
    const leaves: unknown[] = [];
    const walk = (v: unknown): void => {
      if (v && typeof v === 'object') Object.values(v).forEach(walk);
      else leaves.push(v);
    };
    walk(entries);
    for (const pin of ['4821', '9157']) expect(leaves.filter((v) => String(v) === pin)).toEqual([]);
    expect(by('account.create').after).toMatchObject({ name: 'Cal Campaigns', role: 'campaigns' });
  });

  it('pages /admin/audit newest first with a cursor (none twice, none missed) and filters by account', async () => {
    const stores = await as('stores');
    for (let i = 0; i < 23; i++) await stores.api.ok('POST', '/admin/stores', { id: `s${i}`, name: `Store ${i}`, timeZone: 'Asia/Shanghai' });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: Audit[]; nextCursor?: string | null } = await owner.call<Audit[]>(
        'GET',
        `/admin/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      expect(r.body.length).toBeLessThanOrEqual(5);
      seen.push(...r.body.map((e) => e.seq));
      cursor = r.nextCursor ?? null;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(25);
    const mine = await owner.all<Audit>(`/admin/audit?accountId=${stores.account.id}&limit=7`);
    expect(mine.map((e) => e.target)).toEqual(Array.from({ length: 23 }, (_, i) => `s${22 - i}`));
    expect((await owner.call('GET', '/admin/audit?cursor=abc')).status).toBe(400);
  });

  it('is append-only in the database itself: UPDATE and DELETE of an audit entry are refused', async () => {
    await owner.ok('POST', '/admin/stores', { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' });
    const before = await audit();
    await expect(hq.ctx.db.updateTable('admin_audit').set({ account_name: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(hq.ctx.db.deleteFrom('admin_audit').execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate admin_audit`.execute(hq.ctx.db)).rejects.toThrow(/append-only/);
    expect(await audit()).toEqual(before);
  });
});
