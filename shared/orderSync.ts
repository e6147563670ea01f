import { z } from 'zod';
import { MinorSchema } from './money';
import { MAX_EPOCH_MS, MAX_INT32 } from './redemption';
import { PUSH_MAX_ITEMS, PushItemResultSchema } from './sync';
import { freeTextSchema, tokenSchema } from './text';

/**
 * What a till tells HQ about its POS orders (issue 14): one entry per order event (closed,
 * cancelled, returned), pushed from the till's order-event queue to POST /v1/sync/orders. The
 * redemptions themselves still travel in the redemption push (their basket is `pos:<orderId>`);
 * these entries add the receipt, the per-line price modifiers frozen at close, the cancellation
 * and the reversals of each return. HQ applies each exactly once by `id`.
 */

const Id = tokenSchema(64);
const OrderId = tokenSchema(48).refine((s) => !/\s/.test(s), 'an order id has no spaces');
const LineId = tokenSchema(32);
const Quantity = z.number().int().min(1).max(100_000);
const RedemptionIds = z.array(z.uuid()).max(100);

/** One coupon's price modifier on one line (ARTS POSLog RetailPriceModifier: Amount, PromotionID, ReferenceID). */
export const LineModifierUploadSchema = z.strictObject({
  redemptionId: z.uuid(),
  campaignId: z.number().int().min(1).max(MAX_INT32),
  amountMinor: MinorSchema,
});

/** A sold line as it closed (ARTS POSLog LineItem/Sale: ItemID, MerchandiseHierarchy, Quantity, RegularSalesUnitPrice). */
export const ClosedLineUploadSchema = z.strictObject({
  lineId: LineId,
  sku: z.string().min(1).max(64),
  category: z.string().min(1).max(64).optional(),
  quantity: Quantity,
  unitPriceMinor: MinorSchema,
  modifiers: z.array(LineModifierUploadSchema).max(100),
});

const Common = {
  id: z.uuid(),
  storeId: Id,
  tillId: Id,
  orderId: OrderId,
  /** The till's wall clock when it happened, UTC epoch ms: HQ counts it on that store day. */
  at: z.number().int().min(0).max(MAX_EPOCH_MS),
  /** The till's order-event sequence number (1, 2, ...); absent from older tills. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
};

export const OrderClosedUploadSchema = z.strictObject({
  ...Common,
  kind: z.literal('closed'),
  receiptNo: tokenSchema(64),
  paidTotalMinor: MinorSchema,
  /** The sum of the lines' gross amounts. */
  totalMinor: MinorSchema,
  /** The sum of every line modifier. */
  discountMinor: MinorSchema,
  redemptionIds: RedemptionIds,
  lines: z.array(ClosedLineUploadSchema).min(1).max(1000),
});

export const OrderCancelledUploadSchema = z.strictObject({
  ...Common,
  kind: z.literal('cancelled'),
  /** pos: the POS cancelled it; timeout: it was left open too long (the POS died). */
  endedBy: z.enum(['pos', 'timeout']),
  reason: freeTextSchema(0, 200),
  voidedRedemptionIds: RedemptionIds,
});

export const ReversalUploadSchema = z.strictObject({
  redemptionId: z.uuid(),
  lineId: LineId,
  quantity: Quantity,
  amountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const OrderReturnedUploadSchema = z.strictObject({
  ...Common,
  kind: z.literal('returned'),
  returnId: z.uuid(),
  lines: z
    .array(z.strictObject({ lineId: LineId, quantity: Quantity }))
    .min(1)
    .max(1000),
  reversals: z.array(ReversalUploadSchema).max(10_000),
  /** Single-use coupons given back by this return (their redemptions are voided in the redemption push). */
  reinstated: RedemptionIds,
});

export const OrderEventUploadSchema = z.discriminatedUnion('kind', [OrderClosedUploadSchema, OrderCancelledUploadSchema, OrderReturnedUploadSchema]);
export type OrderEventUpload = z.infer<typeof OrderEventUploadSchema>;
export type OrderClosedUpload = z.infer<typeof OrderClosedUploadSchema>;
export type OrderReturnedUpload = z.infer<typeof OrderReturnedUploadSchema>;

/** POST /v1/sync/orders: a batch of order events, each validated on its own, in the till's order. */
export const OrderPushRequestSchema = z.object({ items: z.array(z.unknown()).min(1).max(PUSH_MAX_ITEMS) });

/** One result per item, like the redemption push's; a rejected item also says why as a stable reason code. */
export const OrderPushItemResultSchema = PushItemResultSchema.omit({ verdict: true }).extend({
  /** invalid_order_event, not_this_till, order_figures_mismatch, id_reused, already_closed, already_cancelled, order_cancelled,
   * order_not_closed, unknown_line, return_exceeds_sold, reversal_not_returned, reversal_exceeds_discount, redemption_not_this_till, redemption_not_on_order */
  reason: z.string().max(64).optional(),
});
export type OrderPushItemResult = z.infer<typeof OrderPushItemResultSchema>;
export const OrderPushResponseSchema = z.object({ results: z.array(OrderPushItemResultSchema).max(PUSH_MAX_ITEMS), hqTime: z.string().max(200) });
export type OrderPushResponse = z.infer<typeof OrderPushResponseSchema>;

/** The figures of a closed order that must add up (checked at HQ; a till that sends other figures is refused, 400). */
export function closedOrderProblem(e: OrderClosedUpload): string | null {
  let total = 0;
  let discount = 0;
  const ids = new Set<string>();
  for (const l of e.lines) {
    if (ids.has(l.lineId)) return `line ${l.lineId} appears twice`;
    ids.add(l.lineId);
    const gross = l.quantity * l.unitPriceMinor;
    const off = l.modifiers.reduce((s, m) => s + m.amountMinor, 0);
    if (off > gross) return `line ${l.lineId}: its modifiers (${off}) exceed the line (${gross})`;
    total += gross;
    discount += off;
  }
  if (!Number.isSafeInteger(total)) return 'the lines add up to more than a safe integer';
  if (total !== e.totalMinor) return `the lines add up to ${total}, not totalMinor ${e.totalMinor}`;
  if (discount !== e.discountMinor) return `the line modifiers add up to ${discount}, not discountMinor ${e.discountMinor}`;
  return null;
}
