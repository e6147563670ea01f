import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignSchema, type Basket, type BasketLine, type Benefit } from '../campaign';
import { evaluateCoupon } from './index';
import { campaign, candidate, ctx, lineBasket, totalBasket } from './testFixtures';
import type { Evaluation } from './types';

const run = (benefit: Benefit | Record<string, unknown>, rules = {}, basket: Basket) =>
  evaluateCoupon(candidate(campaign({ benefit: benefit as Benefit }, rules)), basket, ctx());
const off = (r: Evaluation) => (r.ok ? r.discountMinor : r.reason);
const yogurts = (quantity: number, unitPriceMinor = 500): BasketLine => ({ sku: 'YOGURT', category: 'dairy', unitPriceMinor, quantity });
const bread: BasketLine = { sku: 'BREAD', category: 'bakery', unitPriceMinor: 1_000, quantity: 1 };
const buy2get1 = { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 } as const;
const yogurtOnly = { scope: { skus: ['YOGURT'] } };

describe('multi-buy that repeats', () => {
  it('buy 2 get 1 free (= 3 for the price of 2), as many times as the basket allows', () => {
    expect([3, 5, 6, 9].map((q) => off(run(buy2get1, yogurtOnly, lineBasket([yogurts(q), bread]))))).toEqual([500, 500, 1_000, 1_500]);
  });

  it('at most maxApplications times per basket', () => {
    expect(off(run({ ...buy2get1, maxApplications: 2 }, yogurtOnly, lineBasket([yogurts(9)])))).toBe(1_000);
  });

  it('the cheapest of each set is the free one; sets are made from the most valuable units down', () => {
    const mixed = [yogurts(1, 600), { ...yogurts(1, 500), sku: 'YOGURT-B' }, { ...yogurts(1, 400), sku: 'YOGURT-C' }];
    expect(off(run(buy2get1, { scope: { categories: ['dairy'] } }, lineBasket(mixed)))).toBe(400);
  });

  it('not one full set yet: "buy 1 more to get 1 free"', () => {
    expect(run(buy2get1, yogurtOnly, lineBasket([yogurts(2), bread]))).toEqual({ ok: false, reason: 'multi_buy_incomplete', params: { more: 1, free: 1 } });
  });

  it('buy 1, the second at 50% off, rounded half-up per unit', () => {
    expect(off(run({ type: 'multi_buy', buyQuantity: 1, freeQuantity: 1, percentOffBp: 5_000 }, yogurtOnly, lineBasket([yogurts(2, 1_627)])))).toBe(814);
  });

  it('a percentage of units rounds per unit, so one more unit never lowers it (rounding the line sum did: 2 -> 1)', () => {
    const tiny = { type: 'multi_buy', buyQuantity: 1, freeQuantity: 2, percentOffBp: 11 } as const;
    const a = (unitPriceMinor: number, quantity: number) => ({ sku: 'A', unitPriceMinor, quantity });
    expect(off(run(tiny, {}, lineBasket([a(455, 1), a(456, 1), a(456, 1)])))).toBe(2);
    expect(off(run(tiny, {}, lineBasket([a(455, 1), a(456, 2), a(456, 1)])))).toBe(2);
  });

  it('needs the lines', () => {
    expect(off(run(buy2get1, {}, totalBasket(5_000)))).toBe('needs_items');
  });

  it('monotone in quantity: one more unit of the scope never lowers the discount', () => {
    const arb = fc.record({
      buy: fc.integer({ min: 1, max: 4 }),
      free: fc.integer({ min: 1, max: 3 }),
      bp: fc.integer({ min: 1, max: 10_000 }),
      max: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      lines: fc.array(
        fc.record({ sku: fc.constantFrom('A', 'B', 'C'), unitPriceMinor: fc.integer({ min: 0, max: 3_000 }), quantity: fc.integer({ min: 1, max: 6 }) }),
        { minLength: 1, maxLength: 6 },
      ),
      grow: fc.nat(),
    });
    fc.assert(
      fc.property(arb, ({ buy, free, bp, max, lines, grow }) => {
        const benefit = { type: 'multi_buy', buyQuantity: buy, freeQuantity: free, percentOffBp: bp, maxApplications: max };
        const scope = { scope: { skus: ['A', 'B'] } };
        const before = run(benefit, scope, lineBasket(lines));
        const i = grow % lines.length;
        const more = lines.map((l, k) => (k === i ? { ...l, quantity: l.quantity + 1 } : l));
        const after = run(benefit, scope, lineBasket(more));
        const worth = (r: Evaluation) => (r.ok ? r.discountMinor : 0);
        expect(worth(after)).toBeGreaterThanOrEqual(worth(before));
        const inScope = more.filter((l) => l.sku !== 'C').reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
        expect(worth(after)).toBeLessThanOrEqual(inScope);
      }),
      { numRuns: 500 },
    );
  });
});

describe('minimum quantity', () => {
  it('"buy 3 of these" is a condition in its own right, whatever the price', () => {
    const threeYogurts = { scope: { skus: ['YOGURT'] }, minQuantity: 3 };
    expect(run({ type: 'cash', amountOffMinor: 200 }, threeYogurts, lineBasket([yogurts(2), bread]))).toEqual({
      ok: false,
      reason: 'below_minimum_quantity',
      params: { minQuantity: 3, quantity: 2, shortQuantity: 1 },
    });
    expect(off(run({ type: 'cash', amountOffMinor: 200 }, threeYogurts, lineBasket([yogurts(3, 1), bread])))).toBe(3);
  });
});

describe('cheapest item', () => {
  const group = [
    { sku: 'SHAMPOO', category: 'care', unitPriceMinor: 3_000, quantity: 1 },
    { sku: 'SOAP', category: 'care', unitPriceMinor: 600, quantity: 2 },
    { sku: 'PASTE', category: 'care', unitPriceMinor: 1_200, quantity: 1 },
  ];
  it('free among a mixed group (buy 3, the cheapest free)', () => {
    expect(off(run({ type: 'cheapest_item' }, { scope: { categories: ['care'] }, minQuantity: 3 }, lineBasket([...group, bread])))).toBe(600);
  });
  it('at N% off, and the 2 cheapest units', () => {
    expect(off(run({ type: 'cheapest_item', percentOffBp: 5_000 }, { scope: { categories: ['care'] } }, lineBasket(group)))).toBe(300);
    expect(off(run({ type: 'cheapest_item', units: 2 }, { scope: { categories: ['care'] } }, lineBasket(group)))).toBe(1_200);
  });
});

describe('trigger product separate from the discounted product', () => {
  const capsulesFree = { type: 'percent', percentOffBp: 10_000, capMinor: 4_000 } as const;
  const rules = { trigger: { skus: ['MACHINE'] }, scope: { categories: ['capsules'] } };
  const machine = { sku: 'MACHINE', category: 'appliances', unitPriceMinor: 99_900, quantity: 1 };
  const capsules = (q: number) => ({ sku: 'CAPS', category: 'capsules', unitPriceMinor: 1_500, quantity: q });

  it('with the coffee machine, capsules 100% off up to 40.00', () => {
    expect(off(run(capsulesFree, rules, lineBasket([machine, capsules(4)])))).toBe(4_000);
    expect(off(run(capsulesFree, rules, lineBasket([machine, capsules(1)])))).toBe(1_500);
  });

  it('without the machine: refused, saying which product', () => {
    expect(run(capsulesFree, rules, lineBasket([capsules(4)]))).toEqual({
      ok: false,
      reason: 'trigger_item_missing',
      params: { items: 'MACHINE', shortQuantity: 1 },
    });
  });
});

describe('free item chosen from a group', () => {
  const snacks = (sku: string, unitPriceMinor: number): BasketLine => ({ sku, category: 'snacks', unitPriceMinor, quantity: 1 });
  const anySnack = { type: 'free_item', categories: ['snacks'] } as const;

  it('any one snack: the coupon accepts any line of the group (the most valuable one)', () => {
    expect(off(run(anySnack, {}, lineBasket([snacks('CHIPS', 600), snacks('NUTS', 800), bread])))).toBe(800);
    expect(off(run({ ...anySnack, maxValueMinor: 700 }, {}, lineBasket([snacks('NUTS', 800)])))).toBe(700);
  });

  it('no snack in the basket: refused', () => {
    expect(off(run(anySnack, {}, lineBasket([bread])))).toBe('free_item_missing');
  });

  it('the free snack does not count toward the minimum spend', () => {
    const spend10 = { minSpendMinor: 1_500 };
    expect(off(run(anySnack, spend10, lineBasket([snacks('NUTS', 800), bread])))).toBe('below_minimum_spend');
    expect(off(run(anySnack, spend10, lineBasket([snacks('NUTS', 800), snacks('CHIPS', 600), bread])))).toBe(800);
  });
});

describe('category trees', () => {
  it('a discount on Dairy covers its subcategories, by the category path the POS sends', () => {
    const drinkingYogurt: BasketLine = {
      sku: 'DY',
      category: 'drinking-yogurt',
      categoryPath: ['food', 'dairy', 'yogurt'],
      unitPriceMinor: 1_000,
      quantity: 1,
    };
    const tenOffDairy = { type: 'percent', percentOffBp: 1_000 } as const;
    expect(run(tenOffDairy, { scope: { categories: ['dairy'] } }, lineBasket([drinkingYogurt, bread]))).toEqual({
      ok: true,
      discountMinor: 100,
      eligibleMinor: 1_000,
    });
    expect(off(run(tenOffDairy, { scope: { categories: ['food'] }, excludeCategories: [] }, lineBasket([drinkingYogurt, bread])))).toBe(100);
    expect(off(run(tenOffDairy, { scope: { categories: ['food'], excludeCategories: ['yogurt'] } }, lineBasket([drinkingYogurt, bread])))).toBe('out_of_scope');
  });
});

describe('deposits and fixed fees', () => {
  const beer: BasketLine = { sku: 'BEER', unitPriceMinor: 1_000, quantity: 6 };
  const deposit: BasketLine = { sku: 'DEPOSIT', unitPriceMinor: 50, quantity: 6, kind: 'deposit' };
  const ecoFee: BasketLine = { sku: 'ECO', unitPriceMinor: 30, quantity: 1, kind: 'fee' };

  it('are kept out of a percentage discount, and out of the minimum spend', () => {
    expect(run({ type: 'percent', percentOffBp: 1_000 }, {}, lineBasket([beer, deposit, ecoFee]))).toEqual({
      ok: true,
      discountMinor: 600,
      eligibleMinor: 6_000,
    });
    expect(off(run({ type: 'cash', amountOffMinor: 100 }, { minSpendMinor: 6_100 }, lineBasket([beer, deposit, ecoFee])))).toBe('below_minimum_spend');
  });

  it('are never taken by a fixed amount either (a deposit is paid back when the bottle comes back)', () => {
    expect(off(run({ type: 'cash', amountOffMinor: 10_000 }, {}, lineBasket([beer, deposit])))).toBe(6_000);
  });
});

describe('campaign schema: bad input is refused plainly', () => {
  const base = { id: 1, name: 'c', rules: {} };
  const problem = (input: unknown) => {
    const r = CampaignSchema.safeParse(input);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  it.each([
    ['a free item without a group', { ...base, benefit: { type: 'free_item' } }, /benefit.skus: a free item names the group/],
    ['a multi-buy of 0', { ...base, benefit: { type: 'multi_buy', buyQuantity: 0, freeQuantity: 1 } }, /benefit.buyQuantity/],
    [
      'a trigger with no product',
      { ...base, benefit: { type: 'cash', amountOffMinor: 1 }, rules: { trigger: {} } },
      /rules.trigger: a trigger names at least one/,
    ],
    [
      'a priority out of range',
      { ...base, benefit: { type: 'cash', amountOffMinor: 1 }, rules: { stacking: { mode: 'combinable', priority: -1 } } },
      /priority/,
    ],
    ['a minimum quantity of 0', { ...base, benefit: { type: 'cash', amountOffMinor: 1 }, rules: { minQuantity: 0 } }, /minQuantity/],
    ['an unknown mechanic', { ...base, benefit: { type: 'buy_one_get_two' } }, /benefit.type/],
  ])('%s', (_, input, message) => {
    expect(problem(input)).toMatch(message);
  });
});
