import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';

let dir: string;
let app: TillApp;
let seed: DemoSeed;
let url: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-posevents-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
  url = (await app.startPosApi()).url!;
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pair(name: string): Promise<Record<string, string>> {
  const { code } = app.pairings.createCode('manager', name);
  const res = await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const value = ((await res.json()) as { value: { credential: string; pairingId: string } }).value;
  return { authorization: `Bearer ${value.credential}`, 'content-type': 'application/json', pairing: value.pairingId };
}

let key = 0;
const post = (auth: Record<string, string>, path: string, body: unknown) =>
  fetch(url + path, { method: 'POST', headers: { ...auth, 'idempotency-key': `k${++key}` }, body: JSON.stringify(body) });

/** The POS's side of GET /pos/v1/events: parsed events as they arrive, and whether the stream ended. */
async function listen(auth: Record<string, string>) {
  const res = await fetch(`${url}/pos/v1/events`, { headers: auth });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const events: { type: string; orderId: string; [k: string]: unknown }[] = [];
  let buffer = '';
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return void (ended = true);
      buffer += new TextDecoder().decode(value);
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, cut)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(cut + 2);
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  const until = async (n: number) => {
    for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return events.slice(0, n);
  };
  return { events, until, ended: async () => (await pump, ended), cancel: () => reader.cancel() };
}

describe('the POS event stream (SSE)', () => {
  it("tells a POS of its own orders: updated, verdict, coupon applied, coupons flagged; not another POS's orders", async () => {
    const a = await pair('Lane 1');
    const b = await pair('Lane 2');
    const stream = await listen(a);
    const lines = [{ lineId: '1', sku: 'MILK', quantity: 2, unitPriceMinor: 6_000 }];
    await post(a, '/pos/v1/orders', { orderId: 'S1', lines, totalMinor: 12_000 });
    await post(b, '/pos/v1/orders', { orderId: 'OTHER', lines, totalMinor: 12_000 });
    await post(a, '/pos/v1/orders/S1/coupons', { code: seed.codes.find((c) => c.campaignId === 1)!.code });
    await post(a, '/pos/v1/orders', { orderId: 'S1', lines: [{ lineId: '1', sku: 'MILK', quantity: 1, unitPriceMinor: 3_000 }], totalMinor: 3_000 });
    const got = await stream.until(6);
    expect(got.map((e) => e.type)).toEqual(['order.updated', 'verdict', 'coupon.applied', 'order.updated', 'coupon.flagged', 'order.updated']);
    expect(got.every((e) => e.orderId === 'S1')).toBe(true);
    expect(got[1]).toMatchObject({ verdict: { ok: true, discountMinor: 1_000 } });
    expect(got[2]).toMatchObject({ coupon: { campaignId: 1, amountMinor: 1_000 } });
    expect(got[4]).toMatchObject({ coupons: [{ campaignId: 1, flagged: { reason: 'below_minimum_spend' } }] });
    await stream.cancel();
  });

  it('refuses a stream without a credential, and ends a revoked POS’s stream at once', async () => {
    expect((await fetch(`${url}/pos/v1/events`)).status).toBe(401);
    const a = await pair('Lane 1');
    const stream = await listen(a);
    app.pairings.revoke('manager', a.pairing!);
    expect(await stream.ended()).toBe(true);
    expect((await fetch(`${url}/pos/v1/events`, { headers: a })).status).toBe(401);
  });
});
