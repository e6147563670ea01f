import { describe, expect, it } from 'vitest';
import { evaluateCoupon } from './index';
import { campaign, candidate, ctx, totalBasket } from './testFixtures';

/** Tier-only campaigns (seed: gold members get tier-only coupons). */
describe('member tiers', () => {
  const goldOnly = campaign({}, { memberTiers: ['gold', 'platinum'] });
  const verdict = (memberTier?: string, memberId: string | undefined = 'm1') =>
    evaluateCoupon(candidate(goldOnly), { ...totalBasket(5_000, memberId), ...(memberTier ? { memberTier } : {}) }, ctx());

  it('accepts a member of a listed tier', () => {
    expect(verdict('gold')).toMatchObject({ ok: true, discountMinor: 1000 });
    expect(verdict('platinum')).toMatchObject({ ok: true });
  });

  it('refuses another tier, no tier, or no member, saying which tiers it is for', () => {
    for (const [tier, member] of [
      ['silver', 'm1'],
      [undefined, 'm1'],
      [undefined, undefined],
      ['Gold', 'm1'],
    ] as const) {
      expect(verdict(tier, member), `${tier}/${member}`).toEqual({ ok: false, reason: 'tier_not_eligible', params: { tiers: 'gold, platinum' } });
    }
  });

  it('leaves campaigns without tiers (or with an empty list) open to everyone', () => {
    expect(evaluateCoupon(candidate(campaign()), totalBasket(5_000), ctx())).toMatchObject({ ok: true });
    expect(evaluateCoupon(candidate(campaign({}, { memberTiers: [] })), totalBasket(5_000), ctx())).toMatchObject({ ok: true });
  });

  it('is checked before uses and stacking: a silver member does not use up a gold coupon', () => {
    const c = candidate(goldOnly);
    const r = evaluateCoupon(
      c,
      { ...totalBasket(5_000, 'm1'), memberTier: 'silver' },
      ctx({ usage: { codeUsesHere: 1, codeUsesElsewhere: 0, revoked: false, memberUses: 0, campaignUses: 0 } }),
    );
    expect(r).toMatchObject({ reason: 'tier_not_eligible' });
  });
});
