import type { PosApiStatus } from '../../shared/pos/pairing';
import type { PosApiOptions, RunningPosApi } from './server';

/** The POS API's port when nothing says otherwise: fixed, so a POS set up once finds the till after a restart. */
export const DEFAULT_POS_API_PORT = 7431;

/** COUPON_TILL_POS_PORT (1-65535, or 0 for any free port), else the default. Throws on anything else. */
export function posApiPortFrom(env: Record<string, string | undefined>): number {
  const text = env.COUPON_TILL_POS_PORT;
  if (text === undefined || text === '') return DEFAULT_POS_API_PORT;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new Error(`COUPON_TILL_POS_PORT must be a port number from 0 to 65535, not ${JSON.stringify(text)}`);
  return port;
}

export interface PosApiRunnerOptions extends Omit<PosApiOptions, 'port'> {
  /** 0 picks a free port (tests). */
  port: number;
}

/**
 * Starts and stops the POS API as the manager's setting (posApiEnabled) says, and reports where it
 * listens. A port that is taken does not stop the till: the settings screen says so instead.
 * Changes are queued one after another, so a quick off-on never leaves two servers.
 */
export class PosApiRunner {
  private running: RunningPosApi | null = null;
  private problem: string | null = null;
  private enabled = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PosApiRunnerOptions) {}

  status(): PosApiStatus {
    return { enabled: this.enabled, url: this.running?.url ?? null, problem: this.enabled ? this.problem : null };
  }

  /** Starts (or stops) the API; answers the status once done. */
  setEnabled(enabled: boolean): Promise<PosApiStatus> {
    const next = this.queue.then(() => this.apply(enabled));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The running server (tests and the event stream), or null. */
  get server(): RunningPosApi | null {
    return this.running;
  }

  close(): Promise<PosApiStatus> {
    return this.setEnabled(false);
  }

  private async apply(enabled: boolean): Promise<PosApiStatus> {
    this.enabled = enabled;
    if (enabled && !this.running) {
      try {
        // Loaded when first started: Fastify is most of a start's parse time (decision 055).
        const { startPosApi } = await import('./server');
        this.running = await startPosApi({ ...this.opts, port: this.opts.port });
        this.problem = null;
      } catch (err) {
        const code = (err as { code?: string }).code;
        this.problem =
          code === 'EADDRINUSE'
            ? `Port ${this.opts.port} is in use by another program: the POS API is not listening (set COUPON_TILL_POS_PORT to another port).`
            : `The POS API could not start: ${err instanceof Error ? err.message : String(err)}`;
        console.error(this.problem);
      }
    } else if (!enabled && this.running) {
      const r = this.running;
      this.running = null;
      await r.close();
    }
    return this.status();
  }
}
