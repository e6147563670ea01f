/**
 * What a log row can be. Its own file, without zod, so the renderer can list them without
 * pulling the request schemas (and every zod schema they build at load) into its first paint.
 */
export const LOG_STATUSES = ['redeemed', 'voided', 'pending', 'accepted', 'conflict', 'resolved'] as const;
