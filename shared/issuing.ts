import { z } from 'zod';
import type { Campaign } from './campaign';
import { MinorSchema } from './money';
import { MAX_EPOCH_MS } from './redemption';
import { CouponKeySchema } from './ruleSet';
import { tokenSchema } from './text';

/**
 * Bounce-back coupons (mechanic 8, decision 086): HQ signs each till a block of a bounce-back
 * campaign's codes; the till hands them out offline, one per qualifying closed order, and reports
 * each one it handed out. `POST /v1/sync/issuing` carries both ways in one call.
 */

export const ISSUING_MAX_REPORTS = 500;

/** One code the till handed out: on which basket (order), for what paid total, when. */
export const IssuedReportSchema = z.strictObject({
  couponKey: CouponKeySchema,
  basketId: tokenSchema(64),
  receiptNo: tokenSchema(64).optional(),
  paidMinor: MinorSchema,
  issuedAt: z.number().int().min(0).max(MAX_EPOCH_MS),
});
export type IssuedReport = z.infer<typeof IssuedReportSchema>;

export const IssuingRequestSchema = z.strictObject({
  issued: z.array(IssuedReportSchema).max(ISSUING_MAX_REPORTS),
});
export type IssuingRequest = z.infer<typeof IssuingRequestSchema>;

/** A code of the till's blocks it has not handed out yet (signed by HQ, an ordinary signed code). */
export const HeldCodeSchema = z.strictObject({
  campaignId: z.number().int().min(1),
  couponKey: CouponKeySchema,
  code: z.string().min(1).max(400),
  expiryDay: z.number().int().min(0).max(65_535),
});
export type HeldCode = z.infer<typeof HeldCodeSchema>;

export const IssuingResponseSchema = z.strictObject({
  /** Reports HQ holds now (new or already held). */
  accepted: z.array(CouponKeySchema),
  /** Reports HQ will not take: not a code of one of this till's blocks. */
  refused: z.array(z.strictObject({ couponKey: z.string().max(100), reason: z.string().max(100) })),
  /** Every code of this till's blocks not yet handed out and not expired: what the till may hand out. */
  held: z.array(HeldCodeSchema).max(20_000),
});
export type IssuingResponse = z.infer<typeof IssuingResponseSchema>;

/** Does this bounce-back campaign hand out codes at this store now (not ended, its store lists, its window)? HQ and the till both ask. */
export function issuesAt(c: Campaign, storeId: string, now: number): boolean {
  const r = c.rules;
  if (!r.bounceBack || c.status === 'ended') return false;
  if (r.storesDeny?.includes(storeId)) return false;
  if (r.storesAllow && r.storesAllow.length > 0 && !r.storesAllow.includes(storeId)) return false;
  if (r.validFrom !== undefined && now < r.validFrom) return false;
  return r.validUntil === undefined || now < r.validUntil;
}

/** A bounce-back code handed out with an order: what the POS prints on the receipt. */
export interface IssuedCoupon {
  couponKey: string;
  campaignId: number;
  campaignName: string;
  code: string;
  /** The last day it is good for (days since 2020-01-01, the store's calendar day). */
  expiryDay: number;
}
