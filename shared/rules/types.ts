import type { Campaign } from '../campaign';
import type { ReasonCode } from '../reasons';

/** One code presented at the till, already read and matched to its campaign. */
export interface CouponCandidate {
  /** `s:<campaignId>:<serial>` or `p:<hash hex>` (see shared/ruleSet.ts). */
  couponKey: string;
  campaign: Campaign;
  /** Signed codes: issue day, whole days since 2020-01-01. Plain codes have none. */
  issueDay?: number;
  /** Signed codes: last valid day (inclusive), whole days since 2020-01-01. */
  expiryDay?: number;
  /** Signed codes bound to a holder: the 8-byte holder hash. */
  holder?: Uint8Array;
}

/**
 * What the till knows about past uses, from its ledger and the last rule-set pull.
 * These count COMMITTED redemptions only; coupons in `EvaluationContext.applied` (accepted on the
 * basket but not yet redeemed) are counted by the engine and must not be included here.
 */
export interface UsageFacts {
  /** Uses of this code in this till's ledger (not voided). */
  codeUsesHere: number;
  /** Uses of this code at other tills, as HQ reported them. */
  codeUsesElsewhere: number;
  /** HQ revoked this code. */
  revoked: boolean;
  /** Redemptions of this campaign by the basket's member (0 when no member). */
  memberUses: number;
  /** Redemptions of this campaign, as far as this till knows. */
  campaignUses: number;
}

/** A coupon already accepted on this basket, with the discount it was given. */
export interface AppliedCoupon {
  couponKey: string;
  campaign: Campaign;
  discountMinor: number;
}

export interface EvaluationContext {
  /** UTC epoch ms. */
  now: number;
  store: { id: string; timeZone: string };
  usage: UsageFacts;
  /** Coupons already accepted on this basket, in the order they were accepted. */
  applied: AppliedCoupon[];
  /** The 8-byte holder hash of basket.memberId, computed by the caller; absent when no member. */
  memberHolder?: Uint8Array;
}

/**
 * The engine's answer for one coupon on one basket.
 * ok: `discountMinor` is what the coupon takes off now (after the coupons applied before it);
 * `eligibleMinor` is the amount it applies to BEFORE any discounts (what the minimum spend is checked on).
 */
export type Evaluation =
  { ok: true; discountMinor: number; eligibleMinor: number } | { ok: false; reason: ReasonCode; params?: Record<string, string | number> };

/** A refusal, as the check helpers return it. */
export type Refusal = Extract<Evaluation, { ok: false }>;
