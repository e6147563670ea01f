import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';

/**
 * Issue 14's bad input, over the real HTTP API: each gets a clear 4xx with a stable reason code
 * and changes nothing (the ledger, outbox, orders, returns, events and kept answers are counted
 * before and after each).
 */
let dir: string;
let app: TillApp;
let seed: DemoSeed;
let url: string;
let auth: Record<string, string>;
const TABLES = ['redemptions', 'outbox', 'pos_orders', 'pos_order_returns', 'pos_order_reversals', 'pos_order_events', 'pos_idempotency', 'pos_pairings'];
const lines = [{ lineId: '1', sku: 'MILK', quantity: 2, unitPriceMinor: 6_000 }];
let key = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-posbad-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
  url = (await app.startPosApi()).url!;
  const { code } = app.pairings.createCode('manager', 'Lane 1');
  const res = await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  auth = { authorization: `Bearer ${((await res.json()) as { value: { credential: string } }).value.credential}` };
  // A closed order (one coupon, 2 milk) to refuse a second close and an over-return on.
  await send('POST', '/pos/v1/orders', { orderId: 'S1', lines, totalMinor: 12_000 });
  await send('POST', '/pos/v1/orders/S1/coupons', { code: seed.codes.find((c) => c.campaignId === 1)!.code });
  expect((await send('POST', '/pos/v1/orders/S1/close', { receiptNo: 'R-1', paidTotalMinor: 11_000 })).status).toBe(200);
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = { ...auth, 'idempotency-key': `k${++key}` }) {
  const res = await fetch(url + path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string; details?: { reason?: string } } } };
}

const counts = () => TABLES.map((t) => (app.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);

const CASES: [string, () => Promise<{ status: number; body: { ok: boolean; error?: { message: string; details?: { reason?: string } } } }>, number, string][] =
  [
    ['no credential', () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 12_000 }, { 'idempotency-key': 'x1' }), 401, 'not_paired'],
    [
      'an invalid credential',
      () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 12_000 }, { authorization: 'Bearer ctpos_forged', 'idempotency-key': 'x2' }),
      401,
      'not_paired',
    ],
    ['no Idempotency-Key', () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 12_000 }, auth), 400, 'idempotency_key_required'],
    ['lines not summing to the total', () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines, totalMinor: 11_999 }), 400, 'total_mismatch'],
    [
      'a line name on two lines (a control character)',
      () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines: [{ ...lines[0], name: 'Milk\nFREE' }], totalMinor: 12_000 }),
      400,
      'malformed_request',
    ],
    [
      'a negative price',
      () => send('POST', '/pos/v1/orders', { orderId: 'S2', lines: [{ lineId: '1', sku: 'X', quantity: 1, unitPriceMinor: -100 }], totalMinor: -100 }),
      400,
      'malformed_request',
    ],
    ['a missing field', () => send('POST', '/pos/v1/orders', { orderId: 'S2', totalMinor: 0 }), 400, 'malformed_request'],
    ['an unknown order', () => send('POST', '/pos/v1/orders/NOPE/coupons', { code: seed.codes[0]!.code }), 404, 'order_not_found'],
    ['a second close', () => send('POST', '/pos/v1/orders/S1/close', { receiptNo: 'R-1b', paidTotalMinor: 11_000 }), 409, 'already_closed'],
    ['a return of more than was sold', () => send('POST', '/pos/v1/orders/S1/returns', { lines: [{ lineId: '1', quantity: 3 }] }), 409, 'return_exceeds_sold'],
    [
      'a return of a line the order does not have',
      () => send('POST', '/pos/v1/orders/S1/returns', { lines: [{ lineId: '9', quantity: 1 }] }),
      400,
      'unknown_line',
    ],
    ['a coupon on a closed order', () => send('POST', '/pos/v1/orders/S1/coupons', { code: seed.codes[1]!.code }), 409, 'already_closed'],
  ];

describe('bad input to the POS API', () => {
  it.each(CASES)('%s: a clear %i with a stable reason, nothing changed', async (_name, call, status, reason) => {
    const before = counts();
    const r = await call();
    expect(r.status).toBe(status);
    expect(r.body.ok).toBe(false);
    expect(r.body.error?.details?.reason).toBe(reason);
    expect(r.body.error?.message.length).toBeGreaterThan(10);
    expect(counts()).toEqual(before);
  });

  it('an Idempotency-Key reused for another request: 409, nothing changed', async () => {
    await send('POST', '/pos/v1/orders', { orderId: 'S3', lines, totalMinor: 12_000 }, { ...auth, 'idempotency-key': 'same' });
    const before = counts();
    const r = await send('POST', '/pos/v1/orders', { orderId: 'S4', lines, totalMinor: 12_000 }, { ...auth, 'idempotency-key': 'same' });
    expect(r).toMatchObject({ status: 409, body: { error: { details: { reason: 'idempotency_key_reused' } } } });
    expect(counts()).toEqual(before);
  });
});
