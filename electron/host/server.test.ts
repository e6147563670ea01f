import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsTillApi, type WebSocketLike } from '../../shared/ipc/wsClient';
import type { ServerMessage } from '../../shared/ipc/wsProtocol';
import { makeTestApi } from '../ipc/testing';
import { startHost, type Host } from './server';
import { DEMO_PINS } from '../demo/campaigns';

let dir: string;
let host: Host;
let gone: string[];
let t: Awaited<ReturnType<typeof makeTestApi>>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-host-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  t = await makeTestApi();
  gone = [];
  host = await startHost({ api: t.api, rendererDir: dir, onClientGone: (id) => void gone.push(id) });
});
afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function raw(headers: Record<string, string> = { Origin: host.origin }): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { headers });
}
function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as ServerMessage)));
}
function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}
function client(secret = host.secret) {
  return createWsTillApi({
    url: `ws://127.0.0.1:${host.port}/ipc`,
    secret,
    reconnectMs: 0,
    connect: (u) => new WebSocket(u, { headers: { Origin: host.origin } }) as unknown as WebSocketLike,
  });
}

describe('the Node host over HTTP', () => {
  it('serves the renderer with the bridge injected first and a strict CSP', async () => {
    const res = await fetch(`${host.origin}/`);
    const html = await res.text();
    expect(html).toContain('<head><script src="/till-bridge.js"></script><title>');
    expect(await (await fetch(`${host.origin}/index.html`)).text()).toBe(html);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(await (await fetch(`${host.origin}/app.js`)).text()).toBe('console.log(1)');
    const bridge = await fetch(`${host.origin}/till-bridge.js`);
    expect(bridge.headers.get('content-type')).toContain('javascript');
    expect((await bridge.text()).length).toBeGreaterThan(500);
  });

  it('lets the browser keep content-hashed assets (and their compiled code), never the page, the bridge or an unhashed file', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-DzJmPZBg.js'), 'console.log(2)');
    const asset = await fetch(`${host.origin}/assets/index-DzJmPZBg.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toContain("object-src 'none'");
    for (const path of ['/', '/index.html', '/till-bridge.js', '/app.js']) {
      expect((await fetch(`${host.origin}${path}`)).headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('refuses path traversal, other methods and foreign Host headers', async () => {
    expect((await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${host.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${host.origin}/nope.js`)).status).toBe(404);
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example:80' } }, (r) => resolve(r.statusCode!)),
    );
    expect(status).toBe(421);
  });
});

describe('the Node host WebSocket API', () => {
  it('refuses a socket from another origin', async () => {
    const ws = raw({ Origin: 'http://evil.example' });
    const err = await new Promise<string>((resolve) => ws.once('error', (e) => resolve(e.message)));
    expect(err).toContain('403');
  });

  it('refuses calls before the secret, and closes on a wrong secret', async () => {
    const ws = raw();
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'till:auth:roster', request: {} }));
    expect(await nextMessage(ws)).toEqual({ type: 'result', id: 1, result: { ok: false, error: expect.objectContaining({ code: 'bad_sender' }) } });
    const done = closed(ws);
    ws.send(JSON.stringify({ type: 'hello', secret: 'guess' }));
    expect(await nextMessage(ws)).toMatchObject({ type: 'refused', error: { code: 'bad_sender' } });
    expect(await done).toBe(4401);
    const api = client('wrong');
    expect(await api.invoke('till:auth:roster')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('closes the socket on a malformed frame', async () => {
    const ws = raw();
    await new Promise((r) => ws.once('open', r));
    const done = closed(ws);
    ws.send('{not json');
    expect(await done).toBe(4400);
  });

  it('serves the same API as Electron once the secret is given, with pushes and per-window sessions', async () => {
    const api = client();
    const roster = await api.invoke('till:auth:roster');
    expect(roster.ok && roster.value.map((u) => u.name).sort()).toEqual(['Cat', 'Meg', 'Sam']);
    expect(await api.invoke('till:log:list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const signIn = await api.invoke('till:auth:signIn', { userId: t.users.manager.id, pin: DEMO_PINS.manager });
    expect(signIn.ok).toBe(true);
    expect((await api.invoke('till:log:list', {})).ok).toBe(true);
    expect(await api.invoke('till:nope:nope' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const got = new Promise((resolve) => api.on('sync', resolve));
    host.emit(null, 'sync', { waiting: 3 } as never);
    expect(await got).toEqual({ waiting: 3 });
    // Another connection is another window: not signed in.
    const other = client();
    expect(await other.invoke('till:log:list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    api.close();
    other.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(gone.sort()).toEqual(['host:1', 'host:2']);
  });
});
