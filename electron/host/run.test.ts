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
});
