import type { Basket, Campaign } from '../../../shared/campaign';
import type { RedemptionRecord } from '../../../shared/redemption';
import { inStackOrder, restack } from '../../../shared/rules';
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
 * The effects of the live coupons on an open order's current lines, figured in STACK ORDER
 * (decision 080: never in scan order), each coupon re-checked on them: flagged when its condition
 * no longer holds, when it would now be worth another amount, or when its discount no longer fits
 * the lines. The modifiers are listed in the order the coupons were redeemed.
 */
export function currentEffects(order: OrderRow, coupons: readonly RedemptionRecord[], campaignOf: (id: number) => Campaign | undefined): OrderEffects {
  const known = coupons.map((r) => ({ r, campaign: campaignOf(r.campaignId) }));
  const stacked = inStackOrder(known.map(({ r, campaign }) => ({ r, couponKey: r.couponKey, campaign: campaign ?? UNKNOWN })));
  const { lines, taken } = orderEffects(
    order.lines,
    stacked.map(({ r, campaign }) => ({
      redemptionId: r.id,
      campaignId: r.campaignId,
      discountMinor: r.discountMinor,
      ...(campaign !== UNKNOWN ? { campaign } : {}),
    })),
  );
  const basket = basketOf(order);
  const applied = known.flatMap(({ r, campaign }) => (campaign ? [{ couponKey: r.couponKey, campaign, discountMinor: r.discountMinor }] : []));
  const now = new Map(restack(applied, basket).map((x) => [x.couponKey, x.now]));
  const modifiers = known.map(({ r, campaign }): OrderModifier => {
    const fits = taken.get(r.id) ?? 0;
    let flagged: OrderModifier['flagged'];
    const check = campaign ? (checkTier(campaign.rules, basket.memberTier) ?? now.get(r.couponKey)!) : null;
    if (fits !== r.discountMinor) {
      // It cannot close like this; the condition that broke, when one did, says what to do ("buy 1 more").
      const why = check && !check.ok ? { condition: check.reason, ...check.params } : {};
      flagged = { reason: 'discount_exceeds_lines', params: { discountMinor: r.discountMinor, fitsMinor: fits, ...why } };
    } else if (check) {
      if (!check.ok) flagged = { reason: check.reason, ...(check.params ? { params: check.params } : {}) };
      else if (check.discountMinor !== r.discountMinor)
        flagged = { reason: 'discount_changed', params: { discountMinor: r.discountMinor, nowMinor: check.discountMinor } };
    }
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

/** Stands in, for the stack order only, for a campaign the till no longer holds: it goes last, as a whole-order amount. */
const UNKNOWN: Campaign = {
  id: Number.MAX_SAFE_INTEGER,
  name: '-',
  benefit: { type: 'cash', amountOffMinor: 1 },
  rules: { usesPerCode: 1, stacking: { mode: 'exclusive', priority: Number.MAX_SAFE_INTEGER }, requiresOnlineClaim: false },
  status: 'active',
};

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
