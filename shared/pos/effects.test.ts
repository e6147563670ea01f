import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignSchema, type Campaign } from '../campaign';
import { evaluateBasket } from '../rules';
import { ctx } from '../rules/testFixtures';
import { orderEffects, reversalOf, reversedPart } from './effects';
import type { OrderLine } from './orders';

const SKUS = ['A', 'B', 'C', 'D'];
const linesArb: fc.Arbitrary<OrderLine[]> = fc
  .array(
    fc.record({
      sku: fc.constantFrom(...SKUS),
      category: fc.constantFrom('food', 'drink'),
      quantity: fc.integer({ min: 1, max: 12 }),
      unitPriceMinor: fc.integer({ min: 0, max: 20_000 }),
    }),
    { minLength: 1, maxLength: 50 },
  )
  .map((ls) => ls.map((l, i) => ({ ...l, lineId: `L${i + 1}` })));

const benefitArb = fc.oneof(
  fc.record({ type: fc.constant('cash' as const), amountOffMinor: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({ type: fc.constant('percent' as const), percentOffBp: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ type: fc.constant('threshold' as const), tiers: fc.constant([{ minSpendMinor: 100, amountOffMinor: 5_000 }]) }),
  fc.record({ type: fc.constant('gift' as const), sku: fc.constantFrom(...SKUS), itemValueMinor: fc.constant(0) }),
  fc.record({ type: fc.constant('privilege' as const), privilege: fc.constant('upgrade') }),
);
const campaignArb = (id: number): fc.Arbitrary<Campaign> =>
  fc.record({ benefit: benefitArb, skus: fc.subarray(SKUS), categories: fc.subarray(['food', 'drink']) }).map((r) =>
    CampaignSchema.parse({
      id,
      name: `c${id}`,
      benefit: r.benefit,
      rules: { scope: { skus: r.skus, categories: r.categories }, stacking: { mode: 'combinable', group: 'g' } },
    }),
  );
const campaignsArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => campaignArb(i + 1))));

describe('order effects (property)', () => {
  it('per-line modifiers of each coupon sum to its discount, and no line is discounted below zero', () => {
    fc.assert(
      fc.property(linesArb, campaignsArb, (lines, campaigns) => {
        const basket = { id: 'o', totalMinor: lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0), lines };
        const candidates = campaigns.map((c) => ({ couponKey: `s:${c.id}:1`, campaign: c }));
        const verdicts = evaluateBasket(candidates, basket, () => ctx());
        const coupons = candidates.flatMap((c, i) => {
          const v = verdicts[i]!;
          return v.ok ? [{ redemptionId: `r${i}`, campaignId: c.campaign.id, discountMinor: v.discountMinor, campaign: c.campaign }] : [];
        });
        const { lines: effects, taken } = orderEffects(lines, coupons);
        for (const c of coupons) {
          const sum = effects
            .flatMap((l) => l.modifiers)
            .filter((m) => m.redemptionId === c.redemptionId)
            .reduce((s, m) => s + m.amountMinor, 0);
          expect(sum).toBe(c.discountMinor);
          expect(taken.get(c.redemptionId)).toBe(c.discountMinor);
        }
        for (const l of effects) {
          expect(l.discountMinor).toBeLessThanOrEqual(l.grossMinor);
          expect(l.netMinor).toBeGreaterThanOrEqual(0);
          for (const m of l.modifiers) expect(m.amountMinor).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('takes no more than the lines hold when a recorded discount no longer fits (lines changed after apply)', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 0, max: 10_000_000 }), (lines, discountMinor) => {
        const { lines: effects, taken } = orderEffects(lines, [{ redemptionId: 'r', campaignId: 1, discountMinor }]);
        const gross = effects.reduce((s, l) => s + l.grossMinor, 0);
        expect(taken.get('r')).toBe(Math.min(gross, discountMinor));
        for (const l of effects) expect(l.netMinor).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('return proration (property)', () => {
  it('reverses a modifier exactly, whatever the order and split of the returns, never more than it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 10 })), (m, quantity, cuts) => {
        let back = 0;
        let reversed = 0;
        for (const cut of cuts) {
          const q = Math.min(cut, quantity - back);
          if (q === 0) break;
          const r = reversalOf(m, quantity, back, q);
          expect(r).toBeGreaterThanOrEqual(0);
          back += q;
          reversed += r;
          // Path-independent: what is reversed depends only on how many units are back.
          expect(reversed).toBe(reversedPart(m, quantity, back));
          expect(reversed).toBeLessThanOrEqual(m);
        }
        reversed += reversalOf(m, quantity, back, quantity - back);
        expect(reversed).toBe(m);
      }),
    );
  });

  it('reverses pro rata: floor of the share, nothing for nothing back', () => {
    expect(reversedPart(1_000, 3, 1)).toBe(333);
    expect(reversedPart(1_000, 3, 2)).toBe(666);
    expect(reversedPart(1_000, 3, 3)).toBe(1_000);
    expect(reversedPart(1_000, 3, 0)).toBe(0);
  });
});
