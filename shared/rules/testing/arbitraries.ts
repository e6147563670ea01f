/** fast-check generators for the rule engine's property tests: campaigns of every mechanic, baskets with category paths and deposits. */
import fc from 'fast-check';
import { CampaignSchema, type Basket, type BasketLine, type Campaign } from '../../campaign';
import type { CouponCandidate } from '../types';

export const SKUS = ['A', 'B', 'C', 'D'];
export const CATEGORIES = ['food', 'drink', 'dairy'];

const pct = fc.integer({ min: 1, max: 10_000 });

export const benefitArb = fc.oneof(
  fc.record({ type: fc.constant('cash' as const), amountOffMinor: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record(
    { type: fc.constant('percent' as const), percentOffBp: pct, capMinor: fc.integer({ min: 1, max: 50_000 }) },
    { requiredKeys: ['type', 'percentOffBp'] },
  ),
  fc.record({
    type: fc.constant('threshold' as const),
    tiers: fc.array(fc.record({ minSpendMinor: fc.integer({ min: 1, max: 30_000 }), amountOffMinor: fc.integer({ min: 1, max: 50_000 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ type: fc.constant('gift' as const), sku: fc.constantFrom(...SKUS), itemValueMinor: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ type: fc.constant('privilege' as const), privilege: fc.constant('upgrade') }),
  fc.record(
    {
      type: fc.constant('multi_buy' as const),
      buyQuantity: fc.integer({ min: 1, max: 3 }),
      freeQuantity: fc.integer({ min: 1, max: 2 }),
      percentOffBp: pct,
      maxApplications: fc.integer({ min: 1, max: 4 }),
    },
    { requiredKeys: ['type', 'buyQuantity', 'freeQuantity'] },
  ),
  fc.record({ type: fc.constant('cheapest_item' as const), percentOffBp: pct, units: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ['type'] }),
  fc.record(
    {
      type: fc.constant('free_item' as const),
      skus: fc.subarray(SKUS, { minLength: 1 }),
      categories: fc.subarray(CATEGORIES),
      quantity: fc.integer({ min: 1, max: 2 }),
      maxValueMinor: fc.integer({ min: 1, max: 5_000 }),
    },
    { requiredKeys: ['type', 'skus'] },
  ),
);

const scopeArb = fc.option(
  fc.record({ skus: fc.subarray(SKUS), categories: fc.subarray(CATEGORIES), excludeSkus: fc.subarray(SKUS, { maxLength: 1 }) }, { requiredKeys: [] }),
  { nil: undefined },
);

/** Campaigns that stack with each other (one group), so properties see several coupons on a basket. */
export const campaignArb = (id: number): fc.Arbitrary<Campaign> =>
  fc
    .record({
      benefit: benefitArb,
      scope: scopeArb,
      minSpendMinor: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      minQuantity: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      trigger: fc.option(fc.record({ skus: fc.subarray(SKUS, { minLength: 1 }) }), { nil: undefined }),
      priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    })
    .map((r) =>
      CampaignSchema.parse({
        id,
        name: `c${id}`,
        benefit: r.benefit,
        rules: {
          scope: r.scope,
          minSpendMinor: r.minSpendMinor,
          minQuantity: r.minQuantity,
          trigger: r.trigger,
          stacking: { mode: 'combinable', group: 'g', priority: r.priority },
        },
      }),
    );

export const candidatesArb: fc.Arbitrary<CouponCandidate[]> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => campaignArb(i + 1))))
  .map((cs) => cs.map((campaign) => ({ couponKey: `s:${campaign.id}:1`, campaign })));

export const lineArb: fc.Arbitrary<BasketLine> = fc
  .record(
    {
      sku: fc.constantFrom(...SKUS),
      category: fc.constantFrom(...CATEGORIES),
      path: fc.boolean(),
      unitPriceMinor: fc.integer({ min: 0, max: 20_000 }),
      quantity: fc.integer({ min: 1, max: 6 }),
      kind: fc.constantFrom('goods' as const, 'goods' as const, 'goods' as const, 'deposit' as const, 'fee' as const),
    },
    { requiredKeys: ['sku', 'unitPriceMinor', 'quantity'] },
  )
  .map(({ path, ...l }) => {
    const line: BasketLine = { sku: l.sku, unitPriceMinor: l.unitPriceMinor, quantity: l.quantity };
    if (l.category) line.category = l.category;
    // A line in a subcategory of "food": only its path names the parent.
    if (path) line.categoryPath = ['food', `${l.category ?? 'misc'}-sub`];
    if (l.kind) line.kind = l.kind;
    return line;
  });

export function basketOfLines(lines: BasketLine[]): Basket {
  return { id: 'b', lines, totalMinor: lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0) };
}

export const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 8 });

/** A permutation of 0..n-1. */
export const permutationArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
