import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_SCRYPT } from '../services/auth/testing';
import { runTillHost, type RunningTillHost } from '../host/run';
import { appCalls } from '../testing/appCalls';
import { PosApiRunner, posApiPortFrom, DEFAULT_POS_API_PORT } from './runner';

let dir: string;
let till: RunningTillHost;
let skew = 0;
const window = appCalls(
  () => till.app,
  () => till.seeded!,
);
const lines = [{ lineId: '1', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 6_000 }];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-posrun-'));
  skew = 0;
  till = await runTillHost({
    dataDir: join(dir, 'data'),
    rendererDir: join(dir, 'renderer'),
    version: 't',
    hq: 'none',
    scrypt: TEST_SCRYPT,
    startSync: false,
    now: () => Date.now() + skew,
    abandonedOrderSweepMs: 20,
  });
});
afterEach(async () => {
  await till.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pair(url: string): Promise<Record<string, string>> {
  const { code } = till.app.pairings.createCode('manager', 'Lane 1');
  const res = await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const { credential } = ((await res.json()) as { value: { credential: string } }).value;
  return { authorization: `Bearer ${credential}`, 'content-type': 'application/json' };
}

describe('the POS API in the running till', () => {
  it('listens on loopback when the host starts; a manager switches it off (connections refused) and on again', async () => {
    const status = await window.signIn('manager').then(() => window.value<{ enabled: boolean; url: string }>('till:pos:status'));
    expect(status).toMatchObject({ enabled: true, problem: null });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auth = await pair(status.url);
    const opened = await fetch(`${status.url}/pos/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'o1' },
      body: JSON.stringify({ orderId: 'S1', lines, totalMinor: 12_000 }),
    });
    expect(opened.status).toBe(200);

    await window.value('till:settings:set', { posApiEnabled: false });
    await vi.waitFor(async () =>
      expect(await window.value('till:pos:status')).toEqual({
        enabled: false,
        url: null,
        problem: null,
        lan: false,
        lanUrl: null,
        fingerprint: null,
        certificateExpiresAt: null,
        certificateExpiresSoon: false,
      }),
    );
    await expect(fetch(`${status.url}/pos/v1/till`, { headers: auth })).rejects.toThrow();

    await window.value('till:settings:set', { posApiEnabled: true });
    const again = await vi.waitFor(async () => {
      const s = await window.value<{ url: string | null }>('till:pos:status');
      expect(s.url).not.toBeNull();
      return s.url!;
    });
    expect((await fetch(`${again}/pos/v1/orders/S1`, { headers: auth })).status).toBe(200);
  });

  it('cancels an order left open past the timeout setting by itself (the sweep runs), voiding its coupon', async () => {
    await window.signIn('manager');
    await window.value('till:settings:set', { openOrderTimeoutMs: 5 * 60_000 });
    const { url } = await window.value<{ url: string }>('till:pos:status');
    const auth = await pair(url);
    const post = (path: string, key: string, body: unknown) =>
      fetch(url + path, { method: 'POST', headers: { ...auth, 'idempotency-key': key }, body: JSON.stringify(body) });
    await post('/pos/v1/orders', 'o1', { orderId: 'S9', lines, totalMinor: 12_000 });
    const applied = (await (await post('/pos/v1/orders/S9/coupons', 'a1', { code: window.codeOf(1) })).json()) as { value: { verdict: { ok: boolean } } };
    expect(applied.value.verdict.ok).toBe(true);
    skew = 4 * 60_000; // not yet
    await new Promise((r) => setTimeout(r, 100));
    expect(((await (await fetch(`${url}/pos/v1/orders/S9`, { headers: auth })).json()) as { value: { state: string } }).value.state).toBe('open');
    skew = 6 * 60_000;
    await vi.waitFor(async () => {
      const order = ((await (await fetch(`${url}/pos/v1/orders/S9`, { headers: auth })).json()) as { value: { state: string; endedBy: string } }).value;
      expect(order).toMatchObject({ state: 'cancelled', endedBy: 'timeout' });
    });
    const voids = till.app.db.prepare("SELECT count(*) AS n FROM redemptions WHERE kind = 'void'").get() as { n: number };
    expect(voids.n).toBe(1);
  });

  it('refuses a timeout under 5 minutes, and a cashier may not read or change the POS settings', async () => {
    await window.signIn('manager');
    expect(await window.call('till:settings:set', { openOrderTimeoutMs: 60_000 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await window.signIn('cashier');
    expect(await window.call('till:pos:status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await window.call('till:settings:set', { posApiEnabled: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('PosApiRunner', () => {
  it('reports a taken port instead of failing the till', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const runner = new PosApiRunner({ api: till.app.api, pairings: till.app.pairings, port });
    const status = await runner.setEnabled(true);
    expect(status).toMatchObject({ enabled: true, url: null });
    expect(status.problem).toContain(`Port ${port} is in use`);
    errors.mockRestore();
    await runner.close();
    await new Promise((r) => blocker.close(r));
  });

  it('reads its port from COUPON_TILL_POS_PORT, and refuses a bad one', () => {
    expect(posApiPortFrom({})).toBe(DEFAULT_POS_API_PORT);
    expect(posApiPortFrom({ COUPON_TILL_POS_PORT: '9000' })).toBe(9000);
    expect(() => posApiPortFrom({ COUPON_TILL_POS_PORT: '70000' })).toThrow(/COUPON_TILL_POS_PORT/);
    expect(() => posApiPortFrom({ COUPON_TILL_POS_PORT: 'x' })).toThrow(/COUPON_TILL_POS_PORT/);
  });
});
