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
let skew = 0;
afterEach(async () => {
  await till?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The till in the Node host on a fresh data folder, its clock `skew` ms ahead. */
async function start(): Promise<RunningTillHost> {
  dir = mkdtempSync(join(tmpdir(), 'till-run-'));
  skew = 0;
  till = await runTillHost({
    dataDir: join(dir, 'data'),
    rendererDir: join(dir, 'renderer'),
    version: 't',
    hq: 'none',
    scrypt: TEST_SCRYPT,
    startSync: false,
    now: () => Date.now() + skew,
  });
  return till;
}

/** A window's API over the host's WebSocket, signed in as `role`; `onFrame` sees every frame as it arrives. */
async function signedIn(host: RunningTillHost['host'], role: 'cashier' | 'manager', onFrame: (frame: string) => void = () => undefined) {
  const api = createWsTillApi({
    url: `ws://127.0.0.1:${host.port}/ipc`,
    secret: host.secret,
    reconnectMs: 0,
    connect: (u) => {
      const ws = new WebSocket(u, { headers: { Origin: host.origin } });
      ws.on('message', (data: Buffer) => onFrame(String(data)));
      return ws as unknown as WebSocketLike;
    },
  });
  const roster = await api.invoke('till:auth:roster');
  const user = roster.ok ? roster.value.find((u) => u.role === role)! : null;
  expect((await api.invoke('till:auth:signIn', { userId: user!.id, pin: DEMO_PINS[role] })).ok).toBe(true);
  return api;
}

describe('the till in the Node host', () => {
  it('pushes an idle sign-out to the window it happened to, over the WebSocket', async () => {
    const { app, host } = await start();
    const api = await signedIn(host, 'manager');
    expect((await api.invoke('till:settings:set', { idleSignOutMs: 60_000 })).ok).toBe(true);
    const event = new Promise<TillEvents['session']>((resolve) => api.on('session', resolve));
    skew += 61_000;
    app.sweepIdleSessions();
    expect(await event).toEqual({ session: null, reason: 'idle' });
    expect(await api.invoke('till:users:list')).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    api.close();
  });

  it('answers a scan before it pushes the basket the scan changed, so the page draws the verdict first', async () => {
    const { app, host } = await start();
    const key = generateIssuingKey(7);
    app.redemption.configure({ storeId: STORE.id, tillId: 'T1', storeName: STORE.name, timeZone: STORE.timeZone });
    expect(applyRuleSetUpdate(app.db, baseRuleSet(key, generateIssuingKey(3)), Date.now()).ok).toBe(true);
    // The frames in the order they arrive (a page handles each as its own task, in this order).
    const frames: string[] = [];
    const api = await signedIn(host, 'cashier', (text) => {
      const m = JSON.parse(text) as { type: string; event?: string; result?: { ok: boolean; value?: { verdict?: { ok: boolean } } } };
      if (m.event === 'basket') frames.push('basket');
      if (m.type === 'result' && m.result?.value?.verdict) frames.push(m.result.value.verdict.ok ? 'verdict accepted' : 'verdict refused');
    });
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
