/**
 * The only way the renderer reaches main: `window.till`, exposed by the Electron preload or,
 * in plain Chromium, by the Node host's WebSocket client. The renderer is untrusted; main
 * re-checks everything, so this module only shapes calls and answers.
 */

/** An error answer from main. `code` is stable (e.g. "forbidden", "invalid_request"). */
export interface TillError {
  code: string;
  message: string;
}

export type TillResult<T> = { ok: true; value: T } | { ok: false; error: TillError };

/** The bridge object main exposes on `window.till`. */
export interface TillBridge {
  invoke(channel: string, request: unknown): Promise<TillResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

/** Thrown by `call` when main answers `{ ok: false }`. */
export class TillApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly channel: string,
  ) {
    super(message);
    this.name = 'TillApiError';
  }
}

let override: TillBridge | null = null;

/** Tests (vitest, node) plug a fake bridge here instead of `window.till`. */
export function setBridgeForTests(bridge: TillBridge | null): void {
  override = bridge;
}

/** The bridge, or a clear error when the page was opened outside the app. */
export function bridge(): TillBridge {
  if (override) return override;
  const w = globalThis as { till?: TillBridge };
  if (!w.till) throw new TillApiError('no_bridge', 'Coupon Till API is not available in this window', '');
  return w.till;
}

export function hasBridge(): boolean {
  return override !== null || typeof (globalThis as { till?: unknown }).till === 'object';
}
