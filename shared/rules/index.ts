/**
 * The rule engine: decides whether a coupon is good on a basket, and what it is worth.
 * Pure functions: no clock, no I/O; everything the decision needs comes in as arguments.
 *
 * ORDER OF CHECKS (the first failing one is the reason, so the cashier hears the most useful one)
 *  1. campaign_ended      campaign.status is 'ended'.
 *  2. revoked             HQ revoked this code.
 *  3. holder binding      a holder-bound code needs an identified member (member_required when the
 *                         basket has no memberId or the caller gave no memberHolder) whose 8-byte
 *                         holder hash equals the code's (else wrong_holder).
 *  4. validity            not_yet_valid: now < rules.validFrom (UTC instant), or the store's LOCAL date
 *                         is before the code's issue day. expired: now >= rules.validUntil, or the local
 *                         date is after the code's expiry day (inclusive), or after issueDay +
 *                         daysAfterIssue (inclusive; ignored for plain codes, which have no issue day).
 *                         params.date: the first / last valid local date, YYYY-MM-DD.
 *  5. wrong_weekday       rules.weekdays (ISO, store time zone; empty = every day).
 *  6. outside_time_window rules.timeWindows (store time zone, start inclusive, end exclusive; end < start
 *                         wraps past midnight; start == end is the whole day). The after-midnight part of
 *                         a wrapping window belongs to the day it started on ("Fri 22:00-02:00" is good at
 *                         Sat 01:00, also for the weekday check). params.windows: "HH:MM-HH:MM, ...".
 *  7. wrong_store         on storesDeny, or a non-empty storesAllow without this store (empty = all stores).
 *  7b. tier_not_eligible rules.memberTiers set and non-empty, and basket.memberTier is absent or not among
 *                         them (params.tiers: "gold, platinum"). Tiers are compared exactly, as HQ wrote them.
 *  8. uses per code       codeUsesHere + codeUsesElsewhere >= usesPerCode: already_used_here when the
 *                         local uses alone reach it, else used_elsewhere.
 *  9. member limit        member_limit_reached when memberUses + coupons of this campaign already on the
 *                         basket >= perMemberLimit. DECISION: without an identified member the limit is not
 *                         applied (the brief: "per-member limits when a member is identified"); a campaign
 *                         that must be member-only should use holder-bound codes.
 * 10. campaign cap        campaign_cap_reached when campaignUses + this campaign's coupons on the basket >= cap.
 * 11. stacking            duplicate_in_basket: the same couponKey is already applied. not_stackable: this
 *                         coupon or any applied one is exclusive, or their groups differ (combinable coupons
 *                         without a group form one default group); params.withName: the applied coupon's campaign
 *                         it clashes with. basket_coupon_limit: the basket would hold
 *                         more coupons than the smallest maxPerBasket among this and the applied ones.
 * 12. scope               needs_items: the campaign has a product scope and the basket has no lines.
 *                         out_of_scope: no line is eligible (include lists match by SKU OR category; none set =
 *                         every line; exclusions always win).
 * 13. minimum spend       below_minimum_spend when the eligible amount BEFORE any discount is below
 *                         minSpendMinor. params: minSpendMinor, eligibleMinor, shortMinor.
 * 14. benefit             cash: amountOffMinor. percent: floor(open * bp / 10000), capped by capMinor, where
 *                         open is the eligible amount still open after the coupons applied before (so stacked
 *                         percentages compound). threshold: the highest tier whose minSpend <= the eligible
 *                         amount before discounts (below the lowest tier: below_minimum_spend with the lowest
 *                         tier's minSpend). gift: one unit of the SKU at its basket price when the basket has
 *                         lines (gift_item_missing when lines exist without it, params.sku), else
 *                         itemValueMinor; a gift's scope only decides what counts toward the minimum
 *                         spend ("spend 50 on dairy, get a bread free"), the gift item itself may lie
 *                         outside it. privilege: 0 (recorded, worth nothing off the basket).
 * 15. no_benefit          a cash, percent or threshold coupon whose discount comes to 0 (an empty basket total,
 *                         or lines already fully discounted by the coupons before it): a money coupon is never
 *                         used up for nothing. Gift and privilege coupons are not money off and never get it.
 *
 * MONEY. Integers only. A discount never exceeds what it applies to: it is capped by the amount still
 * open on its eligible lines (a gift: on its gift line) after the discounts of `applied`, replayed in order,
 * and by the basket's open total. With lines, each applied discount is taken from its own eligible lines
 * proportionally (remainders to the earliest lines), so a scoped coupon cannot take from lines another
 * coupon has zeroed. A coupon whose lines are already fully discounted is accepted with discountMinor 0;
 * the caller decides whether a zero-value redemption is worth the use. The sum of all discounts never
 * exceeds the basket total.
 *
 * NOT DECIDED HERE: reading codes (bad_format, misread, unsupported_version, bad_signature, unknown_key,
 * key_retired), looking them up (not_found, unknown_campaign) and the online claim (online_claim_required,
 * claimed_elsewhere, rules.requiresOnlineClaim) belong to the redemption service.
 *
 * INPUT. Campaigns and baskets are expected to be parsed with shared/campaign.ts schemas. UsageFacts count
 * committed redemptions only, never the coupons in `applied`. An unknown store time zone throws a
 * RangeError (refuse bad store settings with isValidTimeZone when they arrive).
 */
import type { Basket } from '../campaign';
import { eligibleLines, freshState, hasProductScope, lineAmount, takeDiscount } from './basket';
import { benefitDiscount } from './benefit';
import { checkHolder, checkStacking, checkStore, checkTier, checkUses, checkValidity, checkWeekdayAndWindow } from './checks';
import { localDateTime } from './localTime';
import type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext } from './types';

export type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext, UsageFacts } from './types';
export { localDateTime, isValidTimeZone, isoDateOfDay, dayOfDate, type LocalDateTime } from './localTime';

/**
 * Scope, minimum spend and benefit: the part of the decision that looks at the basket's contents.
 * Also used on its own to re-check coupons already redeemed on an order whose lines changed.
 */
export function evaluateOnBasket(candidate: CouponCandidate, basket: Basket, applied: readonly AppliedCoupon[]): Evaluation {
  const { campaign } = candidate;
  const state = freshState(basket);
  if (hasProductScope(campaign.rules) && !state.lines) return { ok: false, reason: 'needs_items' };
  let eligible = state.remainingTotal;
  if (state.lines) {
    const lines = state.lines;
    const indexes = eligibleLines(lines, campaign);
    if (indexes.length === 0) return { ok: false, reason: 'out_of_scope' };
    eligible = Math.min(
      indexes.reduce((s, i) => s + lineAmount(lines[i]!), 0),
      state.remainingTotal,
    );
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
const MONEY_OFF: ReadonlySet<string> = new Set(['cash', 'percent', 'threshold']);

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
