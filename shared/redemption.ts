import { z } from 'zod';
import { BasketSchema, type CouponType } from './campaign';
import type { ReasonCode } from './reasons';
import { ScanSourceSchema } from './scan';

/**
 * The redemption service's requests and answers. The same schemas are the IPC request
 * schemas (shared/ipc) and are validated in main before the service sees them.
 */

export const ValidateRequestSchema = z.object({
  /** The scanned or typed code text, as read. */
  code: z.string().min(1).max(512),
  basket: BasketSchema,
  source: ScanSourceSchema.default('manual'),
});
export type ValidateRequest = z.infer<typeof ValidateRequestSchema>;

export const RedeemRequestSchema = ValidateRequestSchema.extend({
  /** Client-made idempotency key: the same requestId never redeems twice. */
  requestId: z.string().uuid().optional(),
});
export type RedeemRequest = z.infer<typeof RedeemRequestSchema>;

export const VoidRequestSchema = z.object({
  redemptionId: z.string().uuid(),
  reason: z.string().trim().min(3).max(500),
});
export type VoidRequest = z.infer<typeof VoidRequestSchema>;

/** The verdict a cashier sees. */
export type CouponVerdict =
  | {
      ok: true;
      couponKey: string;
      campaignId: number;
      campaignName: string;
      type: CouponType;
      /** Amount taken off this basket, minor units (0 for privilege). */
      discountMinor: number;
      /** For gift and privilege coupons: what to hand over / grant. */
      benefitText?: string;
    }
  | {
      ok: false;
      reason: ReasonCode;
      /** Values for the reason message, e.g. { minSpendMinor: 9900 }. */
      params?: Record<string, string | number>;
      couponKey?: string;
      campaignId?: number;
    };

export type SyncState = 'pending' | 'accepted' | 'conflict' | 'resolved';

/** One ledger entry: a redemption or the void of one. */
export interface RedemptionRecord {
  id: string;
  kind: 'redeem' | 'void';
  /** For a void: the redemption it voids. */
  voidsId: string | null;
  couponKey: string;
  campaignId: number;
  storeId: string;
  tillId: string;
  cashierId: string;
  basketId: string;
  basketTotalMinor: number;
  discountMinor: number;
  memberId: string | null;
  source: string;
  /** Hybrid logical clock time of the event (orders events across tills). */
  hlc: string;
  /** Wall-clock time, UTC epoch ms (display only; ordering uses hlc). */
  createdAt: number;
  reason: string | null;
  /** Who approved a manager override, when one was used. */
  approvedBy: string | null;
  syncState: SyncState;
  /** True once HQ has acknowledged receipt. */
  synced: boolean;
  voided: boolean;
}

export interface RedeemResult {
  verdict: CouponVerdict;
  /** Present when accepted: the durable ledger entry (written before this answer). */
  redemption?: RedemptionRecord;
  /** True when this scan repeated one already redeemed (same requestId, or same code on the same basket): nothing new was written. */
  duplicate: boolean;
}

/**
 * What a till sends HQ for one ledger entry (the outbox payload). HQ applies each exactly
 * once by `id`, however often it arrives.
 */
export const RedemptionUploadSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['redeem', 'void']),
  voidsId: z.string().uuid().nullable(),
  couponKey: z.string().regex(/^(s:\d{1,10}:\d{1,16}|p:[0-9a-f]{32})$/),
  campaignId: z.number().int().min(1),
  storeId: z.string().min(1).max(64),
  tillId: z.string().min(1).max(64),
  cashierId: z.string().min(1).max(64),
  basketId: z.string().min(1).max(64),
  basketTotalMinor: z.number().int().min(0),
  discountMinor: z.number().int().min(0),
  memberId: z.string().max(64).nullable(),
  source: z.string().max(32),
  hlc: z.string().regex(/^\d{15}:\d{5}:.{1,64}$/),
  createdAt: z.number().int(),
  reason: z.string().max(500).nullable(),
  approvedBy: z.string().max(64).nullable(),
});
export type RedemptionUpload = z.infer<typeof RedemptionUploadSchema>;
