import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';
import { appCalls } from '../testing/appCalls';
import { DEMO_PINS } from '../demo/campaigns';

/** Undo at the till, enforced in main: own coupon within the grace period alone; otherwise a manager. */
let dir: string;
let app: TillApp;
let seed: DemoSeed;
let clock = Date.now();
const { call, value, codeOf, userId, signIn } = appCalls(
  () => app,
  () => seed,
);
async function redeem(basketId: string, campaignId: number, nth = 0): Promise<string> {
  const r = await value<{ redemption?: { id: string } }>('till:coupon:redeem', { code: codeOf(campaignId, nth), basket: { id: basketId, totalMinor: 20_000 } });
  return r.redemption!.id;
}
const undo = (basketId: string, redemptionId: string, token?: string) =>
  call('till:coupon:undo', { basketId, redemptionId, reason: 'Undo at the till' }, token);
const audits = (action: string) =>
  app.db.prepare('SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; detail: string }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-undo-'));
  clock = Date.now();
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false, now: () => clock });
  seed = await seedDemoLocally(app, dir, clock);
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('till:coupon:undo', () => {
  it('lets a cashier undo their own last coupon within the grace period, without a manager, audited', async () => {
    await signIn('cashier');
    const id = await redeem('b1', 1);
    clock += 119_000;
    const r = await undo('b1', id);
    expect(r).toMatchObject({ ok: true, value: { approval: 'grace', approvedBy: null, void: { kind: 'void', voidsId: id } } });
    expect((await value<{ coupons: unknown[] }>('till:basket:coupons', { basketId: 'b1' })).coupons).toHaveLength(0);
    const cashier = await userId('cashier');
    expect(audits('coupon.undo').map((a) => [a.actor, JSON.parse(a.detail).approval])).toEqual([[cashier, 'grace']]);
  });

  it('after the grace period needs a manager; the approval lets it through, audited for both users', async () => {
    await signIn('cashier');
    const id = await redeem('b2', 1);
    clock += 121_000;
    expect(await undo('b2', id)).toMatchObject({ ok: false, error: { code: 'forbidden', details: { permission: 'coupon.void', overridable: true } } });
    const manager = await userId('manager');
    const grant = await value<{ token: string }>('till:auth:override', { managerId: manager, pin: DEMO_PINS.manager, action: 'coupon.void' });
    const r = await undo('b2', id, grant.token);
    expect(r).toMatchObject({ ok: true, value: { approval: 'manager', approvedBy: manager, void: { approvedBy: manager } } });
    expect(audits('override.approve').map((a) => a.actor)).toEqual([manager]);
    expect(audits('coupon.undo').map((a) => [a.actor, JSON.parse(a.detail).approvedBy])).toEqual([[await userId('cashier'), manager]]);
    // The token was spent: it cannot undo a second coupon.
    const next = await redeem('b2', 2);
    clock += 121_000;
    expect(await undo('b2', next, grant.token)).toMatchObject({ ok: false, error: { code: 'override_invalid' } });
  });

  it("needs a manager for someone else's coupon, and takes back only the basket's last coupon", async () => {
    await signIn('supervisor');
    const theirs = await redeem('b3', 1);
    await signIn('cashier');
    expect(await undo('b3', theirs)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const mine = await redeem('b3', 2);
    expect(await undo('b3', theirs)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await undo('other-basket', mine)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await undo('b3', mine)).ok).toBe(true);
  });

  it('grace 0 means never without a manager; a supervisor may undo by role', async () => {
    await signIn('manager');
    await value('till:settings:set', { undoGraceMs: 0 });
    await signIn('cashier');
    const id = await redeem('b4', 1);
    expect(await undo('b4', id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await signIn('supervisor');
    expect(await undo('b4', id)).toMatchObject({ ok: true, value: { approval: 'role' } });
  });
});
