import type { Channel, InvokeArgs, ResponseOf, TillApi, TillEventName, TillEvents, TillTransport, Result, ApiError } from '../../shared/ipc';

/**
 * The renderer's one door to main: `window.till` (Electron preload, or the Node host's
 * WebSocket bridge). Every feature's api/ module calls through here, so tests can plug a fake
 * and the wire shape is known in one place. The renderer is untrusted: main re-checks all.
 */

let override: TillTransport | null = null;
let fromWindow: { till: TillApi; transport: TillTransport } | null = null;

/** Tests (vitest, node) plug a fake transport here instead of `window.till`. */
export function setTillApiForTests(api: TillTransport | null): void {
  override = api;
}

/** `window.till` (one method per channel) seen as one invoke, for the helpers below. */
function overWindow(till: TillApi): TillTransport {
  return {
    shell: till.shell,
    on: (event, listener) => till.on(event, listener),
    invoke: ((channel: string, ...args: unknown[]) => {
      const method = (till as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>)[channel];
      if (typeof method !== 'function') return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `No such API channel: ${channel}` } });
      return method(...args);
    }) as TillTransport['invoke'],
  };
}

export function tillApi(): TillTransport | null {
  if (override) return override;
  const w = globalThis as { till?: TillApi };
  if (!w.till) return null;
  if (fromWindow?.till !== w.till) fromWindow = { till: w.till, transport: overWindow(w.till) };
  return fromWindow.transport;
}

/** Thrown by `call` when main answers `{ ok: false }`. */
export class TillApiError extends Error {
  constructor(
    readonly error: ApiError,
    readonly channel: string,
  ) {
    super(error.message);
    this.name = 'TillApiError';
  }
  get code(): string {
    return this.error.code;
  }
}

/** Calls a channel and returns main's answer as is (the scan path wants refusals as values). */
export async function invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<ResponseOf<C>>> {
  const api = tillApi();
  if (!api) return { ok: false, error: { code: 'unavailable', message: 'The till API is not available in this window.' } };
  try {
    return await api.invoke(channel, ...args);
  } catch (err) {
    // invoke is specified never to reject; still, a dropped bridge must not become an unhandled rejection.
    return { ok: false, error: { code: 'unavailable', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Calls a channel and returns the value, throwing TillApiError on `{ ok: false }`. */
export async function call<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<ResponseOf<C>> {
  const res = await invoke(channel, ...args);
  if (!res.ok) throw new TillApiError(res.error, channel);
  return res.value;
}

/** Subscribes to a push event from main; returns the unsubscribe. */
export function on<E extends TillEventName>(event: E, listener: (payload: TillEvents[E]) => void): () => void {
  const api = tillApi();
  if (!api) return () => undefined;
  return api.on(event, listener);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorCode(err: unknown): string | null {
  return err instanceof TillApiError ? err.code : null;
}
