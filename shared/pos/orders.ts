import { z } from 'zod';
import { CategoryPathSchema, LineKindSchema } from '../campaign';
import { MinorSchema } from '../money';
import type { CouponVerdict } from '../redemption';
import type { IssuedCoupon } from '../issuing';
import { ScanSourceSchema } from '../scan';
import { freeTextSchema, nameSchema, tokenSchema } from '../text';

/**
 * The POS's order as Coupon Till keeps it: the store POS opens it with its lines, the till applies
 * coupons to it and answers per-line price modifiers (effects), the POS closes it with its receipt
 * number, cancels it, or takes lines back. States: open -> closed -> partially_returned / returned,
 * or open -> cancelled (also when the POS left it open past the timeout: endedBy 'timeout').
 */
export const ORDER_STATES = ['open', 'closed', 'partially_returned', 'returned', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** The POS's own order id; the till's basket id for it is `pos:<orderId>`. */
export const OrderIdSchema = tokenSchema(48).refine((s) => !/\s/.test(s), 'an order id has no spaces');
/** A line's id on the POS (unique in its order); absent: its position, "1", "2", ... */
const LineIdSchema = tokenSchema(32);

export const OrderLineSchema = z.strictObject({
  lineId: LineIdSchema.optional(),
  sku: z.string().min(1).max(64),
  /** The product's name as the POS shows it ("Yogurt 1 kg"): the till's screen shows it (the SKU when absent); nothing is decided on it. */
  name: nameSchema(80).optional(),
  category: z.string().min(1).max(64).optional(),
  /** The line's category and its parents, top down (["food", "dairy", "yogurt"]): a coupon on "dairy" covers it. */
  categoryPath: CategoryPathSchema.optional(),
  /** 'deposit' (bottle deposit) or 'fee' (eco-fee): in the total, never discounted, never counted toward a minimum. Absent: goods. */
  kind: LineKindSchema.optional(),
  quantity: z.number().int().min(1).max(100_000),
  /** Minor units; a negative price is refused (a discount is the till's effect, not a line). */
  unitPriceMinor: MinorSchema,
});
export type OrderLineInput = z.input<typeof OrderLineSchema>;
export type OrderLine = Required<Pick<z.output<typeof OrderLineSchema>, 'lineId'>> & z.output<typeof OrderLineSchema>;

const MemberTierSchema = tokenSchema(32);

/** Open an order, or replace the lines / member of an open one (coupons already applied are re-checked). */
export const OrderOpenRequestSchema = z.strictObject({
  orderId: OrderIdSchema,
  lines: z.array(OrderLineSchema).min(1).max(1000),
  /** The POS's total: it must equal the sum of the lines (a check that both sides priced the same order). */
  totalMinor: MinorSchema,
  memberId: z.string().min(1).max(64).optional(),
  memberTier: MemberTierSchema.optional(),
});
export type OrderOpenRequest = z.output<typeof OrderOpenRequestSchema>;

export const OrderRefSchema = z.strictObject({ orderId: OrderIdSchema });
export type OrderRef = z.output<typeof OrderRefSchema>;

export const OrderApplyRequestSchema = z.strictObject({
  orderId: OrderIdSchema,
  code: z.string().min(1).max(512),
  source: ScanSourceSchema.default('manual'),
});
export type OrderApplyRequest = z.output<typeof OrderApplyRequestSchema>;

/** The till's own scanner on the current POS order (a window's call: the cashier scanned it). */
export const OrderScanRequestSchema = z.strictObject({ code: z.string().min(1).max(512), source: ScanSourceSchema.default('manual') });
export type OrderScanRequest = z.output<typeof OrderScanRequestSchema>;

export const OrderRemoveRequestSchema = z.strictObject({ orderId: OrderIdSchema, redemptionId: z.string().uuid() });
export type OrderRemoveRequest = z.output<typeof OrderRemoveRequestSchema>;

export const OrderCloseRequestSchema = z.strictObject({
  orderId: OrderIdSchema,
  receiptNo: tokenSchema(64),
  /** What the customer paid, minor units. */
  paidTotalMinor: MinorSchema,
});
export type OrderCloseRequest = z.output<typeof OrderCloseRequestSchema>;

export const OrderCancelRequestSchema = z.strictObject({ orderId: OrderIdSchema, reason: freeTextSchema(3, 200).optional() });
export type OrderCancelRequest = z.output<typeof OrderCancelRequestSchema>;

export const OrderReturnRequestSchema = z.strictObject({
  orderId: OrderIdSchema,
  lines: z
    .array(z.strictObject({ lineId: LineIdSchema, quantity: z.number().int().min(1).max(100_000) }))
    .min(1)
    .max(1000),
});
export type OrderReturnRequest = z.output<typeof OrderReturnRequestSchema>;

/** One price modifier: what one coupon takes off one line (ARTS POSLog RetailPriceModifier: Amount, PromotionID). */
export interface LineModifier {
  redemptionId: string;
  campaignId: number;
  amountMinor: number;
}

export interface LineEffect {
  lineId: string;
  /** quantity x unit price. */
  grossMinor: number;
  modifiers: LineModifier[];
  /** The sum of the modifiers; never more than grossMinor. */
  discountMinor: number;
  netMinor: number;
}

/** One coupon's modifier on the whole order: the sum of its line modifiers (privilege: 0, no lines). */
export interface OrderModifier {
  redemptionId: string;
  couponKey: string;
  campaignId: number;
  campaignName: string;
  type: string;
  amountMinor: number;
  benefitText?: string;
  /**
   * Set when the order's lines changed after the coupon was applied and its condition no longer
   * holds (the reason code, e.g. below_minimum_spend) or its discount no longer fits the lines
   * ('discount_exceeds_lines'). The POS decides: remove it, or keep it (a coupon that no longer fits cannot close).
   */
  flagged?: { reason: string; params?: Record<string, string | number> };
}

export interface OrderEffects {
  lines: LineEffect[];
  coupons: OrderModifier[];
  /** The sum of every modifier: equals the coupons' discounts whenever none is flagged as not fitting. */
  discountMinor: number;
  totalMinor: number;
  netMinor: number;
}

export interface OrderView {
  orderId: string;
  state: OrderState;
  lines: OrderLine[];
  memberId: string | null;
  memberTier: string | null;
  effects: OrderEffects;
  receiptNo: string | null;
  paidTotalMinor: number | null;
  /** Quantities taken back per line (closed orders). */
  returned: { lineId: string; quantity: number }[];
  /** The discount reversed by returns so far. */
  reversedMinor: number;
  /** 'pos' (closed / cancelled by the POS), 'timeout' (left open past the abandoned-order timeout). */
  endedBy: 'pos' | 'timeout' | null;
  openedAt: number;
  updatedAt: number;
  /** Bounce-back coupons handed out with this order when it closed (decision 086): print each on the receipt. Absent: none. */
  issuedCoupons?: IssuedCoupon[];
}

export interface OrderApplyResult {
  verdict: CouponVerdict;
  /** True when this code was already on the order: nothing new was written. */
  duplicate: boolean;
  order: OrderView;
}

export interface OrderReturnResult {
  order: OrderView;
  /** What this return reversed, per coupon and line (pro rata of the line's modifier). */
  reversals: { redemptionId: string; lineId: string; quantity: number; amountMinor: number }[];
  /** Single-use coupons given back (the campaign's return policy 'reinstate'): their redemptions are voided. */
  reinstated: string[];
}

/**
 * Why an order call was refused: stable codes (the POS API's `error.details.reason`), beside the
 * API error code that gives the HTTP status.
 */
export const ORDER_REFUSALS = {
  total_mismatch: 'bad_request',
  duplicate_line_id: 'bad_request',
  order_not_found: 'not_found',
  order_not_open: 'conflict',
  already_closed: 'conflict',
  not_closed: 'conflict',
  coupon_not_on_order: 'not_found',
  unknown_line: 'bad_request',
  return_exceeds_sold: 'conflict',
  coupons_do_not_fit: 'conflict',
  idempotency_key_reused: 'conflict',
} as const;
export type OrderRefusal = keyof typeof ORDER_REFUSALS;

/** The till's basket id for a POS order. */
export const orderBasketId = (orderId: string) => `pos:${orderId}`;
