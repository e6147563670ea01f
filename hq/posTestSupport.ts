import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { OrderEventUpload, OrderPushResponse } from '../shared/orderSync';
import type { RedemptionUpload } from '../shared/redemption';
import type { PushResponse } from '../shared/sync';
import type { TestHq } from './testSupport';

/**
 * Tests of HQ's POS side (orders, reconciliation, webhooks): a till enrolled at a test HQ that
 * pushes hand-made redemptions and order events over HTTP, the way a real till does.
 */

/** 2025-06-15 16:53 Asia/Shanghai. */
export const T0 = 1_750_000_000_000;

export interface PosTestTill {
  storeId: string;
  tillId: string;
  credential: string;
  redemption(orderId: string | null, extra?: Partial<RedemptionUpload>): RedemptionUpload;
  voidOf(r: RedemptionUpload, extra?: Partial<RedemptionUpload>): RedemptionUpload;
  push(items: unknown[]): Promise<PushResponse>;
  pushOrders(items: unknown[]): Promise<{ status: number; body: OrderPushResponse }>;
  closed(
    orderId: string,
    lines: { lineId: string; quantity: number; unitPriceMinor: number; off: [RedemptionUpload, number][] }[],
    receiptNo?: string,
  ): OrderEventUpload;
  cancelled(orderId: string, voided: RedemptionUpload[]): OrderEventUpload;
  returned(orderId: string, lines: { lineId: string; quantity: number }[], reversals: [RedemptionUpload, string, number, number][]): OrderEventUpload;
}

export async function enrollPosTill(hq: TestHq, storeId: string, at = () => T0 + 1_000): Promise<PosTestTill> {
  const token = await hq.admin.enrollmentToken(storeId);
  const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const { tillId, credential } = (await res.json()) as { tillId: string; credential: string };
  let counter = 0;
  let seq = 0;
  const post = async (path: string, items: unknown[]) => {
    const r = await fetch(`${hq.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    return { status: r.status, body: (await r.json()) as never };
  };
  const redemption = (orderId: string | null, extra: Partial<RedemptionUpload> = {}): RedemptionUpload => {
    const wall = at();
    return {
      id: newId(),
      kind: 'redeem',
      voidsId: null,
      couponKey: `p:${newId().replace(/-/g, '')}`,
      campaignId: 1,
      storeId,
      tillId,
      cashierId: 'c1',
      basketId: orderId ? `pos:${orderId}` : newId(),
      basketTotalMinor: 10_000,
      discountMinor: 2_000,
      memberId: null,
      source: 'manual',
      hlc: encodeHlc({ wallMs: wall, counter: counter++ % 99_999, node: tillId }),
      createdAt: wall,
      reason: null,
      approvedBy: null,
      seq: ++seq,
      ...extra,
    };
  };
  return {
    storeId,
    tillId,
    credential,
    redemption,
    voidOf: (r, extra = {}) => redemption(null, { kind: 'void', voidsId: r.id, couponKey: r.couponKey, basketId: r.basketId, reason: 'mistake', ...extra }),
    push: async (items) => (await post('/v1/sync/push', items)).body,
    pushOrders: (items) => post('/v1/sync/orders', items),
    closed: (orderId, lines, receiptNo = `R-${orderId}`) => {
      const ls = lines.map((l) => ({
        lineId: l.lineId,
        sku: `SKU-${l.lineId}`,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        modifiers: l.off.map(([r, amountMinor]) => ({ redemptionId: r.id, campaignId: r.campaignId, amountMinor })),
      }));
      const totalMinor = ls.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
      const discountMinor = ls.reduce((s, l) => s + l.modifiers.reduce((a, m) => a + m.amountMinor, 0), 0);
      const ids = [...new Set(ls.flatMap((l) => l.modifiers.map((m) => m.redemptionId)))];
      return {
        id: newId(),
        kind: 'closed',
        storeId,
        tillId,
        orderId,
        at: at(),
        receiptNo,
        paidTotalMinor: totalMinor - discountMinor,
        totalMinor,
        discountMinor,
        redemptionIds: ids,
        lines: ls,
      };
    },
    cancelled: (orderId, voided) => ({
      id: newId(),
      kind: 'cancelled',
      storeId,
      tillId,
      orderId,
      at: at(),
      endedBy: 'pos',
      reason: 'Order cancelled at the POS',
      voidedRedemptionIds: voided.map((r) => r.id),
    }),
    returned: (orderId, lines, reversals) => ({
      id: newId(),
      kind: 'returned',
      storeId,
      tillId,
      orderId,
      at: at(),
      returnId: newId(),
      lines,
      reversals: reversals.map(([r, lineId, quantity, amountMinor]) => ({ redemptionId: r.id, lineId, quantity, amountMinor })),
      reinstated: [],
    }),
  };
}
