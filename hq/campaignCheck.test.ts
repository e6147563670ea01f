import { describe, expect, it } from 'vitest';
import { checkCampaign } from './campaignCheck';

const multiBuy = { id: 7, name: 'Yogurt 3 for 2', benefit: { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 }, rules: { scope: { skus: ['Y'] } } };

describe('campaign check (the CLI, offline)', () => {
  it('says what a valid campaign gives on a basket, and where it stacks', () => {
    expect(checkCampaign(multiBuy, [{ sku: 'Y', unitPriceMinor: 500, quantity: 3 }])).toEqual({
      valid: true,
      id: 7,
      name: 'Yogurt 3 for 2',
      type: 'multi_buy',
      stackingRank: 100,
      onBasket: { ok: true, discountMinor: 500, eligibleMinor: 1_500 },
    });
  });

  it('says why it is refused on a basket, in English and Chinese', () => {
    const r = checkCampaign({ about: 'x', campaign: multiBuy, basket: [{ sku: 'Y', unitPriceMinor: 500, quantity: 2 }] });
    expect(r).toMatchObject({ valid: true, onBasket: { ok: false, reason: 'multi_buy_incomplete' } });
    if (r.valid && r.onBasket && !r.onBasket.ok) {
      expect(r.onBasket.message).toBe('Not a full multi-buy yet (buy 1 more to get 1 free)');
      expect(r.onBasket.messageZh).toBe('还未凑满优惠（再买 1 件，送 1 件）');
    }
  });

  it('lists every problem of a bad campaign or basket by its place', () => {
    expect(checkCampaign({ ...multiBuy, benefit: { type: 'free_item' }, rules: { trigger: {} } })).toEqual({
      valid: false,
      problems: [
        'rules.trigger: a trigger names at least one SKU or category',
        'benefit.skus: a free item names the group it is chosen from: skus or categories',
      ],
    });
    expect(checkCampaign(multiBuy, [{ sku: 'Y', unitPriceMinor: -1, quantity: 1 }])).toMatchObject({
      valid: false,
      problems: [expect.stringMatching(/^basket\.0\.unitPriceMinor/)],
    });
  });
});
