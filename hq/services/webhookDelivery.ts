import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { HqContext } from './context';
import { DEFAULT_WEBHOOK_RETENTION, pruneWebhookDeliveries, type PruneResult, type WebhookRetention } from './webhookRetention';

/**
 * The webhook dispatcher: takes due deliveries from HQ's webhook outbox (webhook_deliveries),
 * leases each (so a second HQ process does not send it at the same time, and a crash only delays
 * it until the lease runs out), POSTs the signed body, and marks it delivered on a 2xx. Otherwise
 * it backs off exponentially (with jitter) and, after `maxAttempts`, leaves it as a dead letter.
 * It runs on its own timer, never inside a till's request: a slow receiver slows nobody. The same
 * timer prunes delivered rows and old dead letters (webhookRetention.ts), every `pruneEveryMs`.
 *
 * Signature (every request): `webhook-id` (the event id, the same on every retry: deduplicate on
 * it), `webhook-timestamp` (unix seconds), `webhook-signature: v1=<hex HMAC-SHA256(secret,
 * timestamp + "." + body)>`. Receivers check the HMAC and that the timestamp is recent.
 */

export interface WebhookOptions extends WebhookRetention {
  /** A receiver that has not answered by then counts as failed (default 10 s). */
  timeoutMs: number;
  /** Attempts before a delivery becomes a dead letter (default 12: about 17 hours with the defaults). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How often to look for due deliveries when nothing wakes the dispatcher (default 1 s). */
  pollMs: number;
  /** Deliveries in flight at once (default 4). */
  concurrency: number;
  /** A lease lasts the timeout and this margin (default 5 s): after a crash, the delivery is sent again once it runs out. */
  leaseMarginMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  timeoutMs: 10_000,
  maxAttempts: 12,
  backoffBaseMs: 1_000,
  backoffMaxMs: 3_600_000,
  pollMs: 1_000,
  concurrency: 4,
  leaseMarginMs: 5_000,
  ...DEFAULT_WEBHOOK_RETENTION,
};

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (docs/hq-api.md): true when the signature is HQ's and the timestamp within `toleranceSec` of now. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string; signature: string },
  body: string,
  nowMs = Date.now(),
  toleranceSec = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > toleranceSec) return false;
  const want = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The wait before attempt n+1 after n failures: base * 2^(n-1), capped, with full jitter on its upper half. */
export function webhookBackoff(failures: number, o: Pick<WebhookOptions, 'backoffBaseMs' | 'backoffMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Due {
  id: string;
  endpoint_id: string;
  event_id: string;
  body: string;
  attempts: number;
}

export class WebhookDispatcher {
  private readonly opts: WebhookOptions;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly inFlight = new Set<AbortController>();
  /** When the last complete prune ran; -Infinity after one that stopped with more to delete (the next tick carries on). */
  private prunedAt = -Infinity;

  constructor(
    private readonly ctx: HqContext,
    options: Partial<WebhookOptions> = {},
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.opts = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was queued: look soon (after the queuing transaction has committed). */
  wake(): void {
    if (!this.stopped) this.schedule(20);
  }

  /** Stops the timer and abandons deliveries in flight (their leases run out; they are sent again later). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const c of this.inFlight) c.abort();
    await this.running?.catch(() => undefined);
  }

  /** One pass: sends every due delivery (tests call it directly). */
  async runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.lease(this.opts.concurrency);
      if (batch.length === 0 || this.stopped) return sent;
      await Promise.all(batch.map((d) => this.deliver(d)));
      sent += batch.length;
    }
  }

  /** Deletes delivered rows and dead letters past retention (tests call it directly). */
  async prune(): Promise<PruneResult> {
    const result = await pruneWebhookDeliveries(this.ctx, this.opts);
    this.prunedAt = result.more ? -Infinity : this.ctx.now();
    return result;
  }

  private async tick(): Promise<void> {
    await this.runOnce();
    if (!this.stopped && this.ctx.now() - this.prunedAt >= this.opts.pruneEveryMs) await this.prune();
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) return this.schedule(this.opts.pollMs);
      this.running = this.tick()
        .catch(() => undefined)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.opts.pollMs);
        });
    }, delay);
    this.timer.unref?.();
  }

  /** Takes up to `n` due deliveries and leases them for the timeout and a margin. */
  private async lease(n: number): Promise<Due[]> {
    const now = this.ctx.now();
    const until = now + this.opts.timeoutMs + this.opts.leaseMarginMs;
    return this.ctx.db.transaction().execute(async (trx) => {
      const q = trx
        .selectFrom('webhook_deliveries')
        .select(['id', 'endpoint_id', 'event_id', 'body', 'attempts'])
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(n);
      const rows = (this.ctx.dialect === 'postgres' ? await q.forUpdate().skipLocked().execute() : await q.execute()) as Due[];
      if (rows.length > 0)
        await trx
          .updateTable('webhook_deliveries')
          .set({ lease_until: until })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      return rows;
    });
  }

  private async deliver(d: Due): Promise<void> {
    const endpoint = await this.ctx.db
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret_sealed', 'disabled'])
      .where('id', '=', d.endpoint_id)
      .executeTakeFirst();
    if (!endpoint || endpoint.disabled === 1) return this.failed(d, null, 'the endpoint is disabled', true);
    const timestamp = Math.floor(this.ctx.now() / 1000);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    let status: number | null = null;
    let error: string;
    try {
      const res = await this.fetchImpl(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'CouponTill-HQ-Webhooks/1',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(this.ctx.masterKey.open(endpoint.secret_sealed), timestamp, d.body),
        },
        body: d.body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) return this.delivered(d, status);
      error = `the receiver answered ${status}`;
    } catch (err) {
      if (this.stopped) return; // HQ is stopping: the lease runs out and the delivery is sent again
      error = controller.signal.aborted ? `no answer within ${this.opts.timeoutMs} ms` : `could not reach the receiver: ${(err as Error).message}`;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    return this.failed(d, status, error, false);
  }

  private async delivered(d: Due, status: number): Promise<void> {
    await this.ctx.db
      .updateTable('webhook_deliveries')
      .set({ state: 'delivered', attempts: sql`attempts + 1`, last_status: status, last_error: null, lease_until: null, delivered_at: this.ctx.now() })
      .where('id', '=', d.id)
      .execute();
  }

  private async failed(d: Due, status: number | null, error: string, giveUp: boolean): Promise<void> {
    const attempts = Number(d.attempts) + 1;
    const dead = giveUp || attempts >= this.opts.maxAttempts;
    await this.ctx.db
      .updateTable('webhook_deliveries')
      .set({
        state: dead ? 'dead' : 'pending',
        attempts,
        last_status: status,
        last_error: error.slice(0, 500),
        lease_until: null,
        next_attempt_at: dead ? this.ctx.now() : this.ctx.now() + webhookBackoff(attempts, this.opts),
      })
      .where('id', '=', d.id)
      .execute();
  }
}
