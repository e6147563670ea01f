import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderEffects } from '../pos/effects';
import { basketOfLines, candidatesArb, linesArb, permutationArb } from './testing/arbitraries';
import { evaluateBasket, evaluateStack, restack, stackingRank } from './index';
import { campaign, candidate, ctx, lineBasket, totalBasket } from './testFixtures';
import type { Evaluation } from './types';

const together = { stacking: { mode: 'combinable' as const } };
const discountOf = (r: Evaluation) => (r.ok ? r.discountMinor : -1);

describe('stack order', () => {
  const cash = campaign({ benefit: { type: 'cash', amountOffMinor: 1_000 } }, together);
  const tenPercent = campaign({ benefit: { type: 'percent', percentOffBp: 1_000 } }, together);

  it('10.00 cash and 10% on 100.00 give 80.00 whichever is scanned first (scan order gave 81.00 or 80.00)', () => {
    const [c, p] = [candidate(cash), candidate(tenPercent)];
    for (const scanned of [
      [c, p],
      [p, c],
    ]) {
      const results = evaluateStack(scanned, totalBasket(10_000), () => ctx());
      expect(results.reduce((s, r) => s + discountOf(r), 0)).toBe(2_000);
    }
    // The old way, in scan order, is what the cashier saw before: 19.00 off one way, 20.00 the other.
    expect(evaluateBasket([c, p], totalBasket(10_000), () => ctx()).map(discountOf)).toEqual([1_000, 900]);
  });

  it('default ranks: unit mechanics, then line-level percent, line-level fixed, order-level percent, order-level fixed, privilege', () => {
    const dairy = { scope: { categories: ['dairy'] } };
    const ranks = [
      campaign({ benefit: { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 } }),
      campaign({ benefit: { type: 'percent', percentOffBp: 500 } }, dairy),
      campaign({ benefit: { type: 'cash', amountOffMinor: 100 } }, dairy),
      campaign({ benefit: { type: 'percent', percentOffBp: 500 } }),
      campaign({ benefit: { type: 'threshold', tiers: [{ minSpendMinor: 100, amountOffMinor: 10 }] } }),
      campaign({ benefit: { type: 'privilege', privilege: 'upgrade' } }),
    ].map(stackingRank);
    expect(ranks).toEqual([100, 200, 300, 400, 500, 600]);
    expect(stackingRank(campaign({}, { stacking: { mode: 'combinable', priority: 7 } }))).toBe(7);
  });

  it('an explicit priority puts a fixed amount before a percentage', () => {
    const cashFirst = campaign({ benefit: { type: 'cash', amountOffMinor: 1_000 } }, { stacking: { mode: 'combinable', priority: 1 } });
    const results = evaluateStack([candidate(tenPercent), candidate(cashFirst)], totalBasket(10_000), () => ctx());
    expect(results.map(discountOf)).toEqual([900, 1_000]);
  });
});

describe('restack: the coupons recorded on a basket, recomputed on its lines as they are now', () => {
  it('says which recorded figures changed, in stack order', () => {
    const cash = campaign({ benefit: { type: 'cash', amountOffMinor: 1_000 } }, together);
    const tenPercent = campaign({ benefit: { type: 'percent', percentOffBp: 1_000 } }, together);
    const [c, p] = [candidate(cash), candidate(tenPercent)];
    // Recorded in scan order: cash 10.00 first, then 10% of the 90.00 left = 9.00.
    const basket = lineBasket([{ sku: 'A', unitPriceMinor: 10_000, quantity: 1 }]);
    const out = restack(
      [
        { couponKey: c.couponKey, campaign: cash, discountMinor: 1_000 },
        { couponKey: p.couponKey, campaign: tenPercent, discountMinor: 900 },
      ],
      basket,
    );
    expect(out.map((r) => [r.couponKey, r.recordedMinor, discountOf(r.now), r.changed])).toEqual([
      [p.couponKey, 900, 1_000, true],
      [c.couponKey, 1_000, 1_000, false],
    ]);
  });

  it('a coupon whose condition no longer holds is refused and does not count for the next', () => {
    const spend50 = campaign({ benefit: { type: 'cash', amountOffMinor: 500 } }, { minSpendMinor: 5_000, ...together });
    const out = restack([{ couponKey: 'k', campaign: spend50, discountMinor: 500 }], lineBasket([{ sku: 'A', unitPriceMinor: 4_000, quantity: 1 }]));
    expect(out[0]!.now).toMatchObject({ ok: false, reason: 'below_minimum_spend' });
    expect(out[0]!.changed).toBe(true);
  });
});

describe('stacking properties', () => {
  it('the same results for any scan order and any line order', () => {
    const arb = fc
      .tuple(candidatesArb, linesArb)
      .chain(([candidates, lines]) => fc.tuple(fc.constant(candidates), fc.constant(lines), permutationArb(candidates.length), permutationArb(lines.length)));
    let stacked = 0;
    fc.assert(
      fc.property(arb, ([candidates, lines, scan, lineOrder]) => {
        const results = evaluateStack(candidates, basketOfLines(lines), () => ctx());
        const shuffled = evaluateStack(
          scan.map((i) => candidates[i]!),
          basketOfLines(lineOrder.map((i) => lines[i]!)),
          () => ctx(),
        );
        scan.forEach((from, k) => expect(shuffled[k]).toEqual(results[from]));
        if (results.filter((r) => r.ok && r.discountMinor > 0).length > 1) stacked++;
      }),
      { numRuns: 400 },
    );
    expect(stacked).toBeGreaterThan(40);
  });

  it('restack of the accepted coupons, recorded in any order, gives back exactly the stack-order figures', () => {
    const arb = fc
      .tuple(candidatesArb, linesArb)
      .chain(([candidates, lines]) => fc.tuple(fc.constant(candidates), fc.constant(lines), permutationArb(candidates.length)));
    fc.assert(
      fc.property(arb, ([candidates, lines, scan]) => {
        const basket = basketOfLines(lines);
        const results = evaluateStack(candidates, basket, () => ctx());
        const recorded = scan.flatMap((i) => {
          const r = results[i]!;
          return r.ok ? [{ couponKey: candidates[i]!.couponKey, campaign: candidates[i]!.campaign, discountMinor: r.discountMinor }] : [];
        });
        for (const r of restack(recorded, basket)) expect(r.changed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('the discounts never exceed their lines, each coupon its own, and the per-line effects sum exactly to each figure', () => {
    fc.assert(
      fc.property(candidatesArb, linesArb, (candidates, lines) => {
        const basket = basketOfLines(lines);
        const results = evaluateStack(candidates, basket, () => ctx());
        const goods = lines.filter((l) => (l.kind ?? 'goods') === 'goods').reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
        const accepted = candidates
          .map((c, i) => ({ c, r: results[i]! }))
          .filter((x) => x.r.ok)
          .sort((a, b) => evaluateOrder(a.c, b.c));
        const total = accepted.reduce((s, x) => s + discountOf(x.r), 0);
        expect(total).toBeLessThanOrEqual(goods);
        const orderLines = lines.map((l, i) => ({ ...l, lineId: `L${i}` }));
        const { lines: effects, taken } = orderEffects(
          orderLines,
          accepted.map((x, k) => ({ redemptionId: `r${k}`, campaignId: x.c.campaign.id, discountMinor: discountOf(x.r), campaign: x.c.campaign })),
        );
        accepted.forEach((x, k) => expect(taken.get(`r${k}`)).toBe(discountOf(x.r)));
        effects.forEach((e, i) => {
          expect(e.netMinor).toBeGreaterThanOrEqual(0);
          if ((lines[i]!.kind ?? 'goods') !== 'goods') expect(e.discountMinor).toBe(0);
        });
      }),
      { numRuns: 400 },
    );
  });
});

/** Stack order between two candidates, as evaluateStack uses it. */
function evaluateOrder(a: { couponKey: string; campaign: import('../campaign').Campaign }, b: { couponKey: string; campaign: import('../campaign').Campaign }) {
  return stackingRank(a.campaign) - stackingRank(b.campaign) || a.campaign.id - b.campaign.id || (a.couponKey < b.couponKey ? -1 : 1);
}
