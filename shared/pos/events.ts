import type { CouponVerdict } from '../redemption';
import type { OrderModifier, OrderView } from './orders';

/**
 * What the till tells a paired POS as it happens (GET /pos/v1/events, server-sent events): the
 * order after every change (also the till's own scanner applying a code, and the timeout), each
 * apply's verdict, a coupon applied, coupons flagged when the lines changed under them.
 */
export type PosEvent =
  | { type: 'order.updated'; orderId: string; order: OrderView }
  | { type: 'verdict'; orderId: string; source: string; verdict: CouponVerdict }
  | { type: 'coupon.applied'; orderId: string; coupon: OrderModifier }
  | { type: 'coupon.flagged'; orderId: string; coupons: OrderModifier[] };

export type PosEventType = PosEvent['type'];
