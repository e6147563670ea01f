import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignInput } from '../../shared/campaign';
import { dayNumber } from '../../shared/couponCode';
import type { HeldCode } from '../../shared/issuing';
import { BounceBacks } from './bounceBack';
import { applyRuleSetUpdate } from './ruleSet';
import { baseRuleSet, CAMPAIGNS, makeTill, NOON, type TillKit } from './testing/tillKit';

/** The till's side of bounce-back coupons (decision 086), without HQ: what it holds, hands out and drops. */

const BOUNCE: CampaignInput = {
  id: 40,
  name: '¥10 off your next visit',
  benefit: { type: 'cash', amountOffMinor: 1_000 },
  rules: { bounceBack: { minSpendMinor: 10_000, blockSize: 10 } },
};
let t: TillKit;
let b: BounceBacks;
const today = dayNumber(NOON);
const held = (serial: number, expiryDay = today + 30): HeldCode => ({ campaignId: 40, couponKey: `s:40:${serial}`, code: `CODE-${serial}`, expiryDay });

beforeEach(() => {
  t = makeTill({ ruleSet: false });
  const applied = applyRuleSetUpdate(t.db, { ...baseRuleSet(t.key, t.retiredKey), campaigns: [...Object.values(CAMPAIGNS), BOUNCE] }, NOON);
  if (!applied.ok) throw new Error(applied.error);
  b = new BounceBacks(t.db, { campaigns: () => t.service.campaigns(), storeId: () => t.service.storeId(), now: () => t.clock.now });
});
afterEach(() => t.close());

const issue = (basketId: string, paidMinor = 12_000) => t.db.transaction(() => b.issueFor({ basketId, paidMinor, receiptNo: 'R-1' }, 'pos:test'))();

describe('bounce-back codes at the till', () => {
  it('hands out the earliest-expiring code still good after today, one per basket, and the same one again on a retry', () => {
    b.settle({ accepted: [], refused: [], held: [held(1, today + 30), held(2, today + 5), held(3, today)] });
    const first = issue('pos:O-1');
    expect(first.map((c) => c.couponKey)).toEqual(['s:40:2']); // s:40:3 ends today: not handed out
    expect(issue('pos:O-1')).toEqual(first);
    t.clock.now += 60_000;
    expect(issue('pos:O-2').map((c) => c.couponKey)).toEqual(['s:40:1']);
    expect(issue('pos:O-3')).toEqual([]); // none left that is good after today
    expect(issue('pos:O-4', 9_999)).toEqual([]);
    expect(b.unreported(10).map((r) => [r.couponKey, r.basketId, r.paidMinor])).toEqual([
      ['s:40:2', 'pos:O-1', 12_000],
      ['s:40:1', 'pos:O-2', 12_000],
    ]);
  });

  it("settles HQ's answer: marks what it holds, adds new codes, drops those not handed out that HQ no longer lists, keeps those handed out", () => {
    b.settle({ accepted: [], refused: [], held: [held(1), held(2), held(3)] });
    issue('pos:O-1'); // hands out s:40:1
    const r = b.settle({ accepted: ['s:40:1'], refused: [], held: [held(3), held(4)] });
    expect(r).toEqual({ added: 1, dropped: 1, refused: 0 });
    expect(b.unreported(10)).toEqual([]);
    expect(b.holding()).toEqual([{ campaignId: 40, left: 2 }]);
    expect(b.forBasket('pos:O-1').map((c) => c.couponKey)).toEqual(['s:40:1']);
  });

  it('hands out nothing for a campaign that has ended in the rule set, or at a store it is not for', () => {
    b.settle({ accepted: [], refused: [], held: [held(1)] });
    const ended = applyRuleSetUpdate(
      t.db,
      { formatVersion: 1, fromVersion: 1, toVersion: 2, campaigns: [{ ...BOUNCE, rules: { ...BOUNCE.rules, storesAllow: ['another-store'] } }] },
      NOON,
    );
    expect(ended.ok).toBe(true);
    expect(issue('pos:O-1')).toEqual([]);
    expect(b.holding()).toEqual([{ campaignId: 40, left: 1 }]);
  });
});
