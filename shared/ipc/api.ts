import type { Channel, RequestOf, ResponseOf } from './contract';
import type { TillEventName, TillEvents } from './pushEvents';
import type { Result } from './result';

export interface InvokeOptions {
  /** A one-use token from `till:auth:override`, for a call the signed-in role may not make. */
  overrideToken?: string;
}

/** Arguments of invoke: the request may be omitted on channels that take none. */
export type InvokeArgs<C extends Channel> = undefined extends RequestOf<C>
  ? [request?: RequestOf<C>, options?: InvokeOptions]
  : [request: RequestOf<C>, options?: InvokeOptions];

/**
 * The one object the renderer talks to main through: `window.till`. The Electron preload
 * provides it over IPC; in a plain browser the host's bridge script provides it over a
 * loopback WebSocket. Neither exposes anything else. `invoke` never rejects: transport
 * failures answer `{ ok: false, error: { code: 'unavailable' } }`.
 */
export interface TillApi {
  invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends TillEventName>(event: E, listener: (payload: TillEvents[E]) => void): () => void;
  /** Where the API is served from. */
  readonly shell: 'electron' | 'host';
}

/** The wire envelope of one call (Electron IPC payload and WebSocket message body). */
export interface InvokeEnvelope {
  channel: string;
  request: unknown;
  overrideToken?: string;
}

/** The Electron IPC channel main pushes events on (calls use one ipcMain.handle per contract channel). */
export const IPC_EVENT = 'till:event';

declare global {
  interface Window {
    till: TillApi;
  }
}
