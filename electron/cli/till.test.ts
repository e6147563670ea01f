import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../hq/testSupport';
import { openTillApp, type TillApp } from '../app';
import { lockDataDir } from '../dataDirLock';
import { HOST_SECRET_FILE, loadOrCreateHostSecret } from '../host/hostSecret';
import { runTillCli } from './till';

/** Every `till` command, in words and with --json, against a real HQ; a running till is another connection holding the lock. */
let hq: TestHq;
let dataDir: string;
const cleanups: (() => unknown)[] = [];

beforeEach(async () => {
  hq = await startTestHq('sqlite');
  await hq.admin.seed();
  dataDir = join(mkdtempSync(join(tmpdir(), 'till-cli-')), 'data');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await hq.cleanup();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

async function till(...args: string[]): Promise<{ code: number; out: string; err: string; json: () => Record<string, unknown> }> {
  let out = '';
  let err = '';
  const code = await runTillCli([...args, '--data', dataDir], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), now: () => Date.now(), env: {} });
  return { code, out, err, json: () => JSON.parse(out) as Record<string, unknown> };
}

async function enrolled(): Promise<void> {
  expect((await till('enroll', '--hq', hq.url, '--token', await hq.admin.enrollmentToken('s1'))).code).toBe(0);
}

/** The till itself, running in this process on another connection, holding the data-folder lock. */
function runningTill(): TillApp {
  const release = lockDataDir(dataDir);
  const app = openTillApp({ dataDir, shell: 'host', version: 'test', startSync: false, scanner: undefined as never });
  cleanups.push(release, () => app.close());
  return app;
}

describe('till command line', () => {
  it('bad usage exits 2 with the reason; --json gives it as JSON; a missing till folder is refused and not created', async () => {
    expect(await till()).toMatchObject({ code: 2, err: expect.stringContaining('usage: till <enroll|status|sync|users|offline|secret|pos-cert>') });
    expect(await till('offline', 'maybe')).toMatchObject({ code: 2 });
    expect(await till('users', 'delete')).toMatchObject({ code: 2 });
    expect(await till('enroll', '--hq', hq.url, '--json')).toMatchObject({ code: 2, err: '{"error":"--token is required"}\n' });
    expect(await till('enroll', '--hq', 'ftp://x', '--token', 't')).toMatchObject({ code: 2 });
    expect(await till('status', '--bogus')).toMatchObject({ code: 2 });
    expect(await till('status')).toMatchObject({ code: 1, err: expect.stringContaining('no till in') });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('enroll, then status shows enrolment, HQ, rule-set version and the waiting count, in words and JSON', async () => {
    const token = await hq.admin.enrollmentToken('s1');
    const e = await till('enroll', '--hq', hq.url, '--token', token, '--json');
    expect(e.code).toBe(0);
    expect(e.json()).toMatchObject({ enrolled: true, hqUrl: hq.url, storeId: 's1', tillId: expect.any(String) });
    expect(await till('enroll', '--hq', hq.url, '--token', token)).toMatchObject({ code: 1, err: expect.stringContaining('till:') });
    const s = await till('status', '--json');
    expect(s.json()).toMatchObject({
      running: false,
      enrolled: true,
      hqUrl: hq.url,
      storeId: 's1',
      ruleSetVersion: 0,
      waiting: 0,
      oldestWaitingAgeMs: null,
      offlineDrill: false,
    });
    const words = await till('status');
    expect(words.out).toMatch(/HQ: +http:\/\/127\.0\.0\.1:\d+/);
    expect(words.out).toMatch(/waiting: +0 \(oldest none waiting\)/);
  });

  it('status shows the bounce-back codes held per campaign and those handed out but not yet reported to HQ', async () => {
    await enrolled();
    expect((await till('status', '--json')).json()).toMatchObject({ bounceBacks: { holding: [], unreported: 0 } });
    expect((await till('status')).out).not.toContain('bounce-back');
    // Codes as a sync leaves them (decision 086): three held for campaign 1, one of them then handed out with an order.
    const app = openTillApp({ dataDir, shell: 'host', version: 'test', startSync: false, scanner: undefined as never });
    const add = app.db.prepare('INSERT INTO issuing_codes (coupon_key, campaign_id, code, expiry_day, received_at) VALUES (?, 1, ?, 99999, 1)');
    for (const n of [1, 2, 3]) add.run(`s:1:${n}`, `CODE-${n}`);
    app.db.prepare("UPDATE issuing_codes SET basket_id = 'b1', paid_minor = 12000, issued_at = 5 WHERE coupon_key = 's:1:1'").run();
    await app.close();
    expect((await till('status', '--json')).json()).toMatchObject({ bounceBacks: { holding: [{ campaignId: 1, left: 2 }], unreported: 1 } });
    expect((await till('status')).out).toMatch(/bounce-back: +campaign 1: 2 left to hand out; 1 handed out, not yet reported to HQ/);
  });

  it('sync pulls the rule set and sends what waits; status then shows the oldest waiting age until it is sent', async () => {
    await enrolled();
    const [code] = await hq.admin.mint(1, 1);
    const first = await till('sync', '--json');
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ ok: true, by: 'this command', pages: expect.any(Number), waiting: 0 });
    expect((await till('status', '--json')).json().ruleSetVersion).toBeGreaterThan(0);
    const app = openTillApp({ dataDir, shell: 'host', version: 'test', startSync: false, scanner: undefined as never });
    app.redemption.redeem({ code: code!.code, basket: { id: 'b1', totalMinor: 10_000 }, source: 'manual' }, { cashierId: 'cashier-1' });
    await app.close();
    await new Promise((r) => setTimeout(r, 20));
    const waiting = (await till('status', '--json')).json();
    expect(waiting).toMatchObject({ waiting: 1, oldestWaitingAt: expect.any(Number) });
    expect(waiting.oldestWaitingAgeMs as number).toBeGreaterThanOrEqual(0);
    expect((await till('status')).out).toMatch(/waiting: +1 \(oldest \d+ s\)/);
    expect((await till('sync')).out).toMatch(/Synced: 1 sent/);
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(1);
  });

  it('users list shows the users HQ sent and those made on the till', async () => {
    await hq.admin.createUser({ name: 'Ann HQ', role: 'cashier', storeId: 's1', pin: '4321' });
    await enrolled();
    await till('sync');
    const list = await till('users', 'list', '--json');
    expect(list.code).toBe(0);
    expect(list.json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Ann HQ', role: 'cashier' })]));
    expect((await till('users', 'list')).out).toMatch(/Ann HQ +cashier +active/);
  });

  it('offline on: the till behaves as if HQ were unreachable (sync fails, nothing sent) until offline off', async () => {
    await enrolled();
    expect((await till('offline', 'on', '--json')).json()).toEqual({ offlineDrill: true, running: false });
    expect((await till('status', '--json')).json()).toMatchObject({ offlineDrill: true });
    expect(await till('sync')).toMatchObject({ code: 1, err: expect.stringContaining('offline drill') });
    expect((await till('offline', 'off')).out).toContain('Offline drill OFF');
    expect((await till('sync', '--json')).json()).toMatchObject({ ok: true });
  });

  it('with the till running: enroll is refused, sync is done by the till, the drill reaches it within a second', async () => {
    await enrolled();
    const app = runningTill();
    expect(await till('enroll', '--hq', hq.url, '--token', 'x')).toMatchObject({ code: 1, err: expect.stringContaining('the till is running') });
    expect((await till('status', '--json')).json()).toMatchObject({ running: true });
    const s = await till('sync', '--json');
    expect(s.code).toBe(0);
    expect(s.json()).toMatchObject({ ok: true, by: 'running till' });
    expect(app.sync.status().ruleSetVersion).toBeGreaterThan(0);
    expect((await till('offline', 'on', '--json')).json()).toEqual({ offlineDrill: true, running: true });
    await expect.poll(() => app.sync.status(), { timeout: 5_000 }).toMatchObject({ offlineDrill: true, online: false });
    expect((await app.sync.syncNow()).error).toContain('offline drill');
    await till('offline', 'off');
    await expect.poll(() => app.sync.status().offlineDrill, { timeout: 5_000 }).toBe(false);
  });

  it('secret rotate writes a new 0600 host secret; the kept one is stable between starts', async () => {
    await enrolled();
    const kept = loadOrCreateHostSecret(dataDir);
    expect(loadOrCreateHostSecret(dataDir)).toBe(kept);
    const r = await till('secret', 'rotate', '--json');
    expect(r.json()).toEqual({ rotated: true, running: false });
    const file = join(dataDir, HOST_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rotated = readFileSync(file, 'utf8').trim();
    expect(rotated).not.toBe(kept);
    expect(loadOrCreateHostSecret(dataDir)).toBe(rotated);
  });
});
