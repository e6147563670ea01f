import type { PosApiStatus } from '../../shared/pos/pairing';
import type { PosApiOptions, RunningPosApi } from './server';
import { certificateInfo, lanAddresses, type LanCertificate } from './lanCertificate';

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

export interface PosApiRunnerOptions extends Omit<PosApiOptions, 'port' | 'host' | 'tls'> {
  /** 0 picks a free port (tests). */
  port: number;
  /** The store-LAN listener's port (TLS): the loopback port + 1 by default (0 with it). */
  lanPort?: number;
  /** The till's LAN certificate (made once, kept in the data folder): needed only when the LAN is on. */
  lanCertificate?: () => Promise<LanCertificate>;
  /** The LAN address shown to the manager (default: the machine's first non-loopback address). */
  lanAddress?: () => string | undefined;
  /** The clock the certificate's expiry is judged by (default Date.now). */
  now?: () => number;
}

/**
 * Starts and stops the POS API as the manager's settings say (posApiEnabled; posApiLan for the
 * store LAN over TLS), and reports where it listens. Loopback stays plain HTTP on 127.0.0.1; the
 * LAN listener is HTTPS only, on its own port, so plain HTTP never reaches the API from the LAN
 * (decision 064). A port that is taken does not stop the till: the settings screen says so.
 * Changes are queued one after another, so a quick off-on never leaves two servers.
 */
export class PosApiRunner {
  private running: RunningPosApi | null = null;
  private lanRunning: RunningPosApi | null = null;
  /** The certificate the LAN listener serves (the last one loaded). */
  private certificate: Pick<LanCertificate, 'fingerprint256' | 'validTo'> | null = null;
  private problem: string | null = null;
  private enabled = false;
  private lan = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PosApiRunnerOptions) {}

  status(): PosApiStatus {
    const lanUrl = this.lanRunning ? `https://${hostForUrl(this.opts.lanAddress?.() ?? lanAddresses()[0] ?? '127.0.0.1')}:${this.lanRunning.port}` : null;
    const cert = this.certificate ? certificateInfo(this.certificate, (this.opts.now ?? Date.now)()) : null;
    return {
      enabled: this.enabled,
      url: this.running?.url ?? null,
      problem: this.enabled ? this.problem : null,
      lan: this.lan,
      lanUrl,
      fingerprint: cert?.fingerprint256 ?? null,
      certificateExpiresAt: cert?.validTo ?? null,
      certificateExpiresSoon: cert?.expiresSoon ?? false,
    };
  }

  /** Starts (or stops) the API; answers the status once done. */
  setEnabled(enabled: boolean, lan: boolean = this.lan): Promise<PosApiStatus> {
    const next = this.queue.then(() => this.apply(enabled, lan));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The running loopback server (tests and the event stream), or null. */
  get server(): RunningPosApi | null {
    return this.running;
  }

  /** The running LAN (TLS) server, or null. */
  get lanServer(): RunningPosApi | null {
    return this.lanRunning;
  }

  close(): Promise<PosApiStatus> {
    return this.setEnabled(false, false);
  }

  private async apply(enabled: boolean, lan: boolean): Promise<PosApiStatus> {
    this.enabled = enabled;
    this.lan = lan;
    const problems: string[] = [];
    if (enabled && !this.running) {
      const p = await this.start(this.opts.port, null);
      if (typeof p === 'string') problems.push(p);
      else this.running = p;
    } else if (!enabled && this.running) {
      const r = this.running;
      this.running = null;
      await r.close();
    }
    const wantLan = enabled && lan;
    if (wantLan && !this.lanRunning) {
      const p = await this.startLan();
      if (typeof p === 'string') problems.push(p);
      else this.lanRunning = p;
    } else if (!wantLan && this.lanRunning) {
      const r = this.lanRunning;
      this.lanRunning = null;
      await r.close();
    }
    this.problem = problems.length ? problems.join(' ') : null;
    for (const p of problems) console.error(p);
    return this.status();
  }

  private async startLan(): Promise<RunningPosApi | string> {
    if (!this.opts.lanCertificate) return 'The POS API cannot listen on the store LAN: this till has no certificate store.';
    let cert: LanCertificate;
    try {
      cert = await this.opts.lanCertificate();
    } catch (err) {
      return `The LAN certificate could not be made or read: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.certificate = { fingerprint256: cert.fingerprint256, validTo: cert.validTo };
    const port = this.opts.lanPort ?? (this.opts.port === 0 ? 0 : this.opts.port + 1);
    return this.start(port, cert);
  }

  private async start(port: number, cert: LanCertificate | null): Promise<RunningPosApi | string> {
    try {
      // Loaded when first started: Fastify is most of a start's parse time (decision 055).
      const { startPosApi } = await import('./server');
      return await startPosApi({
        ...this.opts,
        port,
        ...(cert ? { host: '0.0.0.0', tls: { certPem: cert.certPem, keyPem: cert.keyPem } } : { host: '127.0.0.1' }),
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      const what = cert ? 'on the store LAN' : '';
      return code === 'EADDRINUSE'
        ? `Port ${port} is in use by another program: the POS API is not listening${what ? ` ${what}` : ''} (set COUPON_TILL_POS_PORT to another port).`
        : `The POS API could not start${what ? ` ${what}` : ''}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
