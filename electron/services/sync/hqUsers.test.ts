import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RosterEntry } from '../../../shared/ipc/types';
import { startTestHq, TEST_DIALECTS, type TestHq } from '../../../hq/testSupport';
import { openTillApp, type TillApp } from '../../app';
import type { Sender } from '../../ipc/register';
import { TEST_SCRYPT } from '../auth/testing';
import type { FetchLike } from './hqClient';

/**
 * Users from HQ, end to end: HQ's admin API, HQ's change log, the till's real sync engine and
 * the till's API loop. HQ hashes with its default scrypt parameters, so the till verifies a
 * real production-strength hash offline.
 */
describe.each(TEST_DIALECTS)('users synced from HQ (%s)', (dialect) => {
  let hq: TestHq | undefined;
  const apps: { app: TillApp; dir: string }[] = [];
  afterEach(async () => {
    for (const { app, dir } of apps.splice(0)) {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await hq?.cleanup();
    hq = undefined;
  });

  async function till(storeId: string) {
    const dir = mkdtempSync(join(tmpdir(), 'till-hq-users-'));
    // The network to HQ, which a test can cut.
    const net = { up: true };
    const fetchHq = ((url: string, init?: unknown) =>
      net.up ? fetch(url, init as RequestInit) : Promise.reject(new TypeError('fetch failed: network is down'))) as unknown as FetchLike;
    const app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false, fetch: fetchHq });
    apps.push({ app, dir });
    const pushed: { clientId: string | null; event: string; payload: unknown }[] = [];
    app.setPush((clientId, event, payload) => void pushed.push({ clientId, event, payload }));
    await app.sync.enroll(hq!.url, await hq!.admin.enrollmentToken(storeId));
    const win: Sender = { kind: 'window', clientId: `window-${storeId}`, trusted: true };
    const call = (channel: string, request: unknown = {}) => app.api.call(channel, win, { request });
    const sync = async () => expect(await app.sync.syncNow()).toMatchObject({ ok: true });
    const roster = async () => {
      const r = await call('till:auth:roster');
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as RosterEntry[]).map((u) => u.name).sort();
    };
    return { app, call, sync, roster, pushed, net };
  }

  it("a store's till gets its users and the chain-wide ones, and signs them in offline; a manager there cannot change them", async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['S1', 'S2'] });
    const ann = await hq.admin.createUser({ name: 'Ann', role: 'cashier', storeId: 'S1', pin: '4821' });
    await hq.admin.createUser({ name: 'Bob', role: 'manager', storeId: 'S2', pin: '135791' });
    const area = await hq.admin.createUser({ name: 'Area Boss', role: 'manager', storeId: null, pin: '975310' });
    const s1 = await till('S1');
    await s1.sync();
    expect(await s1.roster()).toEqual(['Ann', 'Area Boss']);

    // HQ can be out of reach now: the PIN hash came with the user.
    s1.net.up = false;
    expect(await s1.app.sync.syncNow()).toMatchObject({ ok: false });
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '1111' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '4821' })).toMatchObject({ ok: true, value: { user: { id: ann.id, role: 'cashier' } } });
    const users = await s1.call('till:users:list');
    expect(users).toMatchObject({ ok: false, error: { code: 'forbidden' } }); // a cashier may not manage users
    await s1.call('till:auth:signOut');
    expect(await s1.call('till:auth:signIn', { userId: area.id, pin: '975310' })).toMatchObject({ ok: true });
    const list = await s1.call('till:users:list');
    expect(list.ok && (list.value as { name: string; origin: string }[]).map((u) => [u.name, u.origin])).toEqual([
      ['Ann', 'hq'],
      ['Area Boss', 'hq'],
    ]);
    // A manager of this till still cannot change HQ's users here.
    expect(await s1.call('till:users:disable', { userId: ann.id, disabled: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/managed by HQ/) },
    });
  });

  it('disabling at HQ reaches the till on its next pull: the session ends and the PIN no longer signs in', async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['S1'] });
    const ann = await hq.admin.createUser({ name: 'Ann', role: 'cashier', storeId: 'S1', pin: '4821' });
    const s1 = await till('S1');
    await s1.sync();
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '4821' })).toMatchObject({ ok: true });
    expect(await s1.call('till:sync:status')).toMatchObject({ ok: true });

    await hq.admin.ok('POST', `/admin/users/${ann.id}/disable`);
    await s1.sync();
    expect(s1.pushed).toContainEqual({ clientId: 'window-S1', event: 'session', payload: { session: null, reason: 'disabled' } });
    expect(await s1.call('till:sync:status')).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '4821' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await s1.roster()).toEqual([]);

    // A new PIN from HQ (and enabling again) works at the till after the next pull; the old PIN does not.
    await hq.admin.ok('PATCH', `/admin/users/${ann.id}`, { pin: '7394' });
    await hq.admin.ok('POST', `/admin/users/${ann.id}/enable`);
    await s1.sync();
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '4821' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await s1.call('till:auth:signIn', { userId: ann.id, pin: '7394' })).toMatchObject({ ok: true });
  });

  it("a till enrolled again into another store starts that store from a full snapshot: its users come, the old store's go", async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['S1', 'S2'] });
    await hq.admin.createUser({ name: 'Ann', role: 'cashier', storeId: 'S1', pin: '4821' });
    await hq.admin.createUser({ name: 'Bob', role: 'manager', storeId: 'S2', pin: '135791' });
    await hq.admin.createUser({ name: 'Area Boss', role: 'manager', storeId: null, pin: '975310' });
    const t = await till('S1');
    await t.sync();
    expect(await t.roster()).toEqual(['Ann', 'Area Boss']);
    // Store S2's user was created before this till's last pull: only a snapshot brings it.
    await t.app.sync.enroll(hq.url, await hq.admin.enrollmentToken('S2'));
    await t.sync();
    expect(await t.roster()).toEqual(['Area Boss', 'Bob']);
    expect(await t.call('till:sync:status')).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });
});
