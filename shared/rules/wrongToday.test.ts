/**
 * The money bugs of issue 16 ("Wrong today"), each pinned by an example that failed before the fix.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderEffects } from '../pos/effects';
import { evaluateCoupon } from './index';
import { campaign, candidate, ctx, lineBasket, totalBasket } from './testFixtures';

describe('a free item does not count toward its own minimum spend', () => {
  const yogurtFree = campaign({ benefit: { type: 'gift', sku: 'YOGURT', itemValueMinor: 500 } }, { scope: { categories: ['dairy'] }, minSpendMinor: 5_000 });
  const milk = { sku: 'MILK', category: 'dairy', unitPriceMinor: 4_500, quantity: 1 };
  const yogurt = { sku: 'YOGURT', category: 'dairy', unitPriceMinor: 500, quantity: 1 };

  it('milk 45.00 + the gifted yogurt 5.00 is 45.00 paid: below the 50.00 minimum', () => {
    expect(evaluateCoupon(candidate(yogurtFree), lineBasket([milk, yogurt]), ctx())).toEqual({
      ok: false,
      reason: 'below_minimum_spend',
      params: { minSpendMinor: 5_000, eligibleMinor: 4_500, shortMinor: 500 },
    });
  });

  it('a second yogurt is paid for, so it counts: accepted, the threshold reached on 50.00', () => {
    expect(evaluateCoupon(candidate(yogurtFree), lineBasket([milk, { ...yogurt, quantity: 2 }]), ctx())).toEqual({
      ok: true,
      discountMinor: 500,
      eligibleMinor: 5_000,
    });
  });

  it('a gift item outside the scope changes nothing', () => {
    const breadFree = campaign({ benefit: { type: 'gift', sku: 'BREAD', itemValueMinor: 0 } }, { scope: { categories: ['dairy'] }, minSpendMinor: 5_000 });
    const bread = { sku: 'BREAD', category: 'bakery', unitPriceMinor: 800, quantity: 1 };
    expect(evaluateCoupon(candidate(breadFree), lineBasket([milk, yogurt, bread]), ctx())).toEqual({ ok: true, discountMinor: 800, eligibleMinor: 5_000 });
  });
});

describe('percentages round half-up to the minor unit', () => {
  const tenPercent = campaign({ benefit: { type: 'percent', percentOffBp: 1_000 } });

  it('10% of 16.27 is 1.63 (a receipt from the POS or the ERP says 1.63), not 1.62', () => {
    expect(evaluateCoupon(candidate(tenPercent), totalBasket(1_627), ctx())).toMatchObject({ ok: true, discountMinor: 163 });
    expect(evaluateCoupon(candidate(tenPercent), lineBasket([{ sku: 'A', unitPriceMinor: 1_627, quantity: 1 }]), ctx())).toMatchObject({
      ok: true,
      discountMinor: 163,
    });
  });

  it('exactly half a fen rounds up; below half rounds down', () => {
    const half = campaign({ benefit: { type: 'percent', percentOffBp: 5_000 } });
    expect(evaluateCoupon(candidate(half), totalBasket(1), ctx())).toMatchObject({ ok: true, discountMinor: 1 });
    expect(evaluateCoupon(candidate(tenPercent), totalBasket(1_624), ctx())).toMatchObject({ ok: true, discountMinor: 162 });
  });
});

describe('rounding properties', () => {
  it('a percentage is within half a minor unit of the exact figure, a half rounds up, never more than the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: 1, max: 10_000 }), (total, bp) => {
        const c = campaign({ benefit: { type: 'percent', percentOffBp: bp } });
        const r = evaluateCoupon(candidate(c), totalBasket(total), ctx());
        const d = r.ok ? r.discountMinor : 0;
        // 2 * (d - total * bp / 10000) in (-1, 1], scaled by 10000 to stay in integers.
        const twice = 2n * (BigInt(d) * 10_000n - BigInt(total) * BigInt(bp));
        expect(twice > -10_000n && twice <= 10_000n).toBe(true);
        expect(d).toBeLessThanOrEqual(total);
      }),
      { numRuns: 1_000 },
    );
  });

  it('on lines: the per-line effects sum exactly to the figure, and none is more than its line', () => {
    const lineArb = fc.record({ sku: fc.constantFrom('A', 'B'), unitPriceMinor: fc.integer({ min: 0, max: 5_000 }), quantity: fc.integer({ min: 1, max: 4 }) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 10_000 }), (lines, bp) => {
        const c = campaign({ benefit: { type: 'percent', percentOffBp: bp } }, { scope: { skus: ['A'] } });
        const r = evaluateCoupon(candidate(c), lineBasket(lines), ctx());
        if (!r.ok) return;
        const eligible = lines.filter((l) => l.sku === 'A').reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
        expect(r.discountMinor).toBe(Math.floor((2 * eligible * bp + 10_000) / 20_000));
        const orderLines = lines.map((l, i) => ({ ...l, lineId: `L${i}` }));
        const { lines: effects } = orderEffects(orderLines, [{ redemptionId: 'r', campaignId: c.id, discountMinor: r.discountMinor, campaign: c }]);
        expect(effects.reduce((s, e) => s + e.discountMinor, 0)).toBe(r.discountMinor);
        effects.forEach((e, i) => {
          expect(e.discountMinor).toBeLessThanOrEqual(e.grossMinor);
          if (lines[i]!.sku !== 'A') expect(e.discountMinor).toBe(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the cheapest item at N% off rounds its own line half-up', () => {
    const c = campaign({ benefit: { type: 'cheapest_item', percentOffBp: 1_000 } });
    const r = evaluateCoupon(
      candidate(c),
      lineBasket([
        { sku: 'A', unitPriceMinor: 1_627, quantity: 2 },
        { sku: 'B', unitPriceMinor: 2_000, quantity: 1 },
      ]),
      ctx(),
    );
    expect(r).toMatchObject({ ok: true, discountMinor: 163 });
  });
});
