/** Builders for rule-engine tests: real schema parsing, so tests see the same defaults as production. */
import { CampaignSchema, type Basket, type Campaign, type CampaignInput } from '../campaign';
import type { AppliedCoupon, CouponCandidate, EvaluationContext, UsageFacts } from './types';

let nextId = 1;

export function campaign(overrides: Partial<CampaignInput> = {}, rules: CampaignInput['rules'] = {}): Campaign {
  return CampaignSchema.parse({
    id: nextId++,
    name: 'test campaign',
    benefit: { type: 'cash', amountOffMinor: 1000 },
    rules,
    ...overrides,
  });
}

export function candidate(c: Campaign, extra: Partial<CouponCandidate> = {}): CouponCandidate {
  return { couponKey: `s:${c.id}:${nextId++}`, campaign: c, ...extra };
}

export const NO_USES: UsageFacts = { codeUsesHere: 0, codeUsesElsewhere: 0, revoked: false, memberUses: 0, campaignUses: 0 };

/** Monday 2026-11-23 12:00 in Shanghai (04:00 UTC). */
export const NOON_SHANGHAI = Date.UTC(2026, 10, 23, 4, 0);

export function ctx(extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    now: NOON_SHANGHAI,
    store: { id: 'store-1', timeZone: 'Asia/Shanghai' },
    usage: NO_USES,
    applied: [],
    ...extra,
  };
}

export function usage(extra: Partial<UsageFacts>): UsageFacts {
  return { ...NO_USES, ...extra };
}

export function applied(c: CouponCandidate, discountMinor: number): AppliedCoupon {
  return { couponKey: c.couponKey, campaign: c.campaign, discountMinor };
}

export function totalBasket(totalMinor: number, memberId?: string): Basket {
  return memberId ? { id: 'b1', totalMinor, memberId } : { id: 'b1', totalMinor };
}

export function lineBasket(lines: Basket['lines'] & object, memberId?: string): Basket {
  const totalMinor = lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  return memberId ? { id: 'b1', totalMinor, lines, memberId } : { id: 'b1', totalMinor, lines };
}
