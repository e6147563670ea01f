import type { Channel, InvokeArgs, ResponseOf, TillApi, TillEventName, TillEvents, Result, ApiError } from '../../shared/ipc';

/**
 * The renderer's one door to main: `window.till` (Electron preload, or the Node host's
 * WebSocket bridge). Every feature's api/ module calls through here, so tests can plug a fake
 * and the wire shape is known in one place. The renderer is untrusted: main re-checks all.
 */

let override: TillApi | null = null;

/** Tests (vitest, node) plug a fake API here instead of `window.till`. */
export function setTillApiForTests(api: TillApi | null): void {
  override = api;
}

export function tillApi(): TillApi | null {
  if (override) return override;
  const w = globalThis as { till?: TillApi };
  return w.till ?? null;
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
