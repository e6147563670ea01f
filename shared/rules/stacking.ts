/**
 * Stacking order: the figures of the coupons on one basket never depend on the order they were
 * scanned in, or on the order of the basket's lines.
 *
 * Every coupon on a basket is evaluated in STACK ORDER: by its campaign's stacking priority (lower
 * first), then by campaign id, then by coupon key. A campaign without a priority gets its class's:
 *   100 unit mechanics (gift, free item, cheapest item, multi-buy): they price items, so they go first;
 *   200 percentages on some products (a scope or a trigger);   300 fixed amounts on some products;
 *   400 percentages on the whole basket;                      500 fixed amounts on the whole basket;
 *   600 privileges (worth nothing off the basket).
 * So line-level comes before order-level and percentages before fixed amounts: 10.00 cash and 10%
 * on a 100.00 basket give 80.00 whichever is scanned first.
 */
import type { Basket, Campaign } from '../campaign';
import { hasProductScope } from './lines';
import { takeDiscount } from './basket';
import { copyState, evaluateOnState, ruleRefusal } from './evaluate';
import { freshState } from './lines';
import type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext } from './types';

/** A campaign's place in the stack (lower first): its stacking priority, or its class's default. */
export function stackingRank(campaign: Campaign): number {
  const explicit = campaign.rules.stacking?.priority;
  if (explicit !== undefined) return explicit;
  const type = campaign.benefit.type;
  if (type === 'privilege') return 600;
  if (type !== 'cash' && type !== 'percent' && type !== 'threshold') return 100;
  const lineLevel = hasProductScope(campaign.rules) || campaign.rules.trigger !== undefined;
  return (lineLevel ? 200 : 400) + (type === 'percent' ? 0 : 100);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stack order of two coupons: rank, campaign id, coupon key. */
export function compareStack(a: { couponKey: string; campaign: Campaign }, b: { couponKey: string; campaign: Campaign }): number {
  return stackingRank(a.campaign) - stackingRank(b.campaign) || a.campaign.id - b.campaign.id || compareText(a.couponKey, b.couponKey);
}

/** The coupons in stack order (a new array). */
export function inStackOrder<T extends { couponKey: string; campaign: Campaign }>(coupons: readonly T[]): T[] {
  return [...coupons].sort(compareStack);
}

/**
 * Decides every coupon on a basket in stack order, each against those accepted before it in that
 * order: the same results for any order of `candidates` and of the basket's lines. One Evaluation
 * per candidate, in the order given.
 */
export function evaluateStack(
  candidates: readonly CouponCandidate[],
  basket: Basket,
  ctxFor: (c: CouponCandidate) => Omit<EvaluationContext, 'applied'>,
): Evaluation[] {
  const order = candidates.map((c, i) => ({ c, i, couponKey: c.couponKey, campaign: c.campaign })).sort(compareStack);
  const results: Evaluation[] = new Array<Evaluation>(candidates.length);
  const applied: AppliedCoupon[] = [];
  // One running state, each accepted discount taken once: the same as replaying `applied` for each.
  const fresh = freshState(basket);
  const open = copyState(fresh);
  for (const { c, i } of order) {
    const result = ruleRefusal(c, basket, { ...ctxFor(c), applied }) ?? evaluateOnState(c, fresh, open);
    if (result.ok) {
      takeDiscount(open, c.campaign, result.discountMinor);
      applied.push({ couponKey: c.couponKey, campaign: c.campaign, discountMinor: result.discountMinor });
    }
    results[i] = result;
  }
  return results;
}

/** A recorded coupon's figure, recomputed on the basket as it is now. */
export interface Restacked {
  couponKey: string;
  /** The figure recorded with the redemption. */
  recordedMinor: number;
  /** The figure now (ok), or why it no longer holds. */
  now: Evaluation;
  /** True when `now` is not the recorded figure: an amendment is due (docs/decisions/080-restacking-recorded-redemptions.md). */
  changed: boolean;
}

/**
 * The coupons already on a basket, recomputed in stack order on its current lines (after a coupon
 * or a line was added or removed). Their time, store and usage rules were decided when each was
 * redeemed and are not re-checked here; the basket's conditions and the figures are. A coupon that
 * no longer holds does not count for those after it. Returned in stack order.
 */
export function restack(coupons: readonly AppliedCoupon[], basket: Basket): Restacked[] {
  const fresh = freshState(basket);
  const open = copyState(fresh);
  return inStackOrder(coupons).map((c) => {
    const now = evaluateOnState({ couponKey: c.couponKey, campaign: c.campaign }, fresh, open);
    if (now.ok) takeDiscount(open, c.campaign, now.discountMinor);
    return { couponKey: c.couponKey, recordedMinor: c.discountMinor, now, changed: !now.ok || now.discountMinor !== c.discountMinor };
  });
}
