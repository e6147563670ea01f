import { expect, it } from 'vitest';
import { IPC_EVENT } from '../../shared/ipc/api';
import { CHANNEL_NAMES } from '../../shared/ipc/channelNames';
import { APP_ORIGIN } from '../ipc/electronSender';
import type { StandInRecord, StandInWebContents } from './electronStandIn';

/**
 * The shell's promises, checked on a started main + preload with the stand-in `electron`:
 * the same checks run on the sources (electron/shell.source.test.ts) and on the built
 * bundles (electron/shell.bundle.test.ts). `get` returns the record once both have loaded.
 */
export const FIRST_MANAGER_PIN = '135790';

type Call = (...args: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

function windowOf(get: () => StandInRecord): StandInWebContents {
  const rec = get();
  expect(rec.windows).toHaveLength(1);
  return rec.windows[0]!.webContents;
}

function till(get: () => StandInRecord): Record<string, unknown> {
  return get().exposed.get('till') as Record<string, unknown>;
}

export function shellChecks(get: () => StandInRecord): void {
  it('creates one window: context isolation, sandbox, no node integration, no webviews, our preload, our origin', () => {
    const rec = get();
    expect(rec.windowOptions).toHaveLength(1);
    const prefs = rec.windowOptions[0]!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.js$/);
    expect(rec.windows[0]!.loadedUrl).toBe(`${APP_ORIGIN}/index.html`);
    expect(rec.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
  });

  it('registers one IPC handler per contract channel and no other', () => {
    expect([...get().handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('denies navigation, redirects, webviews and window.open', () => {
    const wc = windowOf(get);
    expect(wc.tryNavigate('https://example.com/')).toBe(false);
    expect(wc.tryNavigate(`${APP_ORIGIN}/elsewhere.html`)).toBe(false);
    expect(wc.tryNavigate('https://example.com/', 'will-redirect')).toBe(false);
    expect(wc.tryAttachWebview()).toBe(false);
    expect(wc.tryOpenWindow('https://example.com/')).toBe('deny');
    expect(wc.tryOpenWindow(`${APP_ORIGIN}/index.html`)).toBe('deny');
  });

  it('grants the camera to our own origin, and nothing else', () => {
    const rec = get();
    const ask = (origin: string, permission: string, mediaTypes?: string[]) => {
      let granted: boolean | null = null;
      rec.permissionRequest!({ mainFrame: { origin } }, permission, (g) => (granted = g), mediaTypes ? { mediaTypes } : {});
      return granted;
    };
    expect(ask(APP_ORIGIN, 'media', ['video'])).toBe(true);
    expect(ask(APP_ORIGIN, 'media', ['audio'])).toBe(false);
    expect(ask(APP_ORIGIN, 'media', ['video', 'audio'])).toBe(false);
    expect(ask(APP_ORIGIN, 'media', [])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'midi', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen'])
      expect(ask(APP_ORIGIN, p), p).toBe(false);
    expect(ask('https://example.com', 'media', ['video'])).toBe(false);
    expect(rec.permissionCheck!(null, 'media', APP_ORIGIN, { mediaType: 'video' })).toBe(true);
    expect(rec.permissionCheck!(null, 'media', APP_ORIGIN, { mediaType: 'audio' })).toBe(false);
    expect(rec.permissionCheck!(null, 'media', 'https://example.com', { mediaType: 'video' })).toBe(false);
    expect(rec.permissionCheck!(null, 'geolocation', APP_ORIGIN, {})).toBe(false);
    expect(rec.devicePermission!({ deviceType: 'hid', origin: APP_ORIGIN })).toBe(false);
  });

  it('serves the renderer at app://till with the strict CSP, and nothing outside it', async () => {
    const serve = get().protocolHandlers.get('app')!;
    const outside = await serve(new Request('app://till/../../package.json'));
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it("answers only our window's top frame showing our origin (the IPC sender check)", async () => {
    const rec = get();
    const wc = windowOf(get);
    const roster = rec.handlers.get('till:auth:roster')!;
    const envelope = { request: {} };
    const top = { url: `${APP_ORIGIN}/index.html`, origin: APP_ORIGIN, top: null };
    wc.show(top.url);
    expect(await roster({ sender: wc, senderFrame: wc.mainFrame }, envelope)).toMatchObject({ ok: true });
    const subframe = { url: `${APP_ORIGIN}/index.html`, origin: APP_ORIGIN, top: wc.mainFrame };
    expect(await roster({ sender: wc, senderFrame: subframe }, envelope)).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    expect(await roster({ sender: wc, senderFrame: null }, envelope)).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    wc.show('https://example.com/');
    expect(await roster({ sender: wc, senderFrame: wc.mainFrame }, envelope)).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    wc.show(top.url);
  });

  it('the preload exposes window.till only: one method per channel, on and shell, nothing else', () => {
    const rec = get();
    expect([...rec.exposed.keys()]).toEqual(['till']);
    const api = till(get);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on', 'shell'].sort());
    for (const name of CHANNEL_NAMES) expect(typeof api[name], name).toBe('function');
    expect(api.shell).toBe('electron');
    expect(Object.isFrozen(api)).toBe(true);
    for (const probe of ['invoke', 'send', 'ipcRenderer', 'constructor', '__proto__', 'toString']) expect(api[probe], probe).toBeUndefined();
  });

  it("each channel's method reaches that channel's handler only, and the till answers through it", async () => {
    const rec = get();
    const wc = windowOf(get);
    wc.show(`${APP_ORIGIN}/index.html`);
    rec.rendererSender = { contents: wc, frame: wc.mainFrame };
    const api = till(get);
    for (const name of CHANNEL_NAMES) {
      rec.rendererInvokes.length = 0;
      await (api[name] as Call)({});
      expect(
        rec.rendererInvokes.map(([c]) => c),
        name,
      ).toEqual([name]);
    }
    const roster = await (api['till:auth:roster'] as Call)();
    expect(roster).toMatchObject({ ok: true, value: [expect.objectContaining({ name: 'Manager', role: 'manager' })] });
    const managerId = (roster.value as { id: string }[])[0]!.id;
    expect(await (api['till:auth:signIn'] as Call)({ userId: managerId, pin: FIRST_MANAGER_PIN })).toMatchObject({ ok: true });
    rec.rendererInvokes.length = 0;
    const voided = await (api['till:coupon:void'] as Call)({ redemptionId: 'x', reason: 'y' }, { overrideToken: 'tok' });
    expect(rec.rendererInvokes).toEqual([['till:coupon:void', [{ request: { redemptionId: 'x', reason: 'y' }, overrideToken: 'tok' }]]]);
    expect(voided).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it("main's pushes reach the preload's subscribers until they unsubscribe", async () => {
    const rec = get();
    const api = till(get);
    const seen: unknown[] = [];
    const off = (api.on as (e: string, l: (p: unknown) => void) => () => void)('sync', (p) => seen.push(p));
    const ignored = (api.on as (e: string, l: (p: unknown) => void) => () => void)('not-an-event', () => seen.push('wrong'));
    expect(await (api['till:sync:now'] as Call)()).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.windows[0]!.webContents.sent.some(([c, e]) => c === IPC_EVENT && e === 'sync')).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({ enrolled: false, waiting: 0 });
    off();
    ignored();
    const before = seen.length;
    rec.windows[0]!.webContents.send(IPC_EVENT, 'sync', { waiting: 9 });
    expect(seen).toHaveLength(before);
    expect(rec.rendererListeners.get(IPC_EVENT) ?? []).toHaveLength(0);
  });
}
