/** Every example campaign in docs/campaigns/ is valid and does on its basket what its "about" says. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BasketLineSchema, CampaignSchema } from '../campaign';
import { evaluateCoupon } from './index';
import { ctx, lineBasket } from './testFixtures';

const folder = join(__dirname, '..', '..', 'docs', 'campaigns');
const examples = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(folder, f), 'utf8')) as Record<string, unknown>] as const);

describe('docs/campaigns examples', () => {
  it('there is one for each mechanic', () => {
    const types = new Set(examples.map(([, e]) => CampaignSchema.parse(e.campaign).benefit.type));
    for (const t of ['multi_buy', 'cheapest_item', 'free_item', 'percent', 'cash']) expect(types).toContain(t);
  });

  it.each(examples)('%s', (_, example) => {
    const campaign = CampaignSchema.parse(example.campaign);
    const lines = BasketLineSchema.array().parse(example.basket);
    const result = evaluateCoupon({ couponKey: `s:${campaign.id}:1`, campaign }, lineBasket(lines), ctx());
    const expected = example.expect as { discountMinor?: number; reason?: string; params?: Record<string, unknown> };
    if (expected.reason) expect(result).toEqual({ ok: false, reason: expected.reason, ...(expected.params ? { params: expected.params } : {}) });
    else expect(result).toMatchObject({ ok: true, discountMinor: expected.discountMinor });
  });
});
