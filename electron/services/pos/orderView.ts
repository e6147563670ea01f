import type { Basket, Campaign } from '../../../shared/campaign';
import type { RedemptionRecord } from '../../../shared/redemption';
import { evaluateOnBasket, type AppliedCoupon } from '../../../shared/rules';
import { checkTier } from '../../../shared/rules/checks';
import { basketLineOf, orderEffects } from '../../../shared/pos/effects';
import type { OrderEffects, OrderModifier, OrderView } from '../../../shared/pos/orders';
import type { OrderRow } from '../../db/repos/posOrders';
import { benefitText } from '../couponLookup';

/** The basket the rule engine sees for an order. */
export function basketOf(order: Pick<OrderRow, 'basketId' | 'lines' | 'memberId' | 'memberTier'>): Basket {
  const lines = order.lines.map(basketLineOf);
  return {
    id: order.basketId,
    totalMinor: lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0),
    lines,
    ...(order.memberId ? { memberId: order.memberId } : {}),
    ...(order.memberTier ? { memberTier: order.memberTier } : {}),
  };
}

/**
 * The effects of the live coupons on an open order's current lines, each coupon re-checked on them
 * (given the coupons before it): flagged when its condition no longer holds, when it would now be
 * worth another amount, or when its discount no longer fits the lines.
 */
export function currentEffects(order: OrderRow, coupons: readonly RedemptionRecord[], campaignOf: (id: number) => Campaign | undefined): OrderEffects {
  const { lines, taken } = orderEffects(
    order.lines,
    coupons.map((r) => ({
      redemptionId: r.id,
      campaignId: r.campaignId,
      discountMinor: r.discountMinor,
      ...(campaignOf(r.campaignId) ? { campaign: campaignOf(r.campaignId)! } : {}),
    })),
  );
  const basket = basketOf(order);
  const applied: AppliedCoupon[] = [];
  const modifiers = coupons.map((r): OrderModifier => {
    const campaign = campaignOf(r.campaignId);
    const fits = taken.get(r.id) ?? 0;
    let flagged: OrderModifier['flagged'];
    if (fits !== r.discountMinor) {
      flagged = { reason: 'discount_exceeds_lines', params: { discountMinor: r.discountMinor, fitsMinor: fits } };
    } else if (campaign) {
      const check = checkTier(campaign.rules, basket.memberTier) ?? evaluateOnBasket({ couponKey: r.couponKey, campaign }, basket, applied);
      if (!check.ok) flagged = { reason: check.reason, ...(check.params ? { params: check.params } : {}) };
      else if (check.discountMinor !== r.discountMinor)
        flagged = { reason: 'discount_changed', params: { discountMinor: r.discountMinor, nowMinor: check.discountMinor } };
    }
    if (campaign) applied.push({ couponKey: r.couponKey, campaign, discountMinor: r.discountMinor });
    const text = campaign ? benefitText(campaign) : undefined;
    return {
      redemptionId: r.id,
      couponKey: r.couponKey,
      campaignId: r.campaignId,
      campaignName: campaign?.name ?? `#${r.campaignId}`,
      type: campaign?.benefit.type ?? 'cash',
      amountMinor: fits,
      ...(text ? { benefitText: text } : {}),
      ...(flagged ? { flagged } : {}),
    };
  });
  const totalMinor = basket.totalMinor;
  const discountMinor = lines.reduce((s, l) => s + l.discountMinor, 0);
  return { lines, coupons: modifiers, discountMinor, totalMinor, netMinor: totalMinor - discountMinor };
}

/** Effects with nothing applied (a cancelled order: every coupon was voided). */
export function noEffects(order: OrderRow): OrderEffects {
  return currentEffects(order, [], () => undefined);
}

export function viewOf(order: OrderRow, effects: OrderEffects, returned: Map<string, number>, reversedMinor: number): OrderView {
  return {
    orderId: order.orderId,
    state: order.state,
    lines: order.lines,
    memberId: order.memberId,
    memberTier: order.memberTier,
    effects,
    receiptNo: order.receiptNo,
    paidTotalMinor: order.paidTotalMinor,
    returned: [...returned].map(([lineId, quantity]) => ({ lineId, quantity })),
    reversedMinor,
    endedBy: order.endedBy,
    openedAt: order.openedAt,
    updatedAt: order.updatedAt,
  };
}
