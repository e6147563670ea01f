/**
 * Stable refusal reason codes. These strings are stored in the ledger, sent to HQ and
 * shown in logs: never rename one, only add.
 */
export const REASON_CODES = [
  // reading the code
  'bad_format', // not a code we know how to read
  'misread', // our marker, but the check characters do not match (scanner misread / typo)
  'unsupported_version',
  'bad_signature',
  'unknown_key',
  'key_retired',
  'not_found', // plain code not in any imported batch
  // campaign state
  'unknown_campaign',
  'campaign_ended',
  'revoked',
  // time
  'not_yet_valid',
  'expired',
  'wrong_weekday',
  'outside_time_window',
  // place
  'wrong_store',
  // basket
  'below_minimum_spend',
  'out_of_scope', // nothing in the basket the coupon applies to
  'needs_items', // a product-scoped coupon on a basket entered as a total only
  'gift_item_missing',
  'no_benefit', // a money coupon (cash, percent, threshold) worth 0 on this basket: never used up for nothing
  // uses
  'already_used_here',
  'used_elsewhere',
  'member_required',
  'wrong_holder',
  'member_limit_reached',
  'campaign_cap_reached',
  // stacking
  'not_stackable',
  'basket_coupon_limit',
  'duplicate_in_basket',
  // online claim
  'online_claim_required',
  'claimed_elsewhere',
  // reading the code (continued)
  'product_barcode', // an EAN/UPC product barcode scanned as a coupon
  // member (continued)
  'tier_not_eligible', // the campaign is for some member tiers, and this customer is not in one of them
  // basket (continued: the mechanics of issue 16)
  'below_minimum_quantity', // fewer units of the campaign's products than its minimum quantity
  'multi_buy_incomplete', // a multi-buy without one full set yet ("buy 1 more to get 1 free")
  'trigger_item_missing', // the product that triggers the discount is not in the basket
  'free_item_missing', // no line of the group the free item is chosen from
  // campaign state (continued)
  'till_update_needed', // the campaign needs a newer rule engine than this till runs: HQ held it back (shared/rules/engineVersion.ts)
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export function isReasonCode(x: unknown): x is ReasonCode {
  return typeof x === 'string' && (REASON_CODES as readonly string[]).includes(x);
}
