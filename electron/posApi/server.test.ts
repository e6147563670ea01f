import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';
import { appCalls } from '../testing/appCalls';
import { startPosApi, type RunningPosApi } from './server';

let dir: string;
let app: TillApp;
let seed: DemoSeed;
let server: RunningPosApi;
const window = appCalls(
  () => app,
  () => seed,
);
const lines = [{ lineId: '1', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 6_000 }];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-posapi-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
  server = await startPosApi({ api: app.api, pairings: app.pairings });
});
afterEach(async () => {
  await server.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; details?: { reason?: string } } },
  };
}

async function paired(): Promise<{ credential: string; pairingId: string }> {
  const { code } = app.pairings.createCode('manager', 'Lane 1');
  const r = await http('POST', '/pos/v1/pairings', { code });
  expect(r.status).toBe(201);
  return r.body.value as { credential: string; pairingId: string };
}

describe('the POS API on loopback', () => {
  it('pairs, then runs a sale: open, apply a code (verdict + effects), close; a retried write answers the same', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { credential } = await paired();
    const auth = (key?: string) => ({ authorization: `Bearer ${credential}`, ...(key ? { 'idempotency-key': key } : {}) });
    expect((await http('POST', '/pos/v1/orders', { orderId: 'S1', lines, totalMinor: 12_000 }, auth('o1'))).status).toBe(200);
    const code = seed.codes.find((c) => c.campaignId === 1)!.code;
    const applied = await http('POST', '/pos/v1/orders/S1/coupons', { code }, auth('a1'));
    expect(applied).toMatchObject({ status: 200, body: { ok: true, value: { verdict: { ok: true } } } });
    expect(await http('POST', '/pos/v1/orders/S1/coupons', { code }, auth('a1'))).toEqual(applied);
    const closed = await http('POST', '/pos/v1/orders/S1/close', { receiptNo: 'R-9', paidTotalMinor: 11_000 }, auth('c1'));
    expect(closed).toMatchObject({ status: 200, body: { value: { state: 'closed', receiptNo: 'R-9' } } });
    expect(await http('POST', '/pos/v1/orders/S1/close', { receiptNo: 'R-9', paidTotalMinor: 11_000 }, auth('c2'))).toMatchObject({
      status: 409,
      body: { error: { details: { reason: 'already_closed' } } },
    });
    expect(await http('GET', '/pos/v1/orders/S1', undefined, auth())).toMatchObject({ status: 200, body: { value: { state: 'closed' } } });
  });

  it('refuses a call without a credential, a write without an Idempotency-Key, bad input; a revoked pairing at once', async () => {
    const { credential, pairingId } = await paired();
    expect(await http('GET', '/pos/v1/orders/S1')).toMatchObject({ status: 401, body: { ok: false, error: { code: 'bad_credentials' } } });
    expect(await http('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 12_000 }, { authorization: `Bearer ${credential}` })).toMatchObject({
      status: 400,
      body: { error: { details: { reason: 'idempotency_key_required' } } },
    });
    const auth = { authorization: `Bearer ${credential}`, 'idempotency-key': 'k' };
    expect(await http('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 1 }, auth)).toMatchObject({
      status: 400,
      body: { error: { details: { reason: 'total_mismatch' } } },
    });
    expect(
      await http(
        'POST',
        '/pos/v1/orders',
        { orderId: 'S2', lines: [{ sku: 'X', quantity: 1, unitPriceMinor: -5 }], totalMinor: -5 },
        { ...auth, 'idempotency-key': 'k2' },
      ),
    ).toMatchObject({ status: 400 });
    expect(await http('GET', '/pos/v1/orders/NOPE', undefined, auth)).toMatchObject({
      status: 404,
      body: { error: { details: { reason: 'order_not_found' } } },
    });
    expect(await http('POST', '/pos/v1/pairings', { code: 'AAAA-BBBB' })).toMatchObject({
      status: 403,
      body: { error: { details: { reason: 'pairing_code_invalid' } } },
    });
    app.pairings.revoke('manager', pairingId);
    expect(await http('GET', '/pos/v1/till', undefined, auth)).toMatchObject({ status: 401 });
  });

  it('serves its OpenAPI document', async () => {
    const doc = await http('GET', '/pos/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys((doc.body as unknown as { paths: object }).paths)).toContain('/pos/v1/orders/{orderId}/coupons');
  });

  it("lets a manager make a pairing code, list, rename and revoke pairings from the till's window; a cashier may not", async () => {
    await window.signIn('cashier');
    expect(await window.call('till:pos:pairingCode', { name: 'Lane 3' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await window.signIn('manager');
    const { code } = await window.value<{ code: string }>('till:pos:pairingCode', { name: 'Lane 3' });
    const pairing = (await http('POST', '/pos/v1/pairings', { code })).body.value as { credential: string; pairingId: string };
    const auth = { authorization: `Bearer ${pairing.credential}` };
    expect((await http('GET', '/pos/v1/till', undefined, auth)).status).toBe(200);
    expect(await window.value('till:pos:rename', { pairingId: pairing.pairingId, name: 'Lane 3 (self checkout)' })).toMatchObject({
      name: 'Lane 3 (self checkout)',
    });
    const listed = await window.value<{ name: string; revokedAt: number | null }[]>('till:pos:pairings');
    expect(listed.map((p) => p.name)).toEqual(['Lane 3 (self checkout)']);
    expect(JSON.stringify(listed)).not.toContain(pairing.credential);
    await window.value('till:pos:revoke', { pairingId: pairing.pairingId });
    expect((await http('GET', '/pos/v1/till', undefined, auth)).status).toBe(401);
  });
});
