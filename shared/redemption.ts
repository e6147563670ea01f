import { z } from 'zod';
import { BasketSchema, type CouponType } from './campaign';
import { MinorSchema } from './money';
import { textProblem, tokenSchema } from './text';
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
  /**
   * The barcode kind the scanner or camera named ("QR Code", "Code 128"; from its AIM id or the
   * decoder), recorded with the redemption (audit log); absent for typed codes.
   */
  symbology: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII')
    .optional(),
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
      /** The campaign's name when the code was read (the cashier reads coupons by name). */
      campaignName?: string;
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

/** PostgreSQL's integer; every integer HQ stores in an integer column stays inside it. */
export const MAX_INT32 = 2 ** 31 - 1;
/** 9999-12-31T23:59:59.999Z. */
export const MAX_EPOCH_MS = 253_402_300_799_999;
/** Text in an upload: no NUL, control, bidi or lone-surrogate characters (a till never makes them; PostgreSQL refuses NUL). */
const UploadText = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `contains ${problem}` });
    });
const UploadId = tokenSchema(64);

/**
 * What a till sends HQ for one ledger entry (the outbox payload). HQ applies each exactly
 * once by `id`, however often it arrives.
 */
export const RedemptionUploadSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['redeem', 'void']),
  voidsId: z.string().uuid().nullable(),
  couponKey: z.string().regex(/^(s:\d{1,10}:\d{1,16}|p:[0-9a-f]{32})$/),
  campaignId: z.number().int().min(1).max(MAX_INT32),
  storeId: UploadId,
  tillId: UploadId,
  cashierId: UploadId,
  basketId: UploadId,
  basketTotalMinor: MinorSchema,
  discountMinor: MinorSchema,
  memberId: UploadText(64).nullable(),
  source: UploadText(32),
  hlc: z
    .string()
    .regex(/^\d{15}:\d{5}:.{1,64}$/)
    .superRefine((v, ctx) => {
      if (textProblem(v)) ctx.addIssue({ code: 'custom', message: 'the HLC node name has control characters' });
    }),
  /** Wall-clock time (display only): 1970 to the year 9999. */
  createdAt: z.number().int().min(0).max(MAX_EPOCH_MS),
  /** A void's reason: free text, newlines allowed (it may be several lines). */
  reason: z
    .string()
    .max(500)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, true);
      if (problem) ctx.addIssue({ code: 'custom', message: `contains ${problem}` });
    })
    .nullable(),
  approvedBy: UploadId.nullable(),
  /**
   * The till's outbox sequence number (1, 2, ...): HQ checks that a till's HLC times do not go
   * back in its own outbox order. Sent with each push, not kept in the payload; absent from older tills.
   */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  /** The campaign version (Campaign.version) the till decided with; absent from older tills or HQs. */
  campaignVersion: z.number().int().min(1).max(MAX_INT32).optional(),
  /** The amount the rule engine found eligible (before discounts): HQ recomputes the benefit from it. */
  eligibleMinor: MinorSchema.optional(),
  /** The POS receipt the redemption discounted, when the cashier typed one on the manual basket (issue 14); POS orders send theirs at close. */
  receiptNo: UploadText(64).optional(),
});
export type RedemptionUpload = z.infer<typeof RedemptionUploadSchema>;
