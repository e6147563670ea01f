import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignSchema, type Basket, type Campaign } from '../campaign';
import { freshState, takeDiscount } from './basket';
import { evaluateBasket, evaluateCoupon, type AppliedCoupon, type CouponCandidate, type Evaluation } from './index';
import { ctx, usage } from './testFixtures';

const SKUS = ['A', 'B', 'C', 'D'];
const CATEGORIES = ['food', 'drink'];

const benefitArb = fc.oneof(
  fc.record({ type: fc.constant('cash' as const), amountOffMinor: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record(
    { type: fc.constant('percent' as const), percentOffBp: fc.integer({ min: 1, max: 10_000 }), capMinor: fc.integer({ min: 1, max: 50_000 }) },
    { requiredKeys: ['type', 'percentOffBp'] },
  ),
  fc.record({
    type: fc.constant('threshold' as const),
    tiers: fc.array(fc.record({ minSpendMinor: fc.integer({ min: 1, max: 30_000 }), amountOffMinor: fc.integer({ min: 1, max: 50_000 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({ type: fc.constant('gift' as const), sku: fc.constantFrom(...SKUS), itemValueMinor: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ type: fc.constant('privilege' as const), privilege: fc.constant('upgrade') }),
);

const scopeArb = fc.option(
  fc.record({ skus: fc.subarray(SKUS), categories: fc.subarray(CATEGORIES), excludeSkus: fc.subarray(SKUS, { maxLength: 1 }) }, { requiredKeys: [] }),
  { nil: undefined },
);

const campaignArb: fc.Arbitrary<Campaign> = fc
  .record({
    id: fc.integer({ min: 1, max: 6 }),
    benefit: benefitArb,
    scope: scopeArb,
    minSpendMinor: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    mode: fc.constantFrom('exclusive' as const, 'combinable' as const, 'combinable' as const),
    group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
    maxPerBasket: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  })
  .map((r) =>
    CampaignSchema.parse({
      id: r.id,
      name: 'prop',
      benefit: r.benefit,
      rules: {
        scope: r.scope,
        minSpendMinor: r.minSpendMinor,
        stacking: { mode: r.mode, group: r.group, maxPerBasket: r.maxPerBasket },
      },
    }),
  );

const candidatesArb: fc.Arbitrary<CouponCandidate[]> = fc.array(
  fc
    .record({ serial: fc.integer({ min: 1, max: 8 }), campaign: campaignArb })
    .map(({ serial, campaign }) => ({ couponKey: `s:${campaign.id}:${serial}`, campaign })),
  { maxLength: 8 },
);

const lineArb = fc.record(
  {
    sku: fc.constantFrom(...SKUS),
    category: fc.constantFrom(...CATEGORIES),
    unitPriceMinor: fc.integer({ min: 0, max: 20_000 }),
    quantity: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: ['sku', 'unitPriceMinor', 'quantity'] },
);

const basketArb: fc.Arbitrary<Basket> = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map((totalMinor) => ({ id: 'b', totalMinor })),
  fc
    .array(lineArb, { minLength: 1, maxLength: 6 })
    .map((lines) => ({ id: 'b', lines, totalMinor: lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0) })),
);

const context = () => ctx({ usage: usage({}) });

/** The applied list evaluateBasket builds up, recomputed independently from its results. */
function acceptedBefore(candidates: CouponCandidate[], results: Evaluation[], i: number): AppliedCoupon[] {
  const out: AppliedCoupon[] = [];
  for (let k = 0; k < i; k++) {
    const r = results[k]!;
    if (r.ok) out.push({ couponKey: candidates[k]!.couponKey, campaign: candidates[k]!.campaign, discountMinor: r.discountMinor });
  }
  return out;
}

/** How often the generators reach the interesting cases (a property that never stacks proves little). */
const stats = { paid: 0, stackedPaid: 0 };

describe('rule engine properties', () => {
  it('discounts are integers, never negative, never more than the eligible amount or what is left of the basket', () => {
    fc.assert(
      fc.property(candidatesArb, basketArb, (candidates, basket) => {
        const results = evaluateBasket(candidates, basket, context);
        let spent = 0;
        results.forEach((r, i) => {
          if (!r.ok) return;
          expect(Number.isSafeInteger(r.discountMinor)).toBe(true);
          expect(r.discountMinor).toBeGreaterThanOrEqual(0);
          expect(r.discountMinor).toBeLessThanOrEqual(basket.totalMinor - spent);
          const b = candidates[i]!.campaign.benefit;
          // A gift applies to its gift item (which may lie outside the scope that counts toward the minimum spend).
          if (b.type === 'gift' && basket.lines) {
            expect(r.discountMinor).toBeLessThanOrEqual(Math.max(...basket.lines.filter((l) => l.sku === b.sku).map((l) => l.unitPriceMinor)));
          } else if (b.type === 'gift') {
            expect(r.discountMinor).toBeLessThanOrEqual(b.itemValueMinor);
          } else {
            expect(r.discountMinor).toBeLessThanOrEqual(r.eligibleMinor);
          }
          if (r.discountMinor > 0) stats.paid++;
          if (r.discountMinor > 0 && i > 0 && results.slice(0, i).some((x) => x.ok)) stats.stackedPaid++;
          spent += r.discountMinor;
        });
        expect(spent).toBeLessThanOrEqual(basket.totalMinor);
      }),
      { numRuns: 500 },
    );
    expect(stats.paid).toBeGreaterThan(100);
    expect(stats.stackedPaid).toBeGreaterThan(20);
  });

  it('evaluateBasket is deterministic and each result is evaluateCoupon against the coupons accepted before it', () => {
    fc.assert(
      fc.property(candidatesArb, basketArb, (candidates, basket) => {
        const results = evaluateBasket(candidates, basket, context);
        expect(evaluateBasket(candidates, basket, context)).toEqual(results);
        results.forEach((r, i) => {
          expect(evaluateCoupon(candidates[i]!, basket, { ...context(), applied: acceptedBefore(candidates, results, i) })).toEqual(r);
        });
        // Later candidates never change the fate of earlier ones.
        const k = Math.floor(candidates.length / 2);
        expect(evaluateBasket(candidates.slice(0, k), basket, context)).toEqual(results.slice(0, k));
      }),
      { numRuns: 300 },
    );
  });

  it('per-line bookkeeping: nothing goes below zero and every minor unit taken is accounted for', () => {
    fc.assert(
      fc.property(basketArb, fc.array(fc.tuple(campaignArb, fc.integer({ min: 0, max: 60_000 })), { maxLength: 8 }), (basket, discounts) => {
        const state = freshState(basket);
        const start = state.remainingTotal;
        let taken = 0;
        for (const [campaign, amount] of discounts) {
          const t = takeDiscount(state, campaign, amount);
          expect(t).toBeGreaterThanOrEqual(0);
          expect(t).toBeLessThanOrEqual(amount);
          taken += t;
        }
        expect(state.remainingTotal).toBe(start - taken);
        expect(state.remainingTotal).toBeGreaterThanOrEqual(0);
        expect(state.remaining.every((x) => Number.isSafeInteger(x) && x >= 0)).toBe(true);
        if (state.lines) expect(state.remaining.reduce((s, x) => s + x, 0)).toBe(state.remainingTotal);
      }),
      { numRuns: 500 },
    );
  });
});
