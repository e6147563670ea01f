import { describe, expect, it } from 'vitest';
import { CampaignSchema, type CampaignInput } from '../../shared/campaign';
import { maxDiscount } from './checks';

const campaign = (benefit: CampaignInput['benefit'], rules: CampaignInput['rules'] = {}) => CampaignSchema.parse({ id: 1, name: 'c', benefit, rules });

describe('maxDiscount: the most HQ believes a campaign gives, as the till computes it', () => {
  it('rounds a percentage half-up as the till does: 10% of 16.27 is 1.63', () => {
    expect(maxDiscount(campaign({ type: 'percent', percentOffBp: 1_000 }), 1_627, 1_627)).toBe(163);
  });

  it('bounds a unit mechanic by its eligible amount (HQ does not see the lines), a free item by the basket', () => {
    expect(maxDiscount(campaign({ type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 }, { scope: { skus: ['A'] } }), 3_000, 9_000)).toBe(3_000);
    expect(maxDiscount(campaign({ type: 'cheapest_item' }), 3_000, 9_000)).toBe(3_000);
    expect(maxDiscount(campaign({ type: 'free_item', categories: ['snacks'] }, { minSpendMinor: 2_000 }), 3_000, 9_000)).toBe(9_000);
    expect(maxDiscount(campaign({ type: 'free_item', categories: ['snacks'] }, { minSpendMinor: 5_000 }), 3_000, 9_000)).toBe(0);
  });
});
