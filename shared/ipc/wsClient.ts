import type { InvokeOptions, TillTransport } from './api';
import type { Channel } from './contract';
import type { TillEventName } from './pushEvents';
import { fail, type Result } from './result';
import type { ClientMessage, ServerMessage } from './wsProtocol';

/** The slice of the WebSocket API we use: the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsClientOptions {
  url: string;
  secret: string;
  connect: (url: string) => WebSocketLike;
  /** Reconnect delay after the connection drops (ms); 0 disables reconnecting. */
  reconnectMs?: number;
}

type Pending = (result: Result<unknown>) => void;

/**
 * The host's WebSocket transport (the bridge exposes it as `window.till`). Calls made before the connection is welcomed wait
 * for it; a dropped connection answers every waiting call 'unavailable' (never rejects).
 * After a reconnect the host sees a new window, so the session is gone: a 'session' event says so.
 */
export function createWsTillApi(opts: WsClientOptions): TillTransport & { close(): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let queue: ClientMessage[] = [];
  let socket: WebSocketLike | null = null;
  let welcomed = false;
  let closed = false;
  let everWelcomed = false;
  let nextId = 1;

  const emit = (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch (err) {
        console.error(`till event listener for ${event} failed`, err);
      }
    }
  };

  function onMessage(data: unknown): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'welcome') {
      welcomed = true;
      if (everWelcomed) emit('session', { session: null, reason: 'signedOut' });
      everWelcomed = true;
      for (const m of queue) socket?.send(JSON.stringify(m));
      queue = [];
    } else if (msg.type === 'result') {
      const done = pending.get(msg.id);
      pending.delete(msg.id);
      done?.(msg.result);
    } else if (msg.type === 'event') {
      emit(msg.event, msg.payload);
    } else if (msg.type === 'refused') {
      failAll(msg.error.message);
      closed = true;
    }
  }

  function failAll(message: string): void {
    for (const [, done] of pending) done(fail('unavailable', message));
    pending.clear();
    queue = [];
  }

  function open(): void {
    welcomed = false;
    const ws = opts.connect(opts.url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret: opts.secret } satisfies ClientMessage));
    ws.onmessage = (ev) => onMessage(ev.data);
    ws.onerror = () => undefined;
    ws.onclose = () => {
      welcomed = false;
      failAll('The connection to the till service was lost.');
      if (!closed && (opts.reconnectMs ?? 1000) > 0) setTimeout(open, opts.reconnectMs ?? 1000);
    };
  }

  function send(msg: ClientMessage): void {
    if (welcomed && socket) socket.send(JSON.stringify(msg));
    else queue.push(msg);
  }

  open();

  return {
    shell: 'host',
    invoke(channel: Channel, request?: unknown, options?: InvokeOptions): Promise<Result<never>> {
      if (closed) return Promise.resolve(fail('unavailable', 'The till service refused this page.'));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        const msg: ClientMessage = { type: 'invoke', id, channel, request: request ?? {} };
        if (options?.overrideToken) msg.overrideToken = options.overrideToken;
        send(msg);
      });
    },
    on(event: TillEventName, listener: (payload: never) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    close() {
      closed = true;
      socket?.close();
    },
  } as TillTransport & { close(): void };
}
