import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../shared/ipc/result';
import { SECRET_FRAGMENT_KEY, WS_PATH, type ClientMessage, type ServerMessage } from '../../shared/ipc/wsProtocol';
import type { TillEventName, TillEvents } from '../../shared/ipc/pushEvents';
import type { Api } from '../ipc/register';
import { bridgeScript } from './bridgeBundle';
import { contentSecurityPolicy, securityHeaders } from './csp';
import { injectBridge, NOT_BUILT_PAGE, readStatic, resolveStatic } from './static';

export interface HostOptions {
  api: Api;
  /** The built renderer (vite build output, dist/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** A fixed secret (tests); default: 32 random bytes per launch. */
  secret?: string;
  /** A window (connection) went away: end its session and tokens. */
  onClientGone?: (clientId: string) => void;
  /** Largest accepted WebSocket message. */
  maxMessageBytes?: number;
  /** Benchmarks: how long each call took in this process (serve: the API call; reply: serialise and send). */
  onCallServed?: (channel: string, ms: { serve: number; reply: number }) => void;
}

export interface Host {
  /** The page to open, with the secret in the fragment (never sent to the server by the browser). */
  url: string;
  origin: string;
  port: number;
  secret: string;
  /** Pushes an event to one window, or to every welcomed window when clientId is null. */
  emit<E extends TillEventName>(clientId: string | null, event: E, payload: TillEvents[E]): void;
  close(): Promise<void>;
}

const BRIDGE_PATH = '/till-bridge.js';
/** A built asset whose name carries its content hash (vite: assets/name-HASH.ext). */
const IMMUTABLE_ASSET = /^\/assets\/[\w.-]+-[\w-]{8,}\.(?:js|css|wasm|woff2?|png|svg)$/;
const HELLO_TIMEOUT_MS = 5000;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The Node host: serves the built renderer and the typed API over a loopback WebSocket, so the
 * whole app runs in a plain Chromium where no Electron binary exists. Trust: the socket must come
 * from our own page (Host and Origin headers are this server, which also stops DNS rebinding)
 * and its first message must carry the per-launch secret; until then every call is refused.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const secret = opts.secret ?? randomBytes(32).toString('base64url');
  const clients = new Map<string, WebSocket>();
  let port = 0;
  let nextClient = 1;
  const origin = () => `http://127.0.0.1:${port}`;
  const csp = () => contentSecurityPolicy([`ws://127.0.0.1:${port}`]);
  const indexFile = resolve(opts.rendererDir, 'index.html');
  // Only a benchmark times calls: the `performance` global loads perf_hooks on first use (a start's first call).
  const timeCall = opts.onCallServed ? () => performance.now() : () => 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes ?? 1 << 20 });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(csp());
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, 'Content-Type': type, ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.headers.host !== `127.0.0.1:${port}`) return send(421, 'Wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    const path = new URL(req.url ?? '/', origin()).pathname;
    if (path === BRIDGE_PATH) return send(200, await bridgeScript(), 'text/javascript; charset=utf-8');
    const file = resolveStatic(opts.rendererDir, path === '/' ? '/index.html' : path);
    if (!file) return send(404, 'Not found');
    const found = await readStatic(file);
    if (!found && path !== '/' && path !== '/index.html') return send(404, 'Not found');
    if (!found || file === indexFile) {
      const html = found ? found.body.toString('utf8') : NOT_BUILT_PAGE;
      return send(200, injectBridge(html, BRIDGE_PATH), 'text/html; charset=utf-8');
    }
    // vite names every built asset by its content hash: the same URL is always the same bytes, so
    // the browser may keep it. Chromium then keeps the compiled script too (V8's code cache lives
    // beside the HTTP cache entry), and a later start parses none of the bundle (decision 055).
    return send(200, found.body, found.type, IMMUTABLE_ASSET.test(path) ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {});
  }

  function refuseUpgrade(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', origin()).pathname;
    if (path !== WS_PATH) return refuseUpgrade(socket, '404 Not Found');
    if (req.headers.host !== `127.0.0.1:${port}` || req.headers.origin !== origin()) return refuseUpgrade(socket, '403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  }

  function onConnection(ws: WebSocket): void {
    const clientId = `host:${nextClient++}`;
    let welcomed = false;
    const reply = (m: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const timer = setTimeout(() => !welcomed && ws.close(4401, 'no hello'), HELLO_TIMEOUT_MS);
    ws.on('message', async (data, isBinary) => {
      let msg: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(data.toString()) as ClientMessage;
        if (typeof msg !== 'object' || msg === null) throw new Error('not an object');
      } catch {
        return ws.close(4400, 'malformed message');
      }
      if (msg.type === 'hello') {
        if (welcomed || typeof msg.secret !== 'string' || !sameSecret(msg.secret, secret)) {
          reply({ type: 'refused', error: { code: 'bad_sender', message: 'Refused: wrong or missing launch secret.' } });
          return ws.close(4401, 'bad secret');
        }
        welcomed = true;
        clearTimeout(timer);
        clients.set(clientId, ws);
        return reply({ type: 'welcome', clientId });
      }
      if (msg.type !== 'invoke' || !Number.isSafeInteger(msg.id)) return ws.close(4400, 'malformed message');
      const payload = msg.overrideToken === undefined ? { request: msg.request } : { request: msg.request, overrideToken: msg.overrideToken };
      const started = timeCall();
      const result = await opts.api
        .call(msg.channel, { kind: 'window', clientId, trusted: welcomed, describe: `websocket ${clientId}` }, payload)
        .catch(() => fail('internal', 'Something went wrong in the till; it was logged.'));
      const served = timeCall();
      reply({ type: 'result', id: msg.id, result });
      opts.onCallServed?.(String(msg.channel), { serve: served - started, reply: timeCall() - served });
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (clients.delete(clientId)) opts.onClientGone?.(clientId);
    });
    ws.on('error', () => ws.terminate());
  }

  const server = createServer((req, res) => {
    serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${origin()}/#${SECRET_FRAGMENT_KEY}=${secret}`,
    origin: origin(),
    port,
    secret,
    emit(clientId, event, payload) {
      const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
      const targets = clientId === null ? [...clients.values()] : [clients.get(clientId)].filter((w) => w !== undefined);
      for (const ws of targets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of clients.values()) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
