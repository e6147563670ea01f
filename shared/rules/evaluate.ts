/** The engine's decision for one coupon, and for several in the order given (see index.ts for the semantics). */
import { LINE_MECHANICS, type Basket, type Campaign } from '../campaign';
import { freshState, hasProductScope, takeDiscount, type BasketState } from './basket';
import { benefitDiscount } from './benefit';
import { checkHolder, checkStacking, checkStore, checkTier, checkUses, checkValidity, checkWeekdayAndWindow } from './checks';
import { lineConditions } from './conditions';
import { beyondThisEngine } from './engineVersion';
import { localDateTime } from './localTime';
import type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext, Refusal } from './types';

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
  const fresh = freshState(basket);
  const open = copyState(fresh);
  for (const a of applied) takeDiscount(open, a.campaign, a.discountMinor);
  return evaluateOnState(candidate, fresh, open);
}

export function copyState(state: BasketState): BasketState {
  return { lines: state.lines, remaining: state.remaining.slice(), remainingTotal: state.remainingTotal };
}

/** evaluateOnBasket on the basket before any coupon (`fresh`, read only) and what the coupons before this one left (`open`, read only). */
export function evaluateOnState(candidate: CouponCandidate, fresh: BasketState, open: BasketState): Evaluation {
  const { campaign } = candidate;
  if (needsLines(campaign) && !fresh.lines) return { ok: false, reason: 'needs_items' };
  let eligible = fresh.remainingTotal;
  if (fresh.lines) {
    const conditions = lineConditions(fresh, campaign);
    if (!conditions.ok) return conditions;
    eligible = conditions.eligibleMinor;
  }
  const minSpend = campaign.rules.minSpendMinor;
  if (minSpend !== undefined && eligible < minSpend) {
    return { ok: false, reason: 'below_minimum_spend', params: { minSpendMinor: minSpend, eligibleMinor: eligible, shortMinor: minSpend - eligible } };
  }
  const result = benefitDiscount(campaign, eligible, open);
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
  return ruleRefusal(candidate, basket, ctx) ?? evaluateOnBasket(candidate, basket, ctx.applied);
}

/** Checks 1-11 (everything but the basket's contents): the first refusal, or null. */
export function ruleRefusal(candidate: CouponCandidate, basket: Basket, ctx: EvaluationContext): Refusal | null {
  const { campaign } = candidate;
  const rules = campaign.rules;
  if (beyondThisEngine(campaign)) return { ok: false, reason: 'till_update_needed', params: { engineVersion: campaign.engineVersion! } };
  if (campaign.status === 'ended') return { ok: false, reason: 'campaign_ended' };
  if (ctx.usage.revoked) return { ok: false, reason: 'revoked' };
  const hasMember = basket.memberId !== undefined && basket.memberId !== '';
  const local = localDateTime(ctx.now, ctx.store.timeZone);
  return (
    checkHolder(candidate, hasMember, ctx.memberHolder) ??
    checkValidity(candidate, rules, ctx.now, local, ctx.store.timeZone) ??
    checkWeekdayAndWindow(rules, local) ??
    checkStore(rules, ctx.store.id) ??
    checkTier(rules, basket.memberTier) ??
    checkUses(candidate, hasMember, ctx) ??
    checkStacking(candidate, ctx.applied)
  );
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
