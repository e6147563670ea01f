import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';
import { appCalls } from '../testing/appCalls';
import type { FetchLike } from '../services/sync/hqClient';

/**
 * Issue 11 item 11: a plain-HTTP HQ off this machine is used only while the store allows it in
 * Settings (allowPlainHttpHq): a manager's setting, checked in main, audited, and taken back
 * at once (the next sync refuses).
 */
let dir: string;
let app: TillApp;
let seed: DemoSeed;
const sent: string[] = [];
const LAN_HQ = 'http://192.168.20.5:8787';
// A stand-in HQ on the store LAN: answers enrolment (what else it answers does not matter here).
const fakeHq: FetchLike = async (url) => {
  sent.push(url);
  const hqTime = '000001700000000:00000:hq';
  const body = url.endsWith('/v1/enroll')
    ? { tillId: 't-lan', storeId: 's1', store: { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' }, credential: 'c'.repeat(43), hqTime }
    : {
        hqTime,
        head: 0,
        update: { fromVersion: 0, toVersion: 0, snapshot: false, campaigns: [], keys: [], revoked: [], plainCodes: [], usedElsewhere: [], verdicts: [] },
        more: false,
      };
  return { ok: true, status: 200, text: async () => JSON.stringify(body) };
};
const { call, value, signIn } = appCalls(
  () => app,
  () => seed,
);
const audits = (action: string) =>
  app.db.prepare('SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; detail: string }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-plain-http-'));
  sent.length = 0;
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false, fetch: fakeHq });
  seed = await seedDemoLocally(app, dir, Date.now());
});
afterEach(async () => {
  await app.close();
  for (const d of [dir, `${dir}.credential-key`]) rmSync(d, { recursive: true, force: true });
});

describe('Settings: allow a plain-HTTP HQ on the store network', () => {
  it('is off by default; only a manager may turn it on, and each change is audited with who and which way', async () => {
    expect((await value<{ allowPlainHttpHq: boolean }>('till:settings:get')).allowPlainHttpHq).toBe(false);
    await signIn('supervisor');
    expect(await call('till:settings:set', { allowPlainHttpHq: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(audits('hq.plain_http.allow')).toHaveLength(0);
    const manager = await signIn('manager');
    expect((await value<{ allowPlainHttpHq: boolean }>('till:settings:set', { allowPlainHttpHq: true })).allowPlainHttpHq).toBe(true);
    await value('till:settings:set', { allowPlainHttpHq: true });
    await value('till:settings:set', { allowPlainHttpHq: false });
    const managerId = (manager as { user: { id: string } }).user.id;
    expect(audits('hq.plain_http.allow').map((a) => [a.actor, JSON.parse(a.detail)])).toEqual([[managerId, { before: false, after: true, hqUrl: null }]]);
    expect(audits('hq.plain_http.forbid').map((a) => JSON.parse(a.detail))).toEqual([{ before: true, after: false, hqUrl: null }]);
    expect(await call('till:settings:set', { allowPlainHttpHq: 'yes' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('enrols with a LAN HQ over plain HTTP only while allowed, and stops syncing with it the moment it is taken back', async () => {
    await signIn('manager');
    const refused = await call('till:settings:set', { hqUrl: LAN_HQ, enrollmentToken: 'x'.repeat(43) });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not HTTPS.*allow plain HTTP for this store in Settings/) } });
    expect(sent).toEqual([]);
    await value('till:settings:set', { allowPlainHttpHq: true });
    await value('till:settings:set', { hqUrl: LAN_HQ, enrollmentToken: 'x'.repeat(43) });
    expect(sent).toEqual([`${LAN_HQ}/v1/enroll`]);
    // While allowed, a sync talks to it (whatever the stand-in answers).
    await app.sync.syncNow();
    expect(sent.length).toBeGreaterThan(1);
    await value('till:settings:set', { allowPlainHttpHq: false });
    const before = sent.length;
    const r = await app.sync.syncNow();
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/not HTTPS/) });
    expect(sent).toHaveLength(before);
  });

  it("honours an older till's raw app_settings key until a manager sets it", async () => {
    app.db.prepare("INSERT INTO app_settings (key, value) VALUES ('allow_plain_http_hq', '1')").run();
    await signIn('manager');
    await value('till:settings:set', { sounds: false }); // drops the cached settings
    expect((await value<{ allowPlainHttpHq: boolean }>('till:settings:get')).allowPlainHttpHq).toBe(true);
    await value('till:settings:set', { allowPlainHttpHq: false });
    expect((await value<{ allowPlainHttpHq: boolean }>('till:settings:get')).allowPlainHttpHq).toBe(false);
  });
});
