import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makePosTill, type PosKit } from './pos/testing';
import { TillRedemptions, type OnlineClaim } from './tillRedemptions';

/** The online claim at HQ before a redemption, and what it costs the redemptions that need none. */

let t: PosKit;
let claims: number;
let redemptions: TillRedemptions;
beforeEach(() => {
  t = makePosTill();
  claims = 0;
  const hq: OnlineClaim = { claim: async () => ((claims += 1), { decision: 'claimed', latencyMs: 1 }), maybeOnline: () => true, notify: () => undefined };
  redemptions = new TillRedemptions(t.service, t.db, hq, () => t.clock.now);
});
afterEach(() => t.close());

const who = { cashierId: 'c1', approvedBy: null, selfApproves: false };
const basket = (id: string) => ({ id, totalMinor: 20_000 });

describe('redeeming at the till', () => {
  it('decides a coupon that needs no online claim once: no dry run before the redeem, no call to HQ', async () => {
    const dryRun = vi.spyOn(t.service, 'validate');
    const r = await redemptions.redeem({ code: t.mint(1, 1), basket: basket('b1'), source: 'manual' }, who);
    expect(r.verdict).toMatchObject({ ok: true, discountMinor: 500 });
    expect(dryRun).not.toHaveBeenCalled();
    expect(claims).toBe(0);
  });

  it('claims at HQ first for a campaign that requires it, and refuses bad requests as before', async () => {
    const r = await redemptions.redeem({ code: t.mint(25, 1), basket: basket('b2'), source: 'manual' }, who);
    expect(r.verdict).toMatchObject({ ok: true, campaignId: 25 });
    expect(claims).toBe(1);
    await expect(redemptions.claimFor({ code: '', basket: basket('b3'), source: 'manual' })).rejects.toMatchObject({ code: 'bad_request' });
    // A code that is no coupon of ours needs no claim: the redeem refuses it.
    const junk = await redemptions.redeem({ code: 'NOT-A-COUPON', basket: basket('b4'), source: 'manual' }, who);
    expect(junk.verdict.ok).toBe(false);
    expect(claims).toBe(1);
  });
});
