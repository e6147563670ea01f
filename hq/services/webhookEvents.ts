import type { OrderEventUpload } from '../../shared/orderSync';
import { orderIdOfBasket } from '../db/redemptionDays';
import type { CodeDecision } from './conflicts';
import type { HqContext, Tx } from './context';
import type { StoredRow } from './ledger';
import { queueWebhookEvent, queueWebhookEvents, type NewWebhookEvent, type WebhookEventType } from './webhooks';

/** Which webhook events a push or an order event makes (services/webhooks.ts queues them in the same transaction). */

const TYPE_OF: Record<string, WebhookEventType | undefined> = {
  accepted: 'redemption.accepted',
  conflict: 'redemption.conflict',
  voided: 'redemption.voided',
};

/** Each redemption's status before the push decided its code (null: new), to see what changed. */
export function statusesBefore(byCode: Map<string, StoredRow[]>): Map<string, string | null> {
  return new Map([...byCode.values()].flat().map((r) => [r.id, r.isNew ? null : r.status]));
}

/** One event per redemption whose HQ verdict is new or changed: accepted, conflict (lost its use), voided. */
export async function queueDecisionWebhooks(
  ctx: HqContext,
  trx: Tx,
  byCode: Map<string, StoredRow[]>,
  before: Map<string, string | null>,
  decisions: Map<string, CodeDecision>,
): Promise<void> {
  const events: NewWebhookEvent[] = [];
  for (const row of [...byCode.values()].flat()) {
    const d = decisions.get(row.id);
    const type = d ? TYPE_OF[d.status] : undefined;
    if (!d || !type || before.get(row.id) === d.status) continue;
    const u = row.upload;
    events.push({
      type,
      storeId: row.storeId,
      data: {
        redemptionId: row.id,
        couponKey: row.couponKey,
        campaignId: row.campaignId,
        tillId: row.tillId,
        status: d.status,
        winnerId: d.winnerId,
        ...(u ? { discountMinor: u.discountMinor, orderId: orderIdOfBasket(u.basketId), hlc: u.hlc, createdAt: u.createdAt } : {}),
      },
    });
  }
  await queueWebhookEvents(ctx, trx, events);
}

export async function queueOrderWebhook(ctx: HqContext, trx: Tx, e: OrderEventUpload, day: string): Promise<void> {
  if (e.kind !== 'closed') return;
  await queueWebhookEvent(ctx, trx, 'order.closed', e.storeId, {
    orderId: e.orderId,
    tillId: e.tillId,
    receiptNo: e.receiptNo,
    businessDay: day,
    totalMinor: e.totalMinor,
    discountMinor: e.discountMinor,
    paidTotalMinor: e.paidTotalMinor,
    redemptionIds: e.redemptionIds,
    lines: e.lines,
  });
}
