import { ENGINE_VERSION } from './engineVersion';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type ReasonCode } from '../reasons';
import { evaluateBasket, evaluateCoupon, type Evaluation } from './index';
import { dayOfDate } from './localTime';
import { campaign, candidate, ctx, lineBasket, totalBasket, usage } from './testFixtures';

/** Reasons decided before the engine (reading and looking up codes) or after it (the online claim). */
const DECIDED_ELSEWHERE: ReasonCode[] = [
  'bad_format',
  'misread',
  'unsupported_version',
  'bad_signature',
  'unknown_key',
  'key_retired',
  'not_found',
  'unknown_campaign',
  'online_claim_required',
  'claimed_elsewhere',
  'product_barcode',
];

const TODAY = dayOfDate(2026, 11, 23);
const combinable = { stacking: { mode: 'combinable' as const, maxPerBasket: 1 } };
const lines = [{ sku: 'A', category: 'food', unitPriceMinor: 500, quantity: 1 }];

/** One scenario per reason the engine can give, each a real evaluation. */
const scenarios: [ReasonCode, () => Evaluation][] = [
  ['campaign_ended', () => evaluateCoupon(candidate(campaign({ status: 'ended' })), totalBasket(100), ctx())],
  ['till_update_needed', () => evaluateCoupon(candidate(campaign({ status: 'ended', engineVersion: ENGINE_VERSION + 1 })), totalBasket(100), ctx())],
  ['revoked', () => evaluateCoupon(candidate(campaign()), totalBasket(100), ctx({ usage: usage({ revoked: true }) }))],
  ['member_required', () => evaluateCoupon(candidate(campaign(), { holder: new Uint8Array(8) }), totalBasket(100), ctx())],
  [
    'wrong_holder',
    () => evaluateCoupon(candidate(campaign(), { holder: new Uint8Array(8) }), totalBasket(100, 'm'), ctx({ memberHolder: new Uint8Array(8).fill(1) })),
  ],
  ['not_yet_valid', () => evaluateCoupon(candidate(campaign(), { issueDay: TODAY + 1 }), totalBasket(100), ctx())],
  ['expired', () => evaluateCoupon(candidate(campaign(), { expiryDay: TODAY - 1 }), totalBasket(100), ctx())],
  ['wrong_weekday', () => evaluateCoupon(candidate(campaign({}, { weekdays: [7] })), totalBasket(100), ctx())],
  ['outside_time_window', () => evaluateCoupon(candidate(campaign({}, { timeWindows: [{ start: '06:00', end: '07:00' }] })), totalBasket(100), ctx())],
  ['wrong_store', () => evaluateCoupon(candidate(campaign({}, { storesDeny: ['store-1'] })), totalBasket(100), ctx())],
  ['already_used_here', () => evaluateCoupon(candidate(campaign()), totalBasket(100), ctx({ usage: usage({ codeUsesHere: 1 }) }))],
  ['used_elsewhere', () => evaluateCoupon(candidate(campaign()), totalBasket(100), ctx({ usage: usage({ codeUsesElsewhere: 1 }) }))],
  [
    'member_limit_reached',
    () => evaluateCoupon(candidate(campaign({}, { perMemberLimit: 1 })), totalBasket(100, 'm'), ctx({ usage: usage({ memberUses: 1 }) })),
  ],
  ['campaign_cap_reached', () => evaluateCoupon(candidate(campaign({}, { campaignCap: 1 })), totalBasket(100), ctx({ usage: usage({ campaignUses: 1 }) }))],
  [
    'duplicate_in_basket',
    () => {
      const code = candidate(campaign());
      return evaluateBasket([code, code], totalBasket(100), () => ctx())[1]!;
    },
  ],
  ['not_stackable', () => evaluateBasket([candidate(campaign()), candidate(campaign())], totalBasket(100), () => ctx())[1]!],
  ['basket_coupon_limit', () => evaluateBasket([candidate(campaign({}, combinable)), candidate(campaign({}, combinable))], totalBasket(100), () => ctx())[1]!],
  ['needs_items', () => evaluateCoupon(candidate(campaign({}, { scope: { skus: ['A'] } })), totalBasket(100), ctx())],
  ['out_of_scope', () => evaluateCoupon(candidate(campaign({}, { scope: { skus: ['B'] } })), lineBasket(lines), ctx())],
  ['below_minimum_spend', () => evaluateCoupon(candidate(campaign({}, { minSpendMinor: 501 })), lineBasket(lines), ctx())],
  ['no_benefit', () => evaluateCoupon(candidate(campaign()), totalBasket(0), ctx())],
  ['tier_not_eligible', () => evaluateCoupon(candidate(campaign({}, { memberTiers: ['gold'] })), { ...totalBasket(100, 'm'), memberTier: 'silver' }, ctx())],
  ['below_minimum_quantity', () => evaluateCoupon(candidate(campaign({}, { minQuantity: 2 })), lineBasket(lines), ctx())],
  [
    'multi_buy_incomplete',
    () => evaluateCoupon(candidate(campaign({ benefit: { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 } })), lineBasket(lines), ctx()),
  ],
  ['trigger_item_missing', () => evaluateCoupon(candidate(campaign({}, { trigger: { skus: ['MACHINE'] } })), lineBasket(lines), ctx())],
  ['free_item_missing', () => evaluateCoupon(candidate(campaign({ benefit: { type: 'free_item', categories: ['snacks'] } })), lineBasket(lines), ctx())],
  ['gift_item_missing', () => evaluateCoupon(candidate(campaign({ benefit: { type: 'gift', sku: 'B', itemValueMinor: 1 } })), lineBasket(lines), ctx())],
];

describe('reason coverage', () => {
  it.each(scenarios)('produces %s', (reason, run) => {
    const result = run();
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });

  it('covers every reason code that is not decided elsewhere', () => {
    const produced = new Set(scenarios.map(([, run]) => run()).flatMap((r) => (r.ok ? [] : [r.reason])));
    const expected = REASON_CODES.filter((r) => !DECIDED_ELSEWHERE.includes(r));
    expect([...produced].sort()).toEqual([...expected].sort());
  });
});
