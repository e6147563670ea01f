import type { Channel, Result, TillEventName, TillEvents, TillTransport } from '../../shared/ipc';

/**
 * A fake `window.till` for store tests in node: each channel answers from a handler the test
 * gives; calls are recorded; `emit` plays a push from main. Unhandled channels answer
 * 'unknown_channel' so a test notices a call it did not expect.
 */
export type FakeHandler = (request: unknown, options?: { overrideToken?: string }) => unknown | Promise<unknown>;

export class FakeTill implements TillTransport {
  readonly shell = 'host' as const;
  readonly calls: { channel: string; request: unknown; overrideToken?: string }[] = [];
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  constructor(private readonly handlers: Partial<Record<Channel, FakeHandler>> = {}) {}

  handle(channel: Channel, handler: FakeHandler): this {
    this.handlers[channel] = handler;
    return this;
  }

  async invoke(channel: Channel, request?: unknown, options?: { overrideToken?: string }): Promise<Result<never>> {
    this.calls.push({ channel, request, ...(options?.overrideToken ? { overrideToken: options.overrideToken } : {}) });
    const h = this.handlers[channel];
    if (!h) return { ok: false, error: { code: 'unknown_channel', message: channel } };
    try {
      return { ok: true, value: (await h(request, options)) as never };
    } catch (err) {
      const e = err as { code?: string; message?: string; details?: Record<string, string | number | boolean | null> };
      const error = { code: (e.code ?? 'internal') as 'internal', message: e.message ?? 'failed' };
      return { ok: false, error: e.details ? { ...error, details: e.details } : error };
    }
  }

  on<E extends TillEventName>(event: E, listener: (payload: TillEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends TillEventName>(event: E, payload: TillEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  callsTo(channel: Channel) {
    return this.calls.filter((c) => c.channel === channel);
  }
}

/** Throw this from a handler to answer `{ ok: false }` with a code. */
export function apiError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
