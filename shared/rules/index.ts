/**
 * The rule engine: decides whether a coupon is good on a basket, and what it is worth.
 * Pure functions: no clock, no I/O; everything the decision needs comes in as arguments.
 *
 * ORDER OF CHECKS (the first failing one is the reason, so the cashier hears the most useful one)
 *  0. till_update_needed campaign.engineVersion is above this engine's (an ended stand-in HQ sent, decision 083).
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
 * 12. lines needed      needs_items: the campaign has a product scope, a trigger, a minimum quantity or a unit
 *                         mechanic (multi_buy, cheapest_item, free_item) and the basket has no lines.
 * 12b. trigger            trigger_item_missing: fewer than trigger.minQuantity units of the trigger products
 *                         (params.items, shortQuantity). The trigger is separate from the scope (what is discounted).
 * 12c. scope              out_of_scope: no line is eligible (include lists match by SKU OR category, where a
 *                         line's category path counts: "dairy" covers a line whose path holds it; none set =
 *                         every line; exclusions always win). Deposit and fee lines (line.kind) are never eligible.
 * 12d. minimum quantity   below_minimum_quantity: fewer than minQuantity units in scope (params: minQuantity,
 *                         quantity, shortQuantity). What counts is what the customer pays for: the units a gift or
 *                         a free item gives away are left out, here and for the minimum spend.
 * 13. minimum spend       below_minimum_spend when the eligible amount BEFORE any discount is below
 *                         minSpendMinor. params: minSpendMinor, eligibleMinor, shortMinor.
 * 14. benefit             cash: amountOffMinor. percent: open * bp / 10000 rounded HALF-UP to the minor unit,
 *                         capped by capMinor, where open is the eligible amount still open after the coupons
 *                         applied before (so stacked percentages compound). threshold: the highest tier whose
 *                         minSpend <= the eligible amount before discounts (below the lowest tier:
 *                         below_minimum_spend with the lowest tier's minSpend). gift: one unit of the SKU at its
 *                         basket price when the basket has lines (gift_item_missing when lines exist without
 *                         it, params.sku), else itemValueMinor; a gift's scope only decides what counts toward the
 *                         minimum spend ("spend 50 on dairy, get a bread free"), the gift item itself may lie
 *                         outside it. privilege: 0. The unit mechanics (shared/rules/mechanics.ts): multi_buy
 *                         (multi_buy_incomplete without one full set, params more, free), cheapest_item,
 *                         free_item (free_item_missing without a line of its group, params.items).
 * 15. no_benefit          a money coupon (cash, percent, threshold, a unit mechanic) whose discount comes to 0:
 *                         a money coupon is never used up for nothing. Gift and privilege never get it.
 *
 * STACK ORDER. evaluateCoupon and evaluateBasket take the coupons before in the order given (scan order);
 * evaluateStack and restack (shared/rules/stacking.ts) figure every coupon on a basket in stack order, so
 * the figures do not depend on the scan order or the line order (docs/decisions/080).
 *
 * MONEY. Integers only. A discount never exceeds what it applies to: it is capped by the amount still
 * open on its eligible lines (a gift: on its gift line) after the discounts of `applied`, replayed in order,
 * and by the basket's open total. With lines, each applied discount is taken from its own lines (a
 * whole-amount discount from its eligible lines proportionally, a unit mechanic from its plan's lines;
 * remainders by largest fraction, ties by a canonical line order), so a scoped coupon cannot take from
 * lines another coupon has zeroed, and the split never depends on the order of the lines. A coupon whose lines are already fully discounted is accepted with discountMinor 0;
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
export { evaluateBasket, evaluateCoupon, evaluateOnBasket, ruleRefusal } from './evaluate';
export type { AppliedCoupon, CouponCandidate, Evaluation, EvaluationContext, UsageFacts } from './types';
export { localDateTime, isValidTimeZone, isoDateOfDay, dayOfDate, type LocalDateTime } from './localTime';
export { ENGINE_VERSION, engineVersionNeeded, heldBackCampaign } from './engineVersion';
export { evaluateStack, restack, stackingRank, inStackOrder, compareStack, type Restacked } from './stacking';
