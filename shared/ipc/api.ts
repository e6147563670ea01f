import type { Channel, RequestOf, ResponseOf } from './contract';
import type { TillEventName, TillEvents } from './pushEvents';
import type { Result } from './result';

export interface InvokeOptions {
  /** A one-use token from `till:auth:override`, for a call the signed-in role may not make. */
  overrideToken?: string;
}

/** Arguments of invoke: the request may be omitted on channels that take none. */
export type InvokeArgs<C extends Channel> =
  undefined extends RequestOf<C> ? [request?: RequestOf<C>, options?: InvokeOptions] : [request: RequestOf<C>, options?: InvokeOptions];

/**
 * How a page reaches main, whatever carries it (Electron IPC in the preload, the host's loopback
 * WebSocket in a plain browser, a fake in renderer tests). Not exposed to the page as is: the
 * page sees a TillApi built from it. `invoke` never rejects: transport failures answer
 * `{ ok: false, error: { code: 'unavailable' } }`.
 */
export interface TillTransport {
  invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends TillEventName>(event: E, listener: (payload: TillEvents[E]) => void): () => void;
  /** Where the API is served from. */
  readonly shell: 'electron' | 'host';
}

/** One method per contract channel, named by the channel: `till['till:coupon:redeem'](request)`. */
export type ChannelMethods = { readonly [C in Channel]: (...args: InvokeArgs<C>) => Promise<Result<ResponseOf<C>>> };

/**
 * `window.till`, the one object the renderer talks to main through: one method per contract
 * channel, `on` for pushes, and where it is served from. Nothing else: no generic invoke, no
 * ipcRenderer. The Electron preload and the host's bridge script both expose exactly this.
 */
export type TillApi = ChannelMethods & Pick<TillTransport, 'on' | 'shell'>;

/**
 * Builds `window.till` over a transport: a frozen object without a prototype (so names like
 * `constructor` or `__proto__` are not methods), holding one method per channel name given.
 */
export function exposeChannels(transport: TillTransport, channelNames: readonly string[]): TillApi {
  const api = Object.create(null) as Record<string, unknown>;
  for (const name of channelNames) {
    api[name] = (...args: unknown[]) => (transport.invoke as (c: string, ...a: unknown[]) => Promise<unknown>)(name, ...args);
  }
  api.on = ((event: TillEventName, listener: (payload: never) => void) => transport.on(event, listener as never)) as TillTransport['on'];
  api.shell = transport.shell;
  return Object.freeze(api) as unknown as TillApi;
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
