import { describe, expect, it } from 'vitest';
import type { Benefit } from '../campaign';
import { evaluateBasket, evaluateCoupon } from './index';
import { applied, campaign, candidate, ctx, lineBasket, totalBasket } from './testFixtures';

const reasonOf = (r: ReturnType<typeof evaluateCoupon>) => (r.ok ? 'ok' : r.reason);
const withBenefit = (benefit: Benefit, rules = {}) => campaign({ benefit }, rules);
const discountOf = (r: ReturnType<typeof evaluateCoupon>) => {
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.discountMinor;
};
const combinable = { stacking: { mode: 'combinable' as const } };

const lines = [
  { sku: 'MILK', category: 'dairy', unitPriceMinor: 1_250, quantity: 2 }, // 25.00
  { sku: 'BEER', category: 'alcohol', unitPriceMinor: 800, quantity: 3 }, // 24.00
  { sku: 'BREAD', category: 'bakery', unitPriceMinor: 1_000, quantity: 1 }, // 10.00
];

describe('coupon types', () => {
  it('cash: the amount off, never more than the basket', () => {
    const c = withBenefit({ type: 'cash', amountOffMinor: 2_000 });
    expect(evaluateCoupon(candidate(c), totalBasket(10_000), ctx())).toEqual({ ok: true, discountMinor: 2_000, eligibleMinor: 10_000 });
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(1_500), ctx()))).toBe(1_500);
  });

  it('percent: basis points rounded half-up to the minor unit, capped', () => {
    const c = withBenefit({ type: 'percent', percentOffBp: 1_500 });
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(999), ctx()))).toBe(150); // 149.85 -> 150
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(996), ctx()))).toBe(149); // 149.4 -> 149
    const capped = withBenefit({ type: 'percent', percentOffBp: 5_000, capMinor: 3_000 });
    expect(discountOf(evaluateCoupon(candidate(capped), totalBasket(10_000), ctx()))).toBe(3_000);
    expect(discountOf(evaluateCoupon(candidate(capped), totalBasket(4_000), ctx()))).toBe(2_000);
  });

  it('threshold: the highest tier reached, tiers in any order; below the lowest is refused', () => {
    const c = withBenefit({
      type: 'threshold',
      tiers: [
        { minSpendMinor: 19_900, amountOffMinor: 4_000 },
        { minSpendMinor: 9_900, amountOffMinor: 1_500 },
      ],
    });
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(9_900), ctx()))).toBe(1_500);
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(19_899), ctx()))).toBe(1_500);
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(25_000), ctx()))).toBe(4_000);
    expect(evaluateCoupon(candidate(c), totalBasket(9_899), ctx())).toEqual({
      ok: false,
      reason: 'below_minimum_spend',
      params: { minSpendMinor: 9_900, eligibleMinor: 9_899, shortMinor: 1 },
    });
  });

  it('gift: one unit at its basket price; the declared value when only a total is known', () => {
    const c = withBenefit({ type: 'gift', sku: 'BEER', itemValueMinor: 999 });
    expect(discountOf(evaluateCoupon(candidate(c), lineBasket(lines), ctx()))).toBe(800);
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(5_000), ctx()))).toBe(999);
    expect(discountOf(evaluateCoupon(candidate(c), totalBasket(500), ctx()))).toBe(500);
    const missing = withBenefit({ type: 'gift', sku: 'WINE', itemValueMinor: 999 });
    expect(evaluateCoupon(candidate(missing), lineBasket(lines), ctx())).toEqual({ ok: false, reason: 'gift_item_missing', params: { sku: 'WINE' } });
  });

  it('gift: the scope sets what counts toward the minimum spend; the gift item may lie outside it', () => {
    const c = withBenefit({ type: 'gift', sku: 'BREAD', itemValueMinor: 0 }, { scope: { categories: ['dairy'] }, minSpendMinor: 2_500 });
    expect(evaluateCoupon(candidate(c), lineBasket(lines), ctx())).toEqual({ ok: true, discountMinor: 1_000, eligibleMinor: 2_500 });
    expect(reasonOf(evaluateCoupon(candidate(c), lineBasket(lines.slice(1)), ctx()))).toBe('out_of_scope');
  });

  it('privilege: accepted, worth 0', () => {
    const c = withBenefit({ type: 'privilege', privilege: 'free upgrade to large' });
    expect(evaluateCoupon(candidate(c), totalBasket(10_000), ctx())).toEqual({ ok: true, discountMinor: 0, eligibleMinor: 10_000 });
  });
});

describe('product scope and minimum spend', () => {
  it('a scoped coupon needs lines', () => {
    const c = campaign({}, { scope: { categories: ['dairy'] } });
    expect(reasonOf(evaluateCoupon(candidate(c), totalBasket(10_000), ctx()))).toBe('needs_items');
    expect(reasonOf(evaluateCoupon(candidate(c), { id: 'b', totalMinor: 0, lines: [] }, ctx()))).toBe('needs_items');
  });

  it('includes by SKU or category, exclusions win; nothing eligible is out_of_scope', () => {
    const pct = { type: 'percent', percentOffBp: 1_000 } as const;
    const dairy = withBenefit(pct, { scope: { categories: ['dairy'] } });
    expect(evaluateCoupon(candidate(dairy), lineBasket(lines), ctx())).toEqual({ ok: true, discountMinor: 250, eligibleMinor: 2_500 });
    const dairyOrBread = withBenefit(pct, { scope: { categories: ['dairy'], skus: ['BREAD'] } });
    expect(evaluateCoupon(candidate(dairyOrBread), lineBasket(lines), ctx())).toMatchObject({ eligibleMinor: 3_500 });
    const noAlcohol = withBenefit(pct, { scope: { excludeCategories: ['alcohol'], excludeSkus: ['BREAD'] } });
    expect(evaluateCoupon(candidate(noAlcohol), lineBasket(lines), ctx())).toMatchObject({ eligibleMinor: 2_500 });
    const wine = withBenefit(pct, { scope: { skus: ['WINE'] } });
    expect(reasonOf(evaluateCoupon(candidate(wine), lineBasket(lines), ctx()))).toBe('out_of_scope');
  });

  it('a scoped cash coupon takes at most its eligible lines', () => {
    const c = withBenefit({ type: 'cash', amountOffMinor: 5_000 }, { scope: { skus: ['BREAD'] } });
    expect(discountOf(evaluateCoupon(candidate(c), lineBasket(lines), ctx()))).toBe(1_000);
  });

  it('minimum spend is on the eligible amount before discounts', () => {
    const c = campaign({}, { minSpendMinor: 3_000, scope: { categories: ['dairy'] }, ...combinable });
    expect(evaluateCoupon(candidate(c), lineBasket(lines), ctx())).toEqual({
      ok: false,
      reason: 'below_minimum_spend',
      params: { minSpendMinor: 3_000, eligibleMinor: 2_500, shortMinor: 500 },
    });
    const whole = campaign({ benefit: { type: 'cash', amountOffMinor: 100 } }, { minSpendMinor: 5_900, ...combinable });
    const big = candidate(withBenefit({ type: 'cash', amountOffMinor: 5_000 }, combinable));
    // 59.00 basket, 50.00 already off: the minimum is still met (checked before discounts).
    expect(evaluateCoupon(candidate(whole), lineBasket(lines), ctx({ applied: [applied(big, 5_000)] }))).toEqual({
      ok: true,
      discountMinor: 100,
      eligibleMinor: 5_900,
    });
  });
});

describe('stacking', () => {
  const exclusive = campaign();
  const groupA = campaign({}, { stacking: { mode: 'combinable', group: 'A' } });
  const groupA2 = campaign({}, { stacking: { mode: 'combinable', group: 'A', maxPerBasket: 2 } });
  const groupB = campaign({}, { stacking: { mode: 'combinable', group: 'B' } });
  const noGroup = campaign({}, combinable);
  const basket = totalBasket(100_000);
  const on = (...cs: (typeof exclusive)[]) => cs.map((c) => applied(candidate(c), 1_000));

  it('the same code twice on a basket is a duplicate', () => {
    const code = candidate(groupA);
    expect(reasonOf(evaluateCoupon(code, basket, ctx({ applied: [applied(code, 1_000)] })))).toBe('duplicate_in_basket');
  });

  it('exclusive refuses, and is refused by, anything', () => {
    expect(reasonOf(evaluateCoupon(candidate(exclusive), basket, ctx({ applied: on(groupA) })))).toBe('not_stackable');
    expect(reasonOf(evaluateCoupon(candidate(groupA), basket, ctx({ applied: on(exclusive) })))).toBe('not_stackable');
    expect(reasonOf(evaluateCoupon(candidate(exclusive), basket, ctx({ applied: on(campaign()) })))).toBe('not_stackable');
  });

  it('combinable only within one group; no group is its own group', () => {
    expect(reasonOf(evaluateCoupon(candidate(groupA), basket, ctx({ applied: on(groupA, groupA) })))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(groupA), basket, ctx({ applied: on(groupB) })))).toBe('not_stackable');
    expect(reasonOf(evaluateCoupon(candidate(noGroup), basket, ctx({ applied: on(groupA) })))).toBe('not_stackable');
    expect(reasonOf(evaluateCoupon(candidate(noGroup), basket, ctx({ applied: on(noGroup) })))).toBe('ok');
  });

  it('at most K per basket, counting this one, whichever coupon sets K', () => {
    expect(reasonOf(evaluateCoupon(candidate(groupA2), basket, ctx({ applied: on(groupA) })))).toBe('ok');
    expect(evaluateCoupon(candidate(groupA2), basket, ctx({ applied: on(groupA, groupA) }))).toEqual({
      ok: false,
      reason: 'basket_coupon_limit',
      params: { max: 2 },
    });
    expect(reasonOf(evaluateCoupon(candidate(groupA), basket, ctx({ applied: on(groupA2, groupA) })))).toBe('basket_coupon_limit');
  });

  it('evaluateBasket applies candidates in order; a refused one does not block later ones', () => {
    const list = [candidate(groupA), candidate(exclusive), candidate(groupA2), candidate(groupA)];
    const results = evaluateBasket(list, basket, () => ctx());
    expect(results.map(reasonOf)).toEqual(['ok', 'not_stackable', 'ok', 'basket_coupon_limit']);
    const exclusiveFirst = evaluateBasket([list[1]!, list[0]!], basket, () => ctx());
    expect(exclusiveFirst.map(reasonOf)).toEqual(['ok', 'not_stackable']);
  });
});

describe('a discount never exceeds what it applies to', () => {
  it('caps by what earlier coupons left of the basket', () => {
    const big = withBenefit({ type: 'cash', amountOffMinor: 8_000 }, combinable);
    const more = withBenefit({ type: 'cash', amountOffMinor: 5_000 }, combinable);
    const results = evaluateBasket([candidate(big), candidate(more), candidate(more)], totalBasket(10_000), () => ctx());
    expect(results.slice(0, 2).map(discountOf)).toEqual([8_000, 2_000]);
    // Nothing is left for the third: refused, not used up for ¥0.00.
    expect(results[2]).toEqual({ ok: false, reason: 'no_benefit' });
  });

  it('stacked percentages compound on what is still open', () => {
    const ten = withBenefit({ type: 'percent', percentOffBp: 1_000 }, combinable);
    const results = evaluateBasket([candidate(ten), candidate(ten)], totalBasket(10_000), () => ctx());
    expect(results.map(discountOf)).toEqual([1_000, 900]);
  });

  it('a scoped coupon cannot take from lines another coupon already zeroed', () => {
    const breadFree = withBenefit({ type: 'cash', amountOffMinor: 1_000 }, { scope: { skus: ['BREAD'] }, ...combinable });
    const breadAgain = withBenefit({ type: 'cash', amountOffMinor: 1_000 }, { scope: { skus: ['BREAD'] }, ...combinable });
    const dairy = withBenefit({ type: 'cash', amountOffMinor: 1_000 }, { scope: { categories: ['dairy'] }, ...combinable });
    const results = evaluateBasket([candidate(breadFree), candidate(breadAgain), candidate(dairy)], lineBasket(lines), () => ctx());
    expect(results[1]).toEqual({ ok: false, reason: 'no_benefit' });
    expect([results[0]!, results[2]!].map(discountOf)).toEqual([1_000, 1_000]);
  });

  it('a whole-basket discount is spread over the lines, so scoped coupons after it see less', () => {
    // 59.00 basket, 29.50 off everything = half of every line: bread has 5.00 left.
    const half = withBenefit({ type: 'cash', amountOffMinor: 2_950 }, combinable);
    const bread = withBenefit({ type: 'cash', amountOffMinor: 1_000 }, { scope: { skus: ['BREAD'] }, ...combinable });
    const results = evaluateBasket([candidate(half), candidate(bread)], lineBasket(lines), () => ctx());
    expect(results.map(discountOf)).toEqual([2_950, 500]);
  });

  it('a gift comes off its own line only', () => {
    const twoBreads = [
      { sku: 'BREAD', unitPriceMinor: 1_000, quantity: 2 },
      { sku: 'MILK', unitPriceMinor: 500, quantity: 1 },
    ];
    const gift = withBenefit({ type: 'gift', sku: 'BREAD', itemValueMinor: 0 }, combinable);
    const milk = withBenefit({ type: 'cash', amountOffMinor: 5_000 }, { scope: { skus: ['MILK'] }, ...combinable });
    const results = evaluateBasket([candidate(gift), candidate(gift), candidate(gift), candidate(milk)], lineBasket(twoBreads), () => ctx());
    expect(results.map(discountOf)).toEqual([1_000, 1_000, 0, 500]);
  });
});
