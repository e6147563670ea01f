import { z } from 'zod';
import { MinorSchema } from './money';
import { OrderPushItemResultSchema } from './orderSync';
import { MAX_EPOCH_MS } from './redemption';
import { PUSH_MAX_ITEMS } from './sync';
import { tokenSchema } from './text';

/**
 * What a till tells HQ when it amended a recorded redemption's figure (decisions 080, 082): the
 * coupons on an open basket were figured again in stack order after a coupon or a line was added or
 * removed, and this redemption's discount moved from `beforeMinor` to `afterMinor`. Pushed to
 * POST /v1/sync/amendments after the redemption push; HQ applies each once by `id`, and the
 * amendment with the latest HLC time sets the redemption's figure.
 */
const Id = tokenSchema(64);

export const AMEND_REASONS = ['restacked', 'lines_changed'] as const;

export const AmendmentUploadSchema = z.strictObject({
  id: z.uuid(),
  redemptionId: z.uuid(),
  storeId: Id,
  tillId: Id,
  basketId: Id,
  basketTotalMinor: MinorSchema,
  beforeMinor: MinorSchema,
  afterMinor: MinorSchema,
  /** What the rule engine found eligible for the new figure (HQ bounds the figure by it, decision 032). */
  eligibleMinor: MinorSchema.optional(),
  reason: z.enum(AMEND_REASONS),
  hlc: z.string().regex(/^\d{15}:\d{5}:[^\s]{1,64}$/),
  /** The till's wall clock when it amended, UTC epoch ms (display only). */
  at: z.number().int().min(0).max(MAX_EPOCH_MS),
  /** The till's amendment sequence number (1, 2, ...). */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type AmendmentUpload = z.infer<typeof AmendmentUploadSchema>;

export const AmendmentPushRequestSchema = z.object({ items: z.array(z.unknown()).min(1).max(PUSH_MAX_ITEMS) });

/** reason when rejected: invalid_amendment, not_this_till, id_reused, redemption_unknown (not at HQ yet: send again later), not_a_redemption, amount_above_basket. */
export const AmendmentPushItemResultSchema = OrderPushItemResultSchema;
export type AmendmentPushItemResult = z.infer<typeof AmendmentPushItemResultSchema>;
export const AmendmentPushResponseSchema = z.object({ results: z.array(AmendmentPushItemResultSchema).max(PUSH_MAX_ITEMS), hqTime: z.string().max(200) });
export type AmendmentPushResponse = z.infer<typeof AmendmentPushResponseSchema>;
