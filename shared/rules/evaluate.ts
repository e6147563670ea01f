/** The engine's decision for one coupon, and for several in the order given (see index.ts for the semantics). */
import { LINE_MECHANICS, type Basket, type Campaign } from '../campaign';
import { freshState, hasProductScope, takeDiscount } from './basket';
import { benefitDiscount } from './benefit';
import { checkHolder, checkStacking, checkStore, checkTier, checkUses, checkValidity, checkWeekdayAndWindow } from './checks';
import { lineConditions } from './conditions';
import { localDateTime } from './localTime';
import type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext } from './types';

/** A campaign that can only be decided on the basket's lines. */
function needsLines(campaign: Campaign): boolean {
  return (
    hasProductScope(campaign.rules) ||
    campaign.rules.trigger !== undefined ||
    campaign.rules.minQuantity !== undefined ||
    LINE_MECHANICS.has(campaign.benefit.type)
  );
}

/**
 * Scope, conditions, minimum spend and benefit: the part of the decision that looks at the basket's
 * contents. `applied` are replayed in the order given (evaluateStack gives them in stacking order).
 * Also used on its own to re-check coupons already redeemed on an order whose lines changed.
 */
export function evaluateOnBasket(candidate: CouponCandidate, basket: Basket, applied: readonly AppliedCoupon[]): Evaluation {
  const { campaign } = candidate;
  const state = freshState(basket);
  if (needsLines(campaign) && !state.lines) return { ok: false, reason: 'needs_items' };
  let eligible = state.remainingTotal;
  if (state.lines) {
    const conditions = lineConditions(state, campaign);
    if (!conditions.ok) return conditions;
    eligible = conditions.eligibleMinor;
  }
  const minSpend = campaign.rules.minSpendMinor;
  if (minSpend !== undefined && eligible < minSpend) {
    return { ok: false, reason: 'below_minimum_spend', params: { minSpendMinor: minSpend, eligibleMinor: eligible, shortMinor: minSpend - eligible } };
  }
  for (const a of applied) takeDiscount(state, a.campaign, a.discountMinor);
  const result = benefitDiscount(campaign, eligible, state);
  if (result.ok && result.discountMinor === 0 && MONEY_OFF.has(campaign.benefit.type)) return { ok: false, reason: 'no_benefit' };
  return result;
}

/** Benefit types that are money off the basket: worth nothing, they are refused (no_benefit). */
const MONEY_OFF: ReadonlySet<string> = new Set(['cash', 'percent', 'threshold', 'multi_buy', 'cheapest_item', 'free_item']);

/**
 * Decides one coupon on a basket, given the coupons already accepted on it (`ctx.applied`, in order).
 * Never throws for a campaign or basket that passed their schemas (except an unknown time zone).
 */
export function evaluateCoupon(candidate: CouponCandidate, basket: Basket, ctx: EvaluationContext): Evaluation {
  const { campaign } = candidate;
  const rules = campaign.rules;
  if (campaign.status === 'ended') return { ok: false, reason: 'campaign_ended' };
  if (ctx.usage.revoked) return { ok: false, reason: 'revoked' };
  const hasMember = basket.memberId !== undefined && basket.memberId !== '';
  const local = localDateTime(ctx.now, ctx.store.timeZone);
  const refusal =
    checkHolder(candidate, hasMember, ctx.memberHolder) ??
    checkValidity(candidate, rules, ctx.now, local, ctx.store.timeZone) ??
    checkWeekdayAndWindow(rules, local) ??
    checkStore(rules, ctx.store.id) ??
    checkTier(rules, basket.memberTier) ??
    checkUses(candidate, hasMember, ctx) ??
    checkStacking(candidate, ctx.applied);
  return refusal ?? evaluateOnBasket(candidate, basket, ctx.applied);
}

/**
 * Decides several coupons on one basket, deterministically: candidates are considered in the given
 * order, each against those accepted before it (a refused one does not count). One Evaluation per
 * candidate, in the same order.
 */
export function evaluateBasket(
  candidates: CouponCandidate[],
  basket: Basket,
  ctxFor: (c: CouponCandidate) => Omit<EvaluationContext, 'applied'>,
): Evaluation[] {
  const applied: AppliedCoupon[] = [];
  return candidates.map((candidate) => {
    const result = evaluateCoupon(candidate, basket, { ...ctxFor(candidate), applied: applied.slice() });
    if (result.ok) applied.push({ couponKey: candidate.couponKey, campaign: candidate.campaign, discountMinor: result.discountMinor });
    return result;
  });
}
