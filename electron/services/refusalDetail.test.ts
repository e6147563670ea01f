import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTill, NOON, type TillKit } from './testing/tillKit';

/** Refusals carry what the cashier needs to act: when a code was used, which coupon clashes, "not a coupon". */
let till: TillKit;
beforeEach(() => {
  till = makeTill();
});
afterEach(() => till.close());

const redeem = (code: string, basketId: string, totalMinor = 20_000) =>
  till.service.redeem({ code, basket: { id: basketId, totalMinor }, source: 'wedge' }, { cashierId: 'c1' });

describe('refusal detail', () => {
  it('already used: says when it was redeemed here', () => {
    const code = till.mint(1, 501);
    expect(redeem(code, 'b1').verdict.ok).toBe(true);
    till.clock.now = NOON + 60_000;
    expect(redeem(code, 'b2').verdict).toMatchObject({ ok: false, reason: 'already_used_here', params: { usedAt: NOON }, campaignName: 'Cash 5' });
  });

  it('not stackable: names the coupon on the basket it clashes with', () => {
    expect(redeem(till.mint(3, 502), 'b3').verdict.ok).toBe(true); // exclusive by default
    expect(redeem(till.mint(1, 503), 'b3').verdict).toMatchObject({ ok: false, reason: 'not_stackable', params: { withName: 'Spend 99 get 15' } });
  });

  it('a product barcode is not a coupon; other unknown text stays not found', () => {
    expect(redeem('6901234567892', 'b4').verdict).toEqual({ ok: false, reason: 'product_barcode' });
    expect(redeem('6901234567893', 'b4').verdict).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('below the minimum: how much more to spend', () => {
    expect(redeem(till.mint(3, 504), 'b5', 9_000).verdict).toMatchObject({
      ok: false,
      reason: 'below_minimum_spend',
      params: { shortMinor: 900, minSpendMinor: 9_900 },
    });
  });
});
