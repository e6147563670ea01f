import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssuedReport, IssuingResponse } from '../shared/issuing';
import { readCode } from '../shared/couponCode';
import { enrollPosTill, T0, type PosTestTill } from './posTestSupport';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** Bounce-back coupons (decision 086): HQ signs each till blocks of codes and bounds what it may hand out. */

describe.each(TEST_DIALECTS)('bounce-back issuing at HQ (%s)', (dialect) => {
  let hq: TestHq;
  let till: PosTestTill;
  let other: PosTestTill;
  const BLOCK = 10;

  const call = async (who: PosTestTill, issued: unknown[]) => {
    const r = await fetch(`${hq.url}/v1/sync/issuing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issued }),
    });
    return { status: r.status, body: (await r.json()) as IssuingResponse };
  };
  const report = (couponKey: string, n: number): IssuedReport => ({
    couponKey,
    basketId: `pos:O-${n}`,
    receiptNo: `R-${n}`,
    paidMinor: 12_000,
    issuedAt: T0 + n,
  });
  const issuances = async () =>
    Number(
      (
        await hq.ctx.db
          .selectFrom('till_issuances')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeEach(async () => {
    hq = await startTestHq(dialect, { now: () => T0 + 5_000 });
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    await hq.admin.ok('POST', '/admin/campaigns', {
      id: 40,
      name: '¥10 off your next visit',
      benefit: { type: 'cash', amountOffMinor: 1_000 },
      rules: { daysAfterIssue: 30, storesAllow: ['s1'], bounceBack: { minSpendMinor: 10_000, blockSize: BLOCK } },
    });
    till = await enrollPosTill(hq, 's1');
    other = await enrollPosTill(hq, 's1');
  });
  afterEach(() => hq.cleanup());

  it('signs a till one block of ordinary signed codes of the campaign, and gives the same codes again until it hands some out', async () => {
    const first = await call(till, []);
    expect(first.status).toBe(200);
    expect(first.body.held).toHaveLength(BLOCK);
    for (const h of first.body.held) {
      const code = readCode(h.code);
      expect(code.ok && code.code.kind === 'signed' && code.code.payload.campaignId).toBe(40);
      expect(code.ok && code.code.kind === 'signed' && code.code.couponKey).toBe(h.couponKey);
    }
    expect((await call(till, [])).body.held).toEqual(first.body.held);
    // Another till of the store gets its own block, with other serials.
    const theirs = (await call(other, [])).body.held;
    expect(theirs).toHaveLength(BLOCK);
    expect(theirs.some((h) => first.body.held.some((m) => m.couponKey === h.couponKey))).toBe(false);
  });

  it('bounds what a till holds: a new block only once it has handed out half of what it holds, never more than 1.5 blocks', async () => {
    const held = (await call(till, [])).body.held;
    const handed = held.slice(0, BLOCK / 2).map((h, i) => report(h.couponKey, i));
    const r1 = await call(till, handed);
    expect(r1.body.accepted).toEqual(handed.map((h) => h.couponKey));
    expect(r1.body.held).toHaveLength(BLOCK / 2); // half a block left: no new one yet
    const r2 = await call(till, [report(held[BLOCK / 2]!.couponKey, 99)]);
    expect(r2.body.held).toHaveLength(BLOCK / 2 - 1 + BLOCK); // under half: one more block
    expect(r2.body.held.length).toBeLessThan(1.5 * BLOCK);
    // A report sent again is accepted once (a retry after a lost answer), stored once.
    const again = await call(till, handed);
    expect(again.body.accepted).toHaveLength(handed.length);
    expect(await issuances()).toBe(BLOCK / 2 + 1);
  });

  it("refuses a report of a code that is not one of this till's blocks, and one that is malformed; stores nothing for them", async () => {
    const mine = (await call(till, [])).body.held;
    await call(other, []);
    const minted = await hq.admin.mint(40, 1); // printed by HQ for a mailing: no till's block
    const r = await call(other, [report(mine[0]!.couponKey, 1), report(minted[0]!.couponKey, 2), { couponKey: 'nonsense' }]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toEqual([]);
    expect(r.body.refused.map((x) => x.reason)).toEqual(['not_this_tills_code', 'not_this_tills_code', 'invalid_report']);
    expect(await issuances()).toBe(0);
  });

  it('signs no block for a store the campaign is not for, nor once the campaign has ended', async () => {
    const s2 = await enrollPosTill(hq, 's2');
    expect((await call(s2, [])).body.held).toEqual([]);
    await hq.admin.ok('POST', '/admin/campaigns/40/end');
    const fresh = await enrollPosTill(hq, 's1');
    expect((await call(fresh, [])).body.held).toEqual([]);
  });

  it('refuses a till without a credential and a body over the limit', async () => {
    const anon = await fetch(`${hq.url}/v1/sync/issuing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issued: [] }),
    });
    expect(anon.status).toBe(401);
    const big = await call(
      till,
      Array.from({ length: 501 }, (_, i) => report('s:40:1', i)),
    );
    expect(big.status).toBe(400);
  });

  it('counts, in the flags report, a bounce-back code redeemed that no till reported handing out, until its report arrives', async () => {
    const [code] = (await call(till, [])).body.held;
    const flags = async () =>
      (await hq.admin.ok<Record<string, { count: number; discountMinor: number }>>('GET', '/admin/reports/flags')).bounceback_not_handed_out;
    expect(await flags()).toEqual({ count: 0, discountMinor: 0 });
    // Redeemed at another till before the till that handed it out has synced.
    await other.push([other.redemption(null, { couponKey: code!.couponKey, campaignId: 40, discountMinor: 1_000 })]);
    expect(await flags()).toEqual({ count: 1, discountMinor: 1_000 });
    await call(till, [report(code!.couponKey, 1)]);
    expect(await flags()).toEqual({ count: 0, discountMinor: 0 });
  });
});
