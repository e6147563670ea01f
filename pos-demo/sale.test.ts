import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appCalls } from '../electron/testing/appCalls';
import { openTillApp, type TillApp } from '../electron/app';
import { TEST_SCRYPT } from '../electron/services/auth/testing';
import { seedDemoLocally } from '../electron/demo/seedLocal';
import type { DemoSeed } from '../electron/demo/seed';
import { runSale } from './sale';
import { TillClient } from './tillClient';

let dir: string;
let app: TillApp;
let seed: DemoSeed;
let till: TillClient;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-posdemo-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
  till = new TillClient((await app.startPosApi()).url!);
  await till.pair(app.pairings.createCode('manager', 'Reference POS').code);
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const window = appCalls(
  () => app,
  () => seed,
);
const code = (campaignId: number, nth = 0) => seed.codes.filter((c) => c.campaignId === campaignId)[nth]!.code;
const count = (sql: string) => (app.db.prepare(sql).get() as { n: number }).n;

describe('the reference POS (npm run pos:demo)', () => {
  it('runs a whole sale: lines and member, a coupon, the discount per line on the receipt, close with the receipt number, a partial return', async () => {
    const said: string[] = [];
    const order = await runSale(till, { orderId: 'DEMO-1', receiptNo: 'R-1', code: code(1), say: (l) => said.push(l) });
    expect(order).toMatchObject({ state: 'partially_returned', receiptNo: 'R-1' });
    expect(order.effects.discountMinor).toBe(1_000);
    expect(order.reversedMinor).toBeGreaterThan(0);
    expect(said).toContain('Coupon accepted: ¥10 off 代金券 -¥10.00');
    expect(said.filter((l) => l.includes('coupon ¥10 off'))).toHaveLength(3); // a modifier on each line
    expect(said.some((l) => l.includes('Coupons -¥10.00  To pay ¥124.00'))).toBe(true);
    expect(count("SELECT count(*) AS n FROM pos_order_events WHERE kind = 'closed'")).toBe(1);
  });

  it("takes the coupon from the till's own scanner: the cashier's screen has the POS's order, the POS hears the coupon and prints it", async () => {
    const pushed: { order: { orderId: string } | null }[] = [];
    app.setPush((_client, event, payload) => void (event === 'posOrder' && pushed.push(payload as (typeof pushed)[number])));
    const said: string[] = [];
    const sale = runSale(till, { orderId: 'DEMO-T', receiptNo: 'R-T', waitMs: 20_000, say: (l) => said.push(l) });
    await window.signIn('cashier');
    await vi.waitFor(async () => expect(await window.value('till:order:current')).toMatchObject({ orderId: 'DEMO-T', memberTier: 'gold' }));
    await vi.waitFor(() => expect(said.some((l) => l.startsWith("Scan the coupon with the till's scanner"))).toBe(true));
    const scanned = await window.value<{ verdict: { ok: boolean } }>('till:order:scan', { code: code(1), source: 'wedge' });
    expect(scanned.verdict.ok).toBe(true);
    const order = await sale;
    expect(order.effects.discountMinor).toBe(1_000);
    expect(said.some((l) => l.includes('Coupons -¥10.00'))).toBe(true);
    expect(pushed[0]?.order?.orderId).toBe('DEMO-T');
    expect(pushed.at(-1)).toEqual({ order: null }); // closed: the screen is back to the manual basket
    expect(await window.value('till:order:current')).toBeNull();
    expect(await window.call('till:order:scan', { code: code(1, 1), source: 'wedge' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { reason: 'order_not_found' } },
    });
  });

  it('cancels a sale instead: the coupon is voided at the till', async () => {
    const order = await runSale(till, { orderId: 'DEMO-2', receiptNo: 'R-2', code: code(1), cancel: true, say: () => undefined });
    expect(order.state).toBe('cancelled');
    expect(count("SELECT count(*) AS n FROM redemptions WHERE kind = 'void'")).toBe(1);
  });

  it('refuses the sale of an unpaired POS with a clear reason', async () => {
    const stranger = new TillClient(till.baseUrl, 'ctpos_not-a-credential');
    await expect(runSale(stranger, { orderId: 'DEMO-3', receiptNo: 'R-3', code: code(1), say: () => undefined })).rejects.toThrow(/not_paired/);
  });
});
