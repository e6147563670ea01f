import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import type { DemoSeed } from '../demo/seed';
import { appCalls } from '../testing/appCalls';
import type { Sender } from './register';

/** The POS's orders through the one register loop, as the POS API will call them: a 'pos' sender, an idempotency key in the envelope. */
let dir: string;
let app: TillApp;
let seed: DemoSeed;
const pos: Sender = { kind: 'pos', clientId: 'pos:lane-1', trusted: true, describe: 'test POS' };
const window = appCalls(
  () => app,
  () => seed,
);
const posCall = (channel: string, request: unknown, idempotencyKey?: string) =>
  app.api.call(channel, pos, idempotencyKey ? { request, idempotencyKey } : { request });
const lines = [{ lineId: '1', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 6_000 }];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-pos-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('orders through the register loop', () => {
  it('serves a paired POS: open, apply (verdict + effects), close; a retried write with the same key answers the same', async () => {
    expect(await posCall('till:order:open', { orderId: 'A1', lines, totalMinor: 12_000 }, 'k-open')).toMatchObject({ ok: true, value: { state: 'open' } });
    const applied = await posCall('till:order:apply', { orderId: 'A1', code: window.codeOf(1) }, 'k-apply');
    expect(applied).toMatchObject({ ok: true, value: { verdict: { ok: true }, order: { effects: { discountMinor: expect.any(Number) } } } });
    expect(await posCall('till:order:apply', { orderId: 'A1', code: window.codeOf(1) }, 'k-apply')).toEqual(applied);
    const closed = await posCall('till:order:close', { orderId: 'A1', receiptNo: 'R-1', paidTotalMinor: 11_000 }, 'k-close');
    expect(closed).toMatchObject({ ok: true, value: { state: 'closed', receiptNo: 'R-1' } });
    expect(await posCall('till:order:close', { orderId: 'A1', receiptNo: 'R-1', paidTotalMinor: 11_000 }, 'k-close')).toEqual(closed);
    expect(await posCall('till:order:close', { orderId: 'A1', receiptNo: 'R-1', paidTotalMinor: 11_000 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { reason: 'already_closed' } },
    });
  });

  it('answers refusals in the usual shape with a stable reason, and refuses a window on order channels', async () => {
    expect(await posCall('till:order:open', { orderId: 'A2', lines, totalMinor: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { reason: 'total_mismatch' } },
    });
    expect(await posCall('till:order:get', { orderId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { reason: 'order_not_found' } },
    });
    expect(await posCall('till:order:open', { orderId: 'A2', lines: [{ ...lines[0], unitPriceMinor: -1 }], totalMinor: -2 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    await window.signIn('manager');
    expect(await window.call('till:order:open', { orderId: 'A3', lines, totalMinor: 12_000 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { caller: 'window' } },
    });
    expect(await app.api.call('till:order:get', pos, { request: { orderId: 'A3' }, idempotencyKey: 'bad key with spaces' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
