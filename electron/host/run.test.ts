import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsTillApi, type WebSocketLike } from '../../shared/ipc/wsClient';
import type { TillEvents } from '../../shared/ipc/pushEvents';
import { TEST_SCRYPT } from '../services/auth/testing';
import { runTillHost, type RunningTillHost } from './run';
import { DEMO_PINS } from '../demo/campaigns';
import { dayNumber } from '../../shared/couponCode';
import { generateIssuingKey, mintCode } from '../services/codeSigning';
import { applyRuleSetUpdate } from '../services/ruleSet';
import { baseRuleSet, STORE } from '../services/testing/tillKit';

let dir: string;
let till: RunningTillHost | null = null;
afterEach(async () => {
  await till?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the till in the Node host', () => {
  it('pushes an idle sign-out to the window it happened to, over the WebSocket', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-run-'));
    const rendererDir = join(dir, 'renderer');
    let skew = 0;
    till = await runTillHost({
      dataDir: join(dir, 'data'),
      rendererDir,
      version: 't',
      hq: 'none',
      scrypt: TEST_SCRYPT,
      startSync: false,
      now: () => Date.now() + skew,
    });
    const host = till.host;
    const api = createWsTillApi({
      url: `ws://127.0.0.1:${host.port}/ipc`,
      secret: host.secret,
      reconnectMs: 0,
      connect: (u) => new WebSocket(u, { headers: { Origin: host.origin } }) as unknown as WebSocketLike,
    });
    const roster = await api.invoke('till:auth:roster');
    const manager = roster.ok ? roster.value.find((u) => u.role === 'manager')! : null;
    expect((await api.invoke('till:auth:signIn', { userId: manager!.id, pin: DEMO_PINS.manager })).ok).toBe(true);
    expect((await api.invoke('till:settings:set', { idleSignOutMs: 60_000 })).ok).toBe(true);
    const event = new Promise<TillEvents['session']>((resolve) => api.on('session', resolve));
    skew += 61_000;
    till.app.sweepIdleSessions();
    expect(await event).toEqual({ session: null, reason: 'idle' });
    expect(await api.invoke('till:users:list')).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    api.close();
  });

  it('answers a scan before it pushes the basket the scan changed, so the page draws the verdict first', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-run-'));
    till = await runTillHost({
      dataDir: join(dir, 'data'),
      rendererDir: join(dir, 'renderer'),
      version: 't',
      hq: 'none',
      scrypt: TEST_SCRYPT,
      startSync: false,
    });
    const key = generateIssuingKey(7);
    till.app.redemption.configure({ storeId: STORE.id, tillId: 'T1', storeName: STORE.name, timeZone: STORE.timeZone });
    const applied = applyRuleSetUpdate(till.app.db, baseRuleSet(key, generateIssuingKey(3)), Date.now());
    expect(applied.ok).toBe(true);
    const host = till.host;
    const api = createWsTillApi({
      url: `ws://127.0.0.1:${host.port}/ipc`,
      secret: host.secret,
      reconnectMs: 0,
      connect: (u) => {
        const ws = new WebSocket(u, { headers: { Origin: host.origin } });
        // The frames in the order they arrive (a page handles each as its own task, in this order).
        ws.on('message', (data: Buffer) => {
          const m = JSON.parse(String(data)) as { type: string; event?: string; result?: { ok: boolean; value?: { verdict?: { ok: boolean } } } };
          if (m.event === 'basket') frames.push('basket');
          if (m.type === 'result' && m.result?.value?.verdict) frames.push(m.result.value.verdict.ok ? 'verdict accepted' : 'verdict refused');
        });
        return ws as unknown as WebSocketLike;
      },
    });
    const frames: string[] = [];
    const roster = await api.invoke('till:auth:roster');
    const cashier = roster.ok ? roster.value.find((u) => u.role === 'cashier')! : null;
    expect((await api.invoke('till:auth:signIn', { userId: cashier!.id, pin: DEMO_PINS.cashier })).ok).toBe(true);
    const basket = await api.invoke('till:basket:current');
    const basketId = basket.ok ? basket.value.basketId : '';
    const pushed = new Promise<TillEvents['basket']>((resolve) => api.on('basket', resolve));
    const today = dayNumber(Date.now());
    const code = mintCode(key, { campaignId: 1, serial: 1, issueDay: today - 1, expiryDay: today + 30 });
    frames.length = 0;
    const answer = await api.invoke('till:coupon:redeem', { code, basket: { id: basketId, totalMinor: 10_000 }, source: 'manual' });
    expect(answer).toMatchObject({ ok: true, value: { verdict: { ok: true } } });
    expect((await pushed).coupons.coupons).toHaveLength(1);
    expect(frames).toEqual(['verdict accepted', 'basket']);
    api.close();
  });
});
