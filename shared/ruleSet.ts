import { z } from 'zod';
import { CampaignSchema } from './campaign';
import { ROLES } from './permissions';
import { isCurrencyCode } from './format';
import { SpentListsSchema } from './spentList';

/**
 * A rule-set update as HQ sends it and the till applies it: one page of changes between
 * two versions of HQ's change log. The till applies a page only when `fromVersion` equals
 * the version it holds, all-or-nothing in one transaction; anything malformed or out of
 * order changes nothing and is refused with a reason.
 *
 * `fromVersion: 0` with `reset: true` is a full snapshot that replaces what the till holds.
 */

/** base64url without padding. */
const B64 = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

/** Coupon identity: `s:<campaignId>:<serial>` for signed codes, `p:<hash hex>` for plain codes. */
export const CouponKeySchema = z.string().regex(/^(s:\d{1,10}:\d{1,16}|p:[0-9a-f]{32})$/, 'expected a coupon key');
export type CouponKey = z.infer<typeof CouponKeySchema>;

export const SigningKeySchema = z.object({
  keyId: z.number().int().min(0).max(65_535),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: B64.length(43),
  status: z.enum(['active', 'retired']),
});
export type SigningKeyInfo = z.infer<typeof SigningKeySchema>;

export const StoreInfoSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1).max(64),
  /** ISO 4217 code of the store's currency, e.g. CNY. HQs before this field send none: the till keeps CNY. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code')
    .refine(isCurrencyCode, 'unknown currency')
    .optional(),
});
export type StoreInfo = z.infer<typeof StoreInfoSchema>;

/** One of the store's tills as HQ names it ("Till 2"): managers read tills by name, not by id. */
export const StoreTillSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
});
export type StoreTill = z.infer<typeof StoreTillSchema>;

/**
 * The redemption that won a code, as a manager reads it: which till (HQ's name for it), which
 * store, and when it was redeemed there. Bounds match what HQ accepts for till and store names.
 */
export const HqWinnerSchema = z.strictObject({
  tillId: z.string().min(1).max(64),
  /** The till's name at HQ (absent: show the id). */
  tillName: z.string().min(1).max(200).optional(),
  storeId: z.string().min(1).max(64),
  /** When the winning till redeemed it (its clock, UTC epoch ms). */
  redeemedAt: z.number().int().min(0).max(8_640_000_000_000_000),
});
export type HqWinner = z.infer<typeof HqWinnerSchema>;

/** HQ's verdict on one of this till's redemptions. */
export const HqVerdictSchema = z.object({
  redemptionId: z.string().uuid(),
  status: z.enum(['accepted', 'conflict', 'resolved']),
  /** For conflicts: the redemption that won the code. */
  winnerId: z.string().uuid().optional(),
  /** For conflicts: who won it and when (HQs before this field send only `winnerId`). */
  winner: HqWinnerSchema.optional(),
  resolution: z.enum(['accepted_as_loss', 'charged_back']).optional(),
  note: z.string().max(2000).optional(),
});
export type HqVerdict = z.infer<typeof HqVerdictSchema>;

/**
 * A user HQ manages, as the tills of its store (and, for chain-wide users, every till) receive it.
 * The PIN travels only as its scrypt hash ("scrypt$N$r$p$<salt>$<hash>", shared/auth/pinHash.ts),
 * which the till verifies offline. `disabled` also stands for "no longer one of this store's users".
 */
export const HqUserSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().min(1).max(80),
  role: z.enum(ROLES),
  pinHash: z
    .string()
    .max(200)
    .regex(/^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[A-Za-z0-9_-]{11,64}\$[A-Za-z0-9_-]{43}$/, 'expected an scrypt PIN hash'),
  disabled: z.boolean(),
  /** When HQ last changed this user (HQ's clock, epoch ms). */
  updatedAt: z.number().int().min(0),
});
export type HqUser = z.infer<typeof HqUserSchema>;

export const RuleSetUpdateSchema = z
  .object({
    formatVersion: z.literal(1),
    /** The chain stream's version the page starts from (HQs before change streams: the one log's). */
    fromVersion: z.number().int().min(0),
    toVersion: z.number().int().min(0),
    /** The till's store stream: where the page starts and ends (absent from HQs before change streams: then equal to the chain's). */
    storeFromVersion: z.number().int().min(0).optional(),
    storeToVersion: z.number().int().min(0).optional(),
    reset: z.boolean().default(false),
    store: StoreInfoSchema.optional(),
    campaigns: z.array(CampaignSchema).max(10_000).default([]),
    keys: z.array(SigningKeySchema).max(1_000).default([]),
    /** Codes HQ revoked. */
    revoked: z.array(CouponKeySchema).max(100_000).default([]),
    /** Uses of codes consumed at other tills, as HQ knows them (absolute counts, not increments). */
    spentElsewhere: z
      .array(z.object({ couponKey: CouponKeySchema, uses: z.number().int().min(0) }))
      .max(100_000)
      .default([]),
    /** Plain-code allow-list additions: 16-byte hash (base64url) of the normalised code, and its campaign. */
    plainCodes: z
      .array(z.object({ hash: B64.length(22), campaignId: z.number().int().min(1) }))
      .max(200_000)
      .default([]),
    plainCodesRemoved: z.array(B64.length(22)).max(200_000).default([]),
    verdicts: z.array(HqVerdictSchema).max(100_000).default([]),
    /** Users HQ manages for this till: added or changed since `fromVersion` (a reset: all of them). */
    users: z.array(HqUserSchema).max(100_000).default([]),
    /** Every till of the store, when it changed since `fromVersion` (the whole list; HQs before this field send none). */
    tills: z.array(StoreTillSchema).max(1_000).optional(),
    /** The spent lists' changes since the till's spent version (only to tills that ask, shared/spentList.ts). */
    spentLists: SpentListsSchema.optional(),
  })
  .refine((u) => (u.storeFromVersion === undefined) === (u.storeToVersion === undefined), {
    message: 'storeFromVersion and storeToVersion come together',
  })
  .refine((u) => u.toVersion >= u.fromVersion && (u.storeToVersion ?? 0) >= (u.storeFromVersion ?? 0), { message: 'a page never goes back' })
  .refine((u) => u.toVersion > u.fromVersion || (u.storeToVersion ?? 0) > (u.storeFromVersion ?? 0) || u.spentLists !== undefined, {
    message: 'toVersion must be greater than fromVersion (or storeToVersion than storeFromVersion, or the page carries spent lists)',
  })
  .refine((u) => !u.reset || (u.fromVersion === 0 && (u.storeFromVersion ?? 0) === 0), { message: 'a reset snapshot starts from version 0' });
export type RuleSetUpdate = z.infer<typeof RuleSetUpdateSchema>;
export type RuleSetUpdateInput = z.input<typeof RuleSetUpdateSchema>;
