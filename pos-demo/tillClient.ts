/**
 * A POS's client for Coupon Till's POS API: copy this file into your POS. Plain fetch, no other
 * dependency, nothing imported from the till. Every write carries a fresh Idempotency-Key; retry a
 * write that got no answer with the SAME key (`retry`) and the till answers it once.
 */
import { randomUUID } from 'node:crypto';

export interface OrderLine {
  lineId: string;
  sku: string;
  /** What the till's screen shows for the line (the SKU when absent). */
  name?: string;
  category?: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface Order {
  orderId: string;
  lines: OrderLine[];
  totalMinor: number;
  memberId?: string;
  memberTier?: string;
}

/** The till's answer: `{ ok: true, value }` or `{ ok: false, error: { code, message, details: { reason } } }`. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: { reason?: string } } };

export interface LineEffect {
  lineId: string;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  modifiers: { redemptionId: string; campaignId: number; amountMinor: number }[];
}
export interface CouponEffect {
  redemptionId: string;
  campaignName: string;
  amountMinor: number;
  flagged?: { reason: string };
}
export interface OrderView {
  orderId: string;
  state: string;
  lines: OrderLine[];
  receiptNo: string | null;
  reversedMinor: number;
  effects: { lines: LineEffect[]; coupons: CouponEffect[]; discountMinor: number; totalMinor: number; netMinor: number };
}
export interface Verdict {
  ok: boolean;
  reason?: string;
  campaignName?: string;
  discountMinor?: number;
}

export class TillClient {
  /**
   * `fetchImpl`: over the store LAN the till answers on https:// with its own self-signed
   * certificate; pass a fetch that pins the fingerprint shown on the till's Settings -> Store POS
   * (see electron/services/sync/pinnedFetch.ts for one), never one that trusts any certificate.
   */
  constructor(
    readonly baseUrl: string,
    private credential: string | null = null,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** Exchanges the manager's one-time pairing code (Settings -> Store POS) for this POS's credential: keep it secret. */
  async pair(code: string): Promise<{ pairingId: string; name: string; credential: string }> {
    const answer = await this.send<{ pairingId: string; name: string; credential: string }>('POST', '/pos/v1/pairings', { code }, null);
    if (!answer.ok) throw new Error(`Pairing refused: ${answer.error.message}`);
    this.credential = answer.value.credential;
    return answer.value;
  }

  openOrder(order: Order, key?: string) {
    return this.send<OrderView>('POST', '/pos/v1/orders', order, key);
  }
  order(orderId: string) {
    return this.send<OrderView>('GET', `/pos/v1/orders/${encodeURIComponent(orderId)}`);
  }
  applyCode(orderId: string, code: string, key?: string) {
    return this.send<{ verdict: Verdict; duplicate: boolean; order: OrderView }>('POST', `${this.path(orderId)}/coupons`, { code }, key);
  }
  removeCoupon(orderId: string, redemptionId: string, key?: string) {
    return this.send<OrderView>('DELETE', `${this.path(orderId)}/coupons/${redemptionId}`, undefined, key);
  }
  close(orderId: string, receiptNo: string, paidTotalMinor: number, key?: string) {
    return this.send<OrderView>('POST', `${this.path(orderId)}/close`, { receiptNo, paidTotalMinor }, key);
  }
  cancel(orderId: string, reason?: string, key?: string) {
    return this.send<OrderView>('POST', `${this.path(orderId)}/cancel`, reason ? { reason } : {}, key);
  }
  returnLines(orderId: string, lines: { lineId: string; quantity: number }[], key?: string) {
    return this.send<{ order: OrderView; reversals: { lineId: string; amountMinor: number }[]; reinstated: string[] }>(
      'POST',
      `${this.path(orderId)}/returns`,
      { lines },
      key,
    );
  }

  /** Server-sent events of this POS's orders; calls `onEvent` with each until `stop()` is called. */
  async events(onEvent: (event: { type: string; orderId: string; [k: string]: unknown }) => void): Promise<{ stop(): void }> {
    const abort = new AbortController();
    const res = await this.fetchImpl(`${this.baseUrl}/pos/v1/events`, { headers: this.auth(), signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`The till refused the event stream (${res.status}).`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const data = buffer
              .slice(0, cut)
              .split('\n')
              .find((l) => l.startsWith('data: '));
            buffer = buffer.slice(cut + 2);
            if (data) onEvent(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        // stopped, or the till went away: read the order again after reconnecting
      }
    })();
    return { stop: () => abort.abort() };
  }

  private path(orderId: string) {
    return `/pos/v1/orders/${encodeURIComponent(orderId)}`;
  }

  private auth(): Record<string, string> {
    return this.credential ? { authorization: `Bearer ${this.credential}` } : {};
  }

  private async send<T>(method: string, path: string, body?: unknown, key: string | null | undefined = undefined): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...this.auth() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && key !== null) headers['idempotency-key'] = key ?? randomUUID();
    const res = await this.fetchImpl(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return (await res.json()) as Answer<T>;
  }
}
