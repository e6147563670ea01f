import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from './app';
import { TEST_SCRYPT } from './services/auth/testing';
import { seedDemoLocally } from './demo/seedLocal';
import type { DemoSeed } from './demo/seed';
import { appCalls } from './testing/appCalls';
import { DEMO_PINS } from './demo/campaigns';

let dir: string;
let app: TillApp;
let seed: DemoSeed;
const { call, value, codeOf, userId, signIn } = appCalls(
  () => app,
  () => seed,
);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-app-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the composed till (real database, services and API loop)', () => {
  it('seeds a demo with every coupon type that the till accepts', async () => {
    expect(new Set(seed.codes.map((c) => c.campaignId))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    await signIn('cashier');
    const basket = { id: 'b1', totalMinor: 25_000 };
    for (const id of [1, 2, 3, 5, 6]) {
      const v = await value<{ ok: boolean; reason?: string }>('till:coupon:validate', { code: codeOf(id), basket });
      expect(v, `campaign ${id}`).toMatchObject({ ok: true });
    }
    const info = await value<{ demo: boolean; storeId: string; shell: string }>('till:app:info');
    expect(info).toMatchObject({ demo: true, storeId: 'store-demo', shell: 'host' });
  });

  it('redeems, lists the basket with names and totals, logs it and exports CSV', async () => {
    await signIn('cashier');
    const basket = { id: 'b2', totalMinor: 20_000 };
    await value('till:coupon:redeem', { code: codeOf(3), basket });
    await value('till:coupon:redeem', { code: codeOf(1), basket });
    const again = await value<{ duplicate: boolean }>('till:coupon:redeem', { code: codeOf(1), basket });
    expect(again.duplicate).toBe(true);
    const coupons = await value<{ coupons: { campaignName: string; discountMinor: number }[]; totalDiscountMinor: number }>('till:basket:coupons', {
      basketId: 'b2',
    });
    expect(coupons.coupons.map((c) => c.discountMinor)).toEqual([4000, 1000]);
    expect(coupons.totalDiscountMinor).toBe(5000);
    await signIn('manager');
    const log = await value<{ rows: { cashierName: string; campaignName: string }[]; totals: { count: number; discountMinor: number } }>('till:log:list', {
      limit: 1,
    });
    expect(log.totals).toMatchObject({ count: 2, discountMinor: 5000 });
    expect(log.rows[0]).toMatchObject({ cashierName: 'Cashier Chen 陈' });
    const page2 = await value<{ rows: unknown[]; nextCursor: string | null }>('till:log:list', {
      limit: 1,
      cursor: (await value<{ nextCursor: string }>('till:log:list', { limit: 1 })).nextCursor,
    });
    expect(page2.rows).toHaveLength(1);
    expect(await call('till:log:list', { cursor: 'garbage' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const csv = await value<{ csv: string; rowCount: number }>('till:log:exportCsv');
    expect(csv.rowCount).toBe(2);
    expect(csv.csv.split('\r\n')[0]).toContain('coupon_key');
  });

  it('an online-claim campaign without HQ needs a manager override, and records who approved it', async () => {
    await signIn('cashier');
    const req = { code: codeOf(7), basket: { id: 'b3', totalMinor: 60_000 } };
    const blocked = await value<{ verdict: { ok: boolean; reason?: string } }>('till:coupon:redeem', req);
    expect(blocked.verdict).toMatchObject({ ok: false, reason: 'online_claim_required' });
    const grant = await value<{ token: string }>('till:auth:override', {
      managerId: await userId('manager'),
      pin: DEMO_PINS.manager,
      action: 'coupon.offlineClaim',
    });
    const done = await value<{ verdict: { ok: boolean }; redemption: { approvedBy: string } }>('till:coupon:redeem', req, grant.token);
    expect(done.verdict.ok).toBe(true);
    expect(done.redemption.approvedBy).toBe(await userId('manager'));
    // A manager at the till approves their own offline claim; a plain redemption records no approver.
    await signIn('manager');
    const own = await value<{ verdict: { ok: boolean }; redemption: { approvedBy: string | null } }>('till:coupon:redeem', {
      ...req,
      code: codeOf(7, 1),
      basket: { id: 'b5', totalMinor: 60_000 },
    });
    expect(own.redemption.approvedBy).toBe(await userId('manager'));
    const plain = await value<{ redemption: { approvedBy: string | null } }>('till:coupon:redeem', {
      code: codeOf(1, 1),
      basket: { id: 'b6', totalMinor: 10_000 },
    });
    expect(plain.redemption.approvedBy).toBeNull();
  });

  it('voids through the service and refuses a second void with a clear conflict', async () => {
    await signIn('supervisor');
    const r = await value<{ redemption: { id: string } }>('till:coupon:redeem', { code: codeOf(2), basket: { id: 'b4', totalMinor: 10_000 } });
    await value('till:coupon:void', { redemptionId: r.redemption.id, reason: 'wrong basket' });
    expect(await call('till:coupon:void', { redemptionId: r.redemption.id, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('till:coupon:void', { redemptionId: '0190f3a0-0000-7000-8000-000000000009', reason: 'nothing' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('keeps settings, refuses enrollment without an HQ address, and applies the idle time', async () => {
    await signIn('manager');
    const s = await value<{ sounds: boolean; wedgePrefix: string; idleSignOutMs: number }>('till:settings:set', {
      sounds: false,
      wedgePrefix: ']C1',
      idleSignOutMs: 60_000,
    });
    expect(s).toMatchObject({ sounds: false, wedgePrefix: ']C1', idleSignOutMs: 60_000 });
    expect(await value('till:settings:get')).toMatchObject({ sounds: false, enrolled: false });
    expect(await call('till:settings:set', { enrollmentToken: 'abcdefghijk' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await value<{ idleTimeoutMs: number }>('till:auth:session')).toMatchObject({ idleTimeoutMs: 60_000 });
  });

  it('lists scanners, refuses a USB choice without a device, and remembers the choice', async () => {
    await signIn('manager');
    const devices = await value<{ id: string }[]>('till:scanner:devices');
    expect(devices.map((d) => d.id)).toContain('wedge');
    expect(await call('till:scanner:select', { kind: 'hid', deviceId: null })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await value('till:scanner:select', { kind: 'camera', deviceId: null })).toMatchObject({ kind: 'camera', connected: true });
    expect(await value('till:settings:get')).toMatchObject({ scanner: { kind: 'camera', deviceId: null } });
  });
});
