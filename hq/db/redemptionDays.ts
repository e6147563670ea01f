import { storeDayOf } from '../../shared/storeDay';

/** A redemption's row in redemption_days (HQ migration 23), from the body its till sent: kept apart from the migration so services never import a migration (migrations.ts imports those, and a cycle would leave HQ_MIGRATIONS with holes). */

/** A redemption's store day (its till's wall clock, in the store's zone), kind, discount and POS order (basket `pos:<orderId>`). */
export function redemptionDayRow(r: { id: string; store_id: string; till_id: string; body: string }, timeZone: string) {
  const body = JSON.parse(r.body) as { kind?: string; basketId?: string; createdAt?: number; discountMinor?: number; receiptNo?: string };
  return {
    redemption_id: r.id,
    store_id: r.store_id,
    till_id: r.till_id,
    day: storeDayOf(body.createdAt ?? 0, timeZone),
    kind: body.kind === 'void' ? 'void' : 'redeem',
    discount_minor: body.discountMinor ?? 0,
    order_id: orderIdOfBasket(body.basketId),
    receipt_no: body.receiptNo ?? null,
  };
}

/** The POS order a basket id names (`pos:<orderId>`, electron/services/pos), or null for a manual basket. */
export function orderIdOfBasket(basketId: string | undefined): string | null {
  return basketId?.startsWith('pos:') ? basketId.slice(4) : null;
}
