import { describe, expect, it } from 'vitest';
import { evaluateBasket, evaluateCoupon } from './index';
import { campaign, candidate, ctx, lineBasket, totalBasket } from './testFixtures';

/** A money coupon must never be used up for nothing: rapid mode with an empty total redeemed ¥5 vouchers at ¥0.00. */
describe('no_benefit', () => {
  const combinable = { stacking: { mode: 'combinable' as const, maxPerBasket: 5 } };

  it.each([
    ['cash', { type: 'cash', amountOffMinor: 500 }],
    ['percent', { type: 'percent', percentOffBp: 1000 }],
  ] as const)('refuses a %s coupon on a basket whose total is 0', (_, benefit) => {
    expect(evaluateCoupon(candidate(campaign({ benefit })), totalBasket(0), ctx())).toEqual({ ok: false, reason: 'no_benefit' });
  });

  it('refuses a money coupon whose lines earlier coupons already took to 0', () => {
    const lines = [{ sku: 'A', category: 'food', unitPriceMinor: 500, quantity: 1 }];
    const first = candidate(campaign({ benefit: { type: 'cash', amountOffMinor: 500 } }, combinable));
    const second = candidate(campaign({ benefit: { type: 'cash', amountOffMinor: 200 } }, combinable));
    const [a, b] = evaluateBasket([first, second], lineBasket(lines), () => ctx());
    expect(a).toMatchObject({ ok: true, discountMinor: 500 });
    expect(b).toEqual({ ok: false, reason: 'no_benefit' });
  });

  it('refuses a threshold coupon whose tier is reached but whose basket earlier coupons emptied', () => {
    const first = candidate(campaign({ benefit: { type: 'cash', amountOffMinor: 10_000 } }, combinable));
    const spend99 = candidate(campaign({ benefit: { type: 'threshold', tiers: [{ minSpendMinor: 9_900, amountOffMinor: 1_500 }] } }, combinable));
    expect(evaluateBasket([first, spend99], totalBasket(10_000), () => ctx())[1]).toEqual({ ok: false, reason: 'no_benefit' });
  });

  it('still accepts a money coupon worth something, capped by the basket', () => {
    expect(evaluateCoupon(candidate(campaign({ benefit: { type: 'cash', amountOffMinor: 500 } })), totalBasket(1), ctx())).toMatchObject({
      ok: true,
      discountMinor: 1,
    });
  });

  it('leaves gift and privilege coupons alone', () => {
    expect(evaluateCoupon(candidate(campaign({ benefit: { type: 'privilege', privilege: 'Free upgrade' } })), totalBasket(0), ctx())).toMatchObject({
      ok: true,
      discountMinor: 0,
    });
    expect(evaluateCoupon(candidate(campaign({ benefit: { type: 'gift', sku: 'G', itemValueMinor: 800 } })), totalBasket(0), ctx())).toMatchObject({
      ok: true,
    });
  });
});
