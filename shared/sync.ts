import { z } from 'zod';
import { nameSchema } from './text';
import type { RedemptionUploadSchema } from './redemption';
import { RuleSetUpdateSchema, StoreInfoSchema } from './ruleSet';

/**
 * The till <-> HQ sync contract: request and response bodies of HQ's sync API.
 * HQ validates requests with these schemas and the till validates HQ's answers with them,
 * so a malformed or hostile answer is refused before anything is applied.
 * See docs/hq-api.md for the protocol.
 */

const HlcText = z.string().regex(/^\d{15}:\d{5}:.{1,64}$/, 'expected an HLC timestamp');

/** Every HQ answer carries HQ's clock, so a till whose clock is hours off can fold it into its HLC. */
const HqTime = {
  /** HQ's hybrid-logical-clock time when it answered. */
  hqTime: HlcText,
};

/** POST /v1/enroll: a one-time enrollment token (from the HQ admin) for this till's own credential. */
export const EnrollRequestSchema = z.object({
  token: z.string().min(16).max(200),
  /** Free text shown to HQ admins, e.g. the till's host name. */
  deviceName: nameSchema(200).optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  tillId: z.string().min(1).max(64),
  storeId: z.string().min(1).max(64),
  /** Bearer credential for every later call. HQ keeps only its hash; the till must keep it safe. */
  credential: z.string().min(32).max(200),
  /** The till's store: name and time zone for its first-run configuration. */
  store: StoreInfoSchema,
  ...HqTime,
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/**
 * GET /v1/sync/pull?since=C&store=S&limit=N. The pull cursor is one version per change stream:
 * the chain's (`since`) and the till's store's (`store`). A till from before change streams sends
 * `since` alone: its one version V is the cursor (V, V) (docs/hq-api.md, decision 070).
 */
export const PullQuerySchema = z.object({
  /** The chain stream's version the till holds (0 with store 0 = nothing: the first page is a reset snapshot). */
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** The till's store stream's version (absent: the same as since). */
  store: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /**
   * The spent-list version the till holds (decision 072; 0: none yet). Present: the till takes the
   * spent lists (bitmaps) instead of one spentElsewhere entry per used-up code. Absent: as before.
   */
  spent: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** 1: the till reads plain-code spent lists as Rice-coded sets (decision 087); absent or 0: Roaring bitmaps only, as before. */
  rice: z.coerce.number().int().min(0).max(1).optional(),
  /** At most this many change-log entries in one page (HQ also caps items per page). */
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
  /** The till's rule engine version (shared/rules/engineVersion.ts); absent from older tills: 1. HQ holds back what it cannot figure. */
  engine: z.coerce.number().int().min(1).max(1_000).optional(),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

export const PullResponseSchema = z.object({
  /** One page of the rule set, or null when the till is up to date. */
  update: RuleSetUpdateSchema.nullable(),
  /** True when more pages follow: pull again with since = update.toVersion. */
  more: z.boolean(),
  /** HQ's latest chain-stream version when it answered. */
  head: z.number().int().min(0),
  /** The till's store stream's latest version (absent from HQs before change streams). */
  storeHead: z.number().int().min(0).optional(),
  ...HqTime,
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** POST /v1/sync/push: a batch of ledger entries from the outbox, in outbox order. */
export const PUSH_MAX_ITEMS = 1000;
export const PushRequestSchema = z.object({
  /** Each item is validated on its own, so one bad entry does not block the batch. */
  items: z.array(z.unknown()).min(1).max(PUSH_MAX_ITEMS),
});
export type PushRequest = { items: z.input<typeof RedemptionUploadSchema>[] };

/**
 * HQ's answer for one pushed item.
 * - applied: stored now (first time HQ saw this id);
 * - duplicate: HQ already had this id with the same content (nothing changed);
 * - rejected: not stored; `httpStatus` says why (400 invalid, 403 not this till's, 409 same id with different content).
 * The till removes applied and duplicate items from its outbox; a rejected one stays, flagged.
 */
export const PushItemResultSchema = z.object({
  id: z.string().max(100),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** HQ's current verdict on a redemption (absent for voids and rejected items). */
  verdict: z.enum(['accepted', 'conflict', 'resolved']).optional(),
  httpStatus: z.number().int().min(400).max(499).optional(),
  error: z.string().max(500).optional(),
});
export type PushItemResult = z.infer<typeof PushItemResultSchema>;

export const PushResponseSchema = z.object({
  results: z.array(PushItemResultSchema).max(PUSH_MAX_ITEMS),
  ...HqTime,
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/**
 * POST /v1/claim: claim a single-use code online just before redeeming it. When HQ says
 * `claimed` it holds one use of the code for this till for a short while (CLAIM_HOLD_MS) and
 * refuses the code to every other till's claim; the till's redemption, pushed later, takes
 * that use. When HQ says `refused` the till refuses the coupon. The till uses the answer only
 * if it arrives within its latency budget; otherwise it decides offline. HQ's conflict rule
 * (earliest HLC wins) still applies to every redemption, claimed or not.
 */
export const CLAIM_HOLD_MS = 120_000;
export const ClaimRequestSchema = z.object({
  /** Idempotency key: a retried claim with the same id gets the same answer. */
  claimId: z.string().uuid(),
  couponKey: z.string().regex(/^(s:\d{1,10}:\d{1,16}|p:[0-9a-f]{32})$/, 'expected a coupon key'),
  campaignId: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;

export const ClaimResponseSchema = z.object({
  decision: z.enum(['claimed', 'refused']),
  /** Why a claim was refused (a reason code of shared/reasons.ts). */
  reason: z.enum(['claimed_elsewhere', 'revoked', 'unknown_campaign', 'campaign_ended']).optional(),
  /** Uses left on the code after this claim, as HQ knows it. */
  usesLeft: z.number().int().min(0),
  ...HqTime,
});
export type ClaimResponse = z.infer<typeof ClaimResponseSchema>;

/** Every 4xx/5xx body from HQ. */
export const ErrorResponseSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
