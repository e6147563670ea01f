import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PushResponse } from '../shared/sync';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * HQ trusts no till (issue 11, items 1-3): a backdated or impossible clock cannot win a code, the
 * figures a till sends are recomputed and flagged, and a void cannot be planted for another store.
 */

const T0 = 1_750_000_000_000;

interface Row {
  id: string;
  status: string;
  voided: boolean;
  clockSuspect: boolean;
  flags: Record<string, Record<string, unknown>>;
}

async function enrollTill(hq: TestHq, storeId: string) {
  const token = await hq.admin.enrollmentToken(storeId);
  const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const { tillId, credential } = (await res.json()) as { tillId: string; credential: string };
  let wall = T0 + 1_000;
  let seq = 0;
  const upload = (couponKey: string, extra: Partial<RedemptionUpload> = {}): RedemptionUpload => ({
    id: newId(),
    kind: 'redeem',
    voidsId: null,
    couponKey,
    campaignId: 1,
    storeId,
    tillId,
    cashierId: 'c1',
    basketId: newId(),
    basketTotalMinor: 10_000,
    discountMinor: 2_000,
    memberId: null,
    source: 'manual',
    hlc: encodeHlc({ wallMs: wall++, counter: 0, node: tillId }),
    createdAt: wall,
    reason: null,
    approvedBy: null,
    seq: ++seq,
    campaignVersion: 1,
    eligibleMinor: 10_000,
    ...extra,
  });
  const push = async (items: unknown[]) => {
    const r = await fetch(`${hq.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    return (await r.json()) as PushResponse;
  };
  return {
    tillId,
    upload,
    push,
    voidOf: (r: RedemptionUpload, extra: Partial<RedemptionUpload> = {}) => upload(r.couponKey, { kind: 'void', voidsId: r.id, reason: 'mistake', ...extra }),
  };
}

describe.each(TEST_DIALECTS)('HQ trusts no till (%s)', (dialect) => {
  let hq: TestHq;
  let now = T0;
  const rows = async (couponKey?: string) => {
    const all = await hq.admin.ok<Row[]>('GET', `/admin/redemptions${couponKey ? `?couponKey=${encodeURIComponent(couponKey)}` : ''}`);
    return new Map(all.map((r) => [r.id, r]));
  };
  beforeEach(async () => {
    now = T0;
    hq = await startTestHq(dialect, { now: () => now });
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
  });
  afterEach(() => hq.cleanup());

  it('1. a backdated redemption cannot beat an honest one: it is stored, flagged clock_suspect and ranked last', async () => {
    const honest = await enrollTill(hq, 's1');
    const other = await enrollTill(hq, 's2');
    const codes = await hq.admin.mint(1, 5);
    now = T0 + 60_000;
    const won = honest.upload(codes[0]!.couponKey);
    expect((await honest.push([won])).results[0]).toMatchObject({ status: 'applied', verdict: 'accepted' });
    const cases: [string, (k: string) => RedemptionUpload][] = [
      ['before_enrolment', (k) => other.upload(k, { hlc: encodeHlc({ wallMs: 1, counter: 0, node: other.tillId }), createdAt: 1 })],
      ['names_another_till', (k) => other.upload(k, { hlc: encodeHlc({ wallMs: T0 + 500, counter: 0, node: honest.tillId }) })],
      ['ahead_of_hq', (k) => other.upload(k, { hlc: encodeHlc({ wallMs: 999_999_999_999_999, counter: 0, node: other.tillId }) })],
    ];
    for (const [problem, make] of cases) {
      const bad = make(won.couponKey);
      expect((await other.push([bad])).results[0], problem).toMatchObject({ status: 'applied', verdict: 'conflict' });
      const r = await rows(won.couponKey);
      expect(r.get(won.id)!.status, problem).toBe('accepted');
      expect(r.get(bad.id), problem).toMatchObject({ status: 'conflict', clockSuspect: true, flags: { clock_suspect: { problem } } });
    }
    // Going back in its own outbox order: earlier than the same till's previous redemption.
    const first = other.upload(codes[1]!.couponKey);
    const second = other.upload(codes[1]!.couponKey);
    await other.push([first]);
    const later = honest.upload(codes[2]!.couponKey);
    await honest.push([later]);
    const back = other.upload(codes[2]!.couponKey, { hlc: encodeHlc({ wallMs: T0 + 1_000, counter: 0, node: other.tillId }) });
    expect((await other.push([back])).results[0]).toMatchObject({ verdict: 'conflict' });
    expect((await rows(codes[2]!.couponKey)).get(back.id)).toMatchObject({ clockSuspect: true, flags: { clock_suspect: { problem: 'before_previous' } } });
    expect((await rows(codes[2]!.couponKey)).get(later.id)!.status).toBe('accepted');
    // The same sequence number twice is suspect too; an honest in-order one is not.
    expect((await other.push([{ ...second, seq: first.seq }])).results[0]).toMatchObject({ status: 'applied' });
    expect((await rows()).get(second.id)).toMatchObject({ clockSuspect: true, flags: { clock_suspect: { problem: 'seq_reused' } } });
    const fine = other.upload(codes[3]!.couponKey);
    await other.push([fine]);
    expect((await rows()).get(fine.id)).toMatchObject({ status: 'accepted', clockSuspect: false, flags: {} });
    // HQ's conflict list shows the suspect losers for a person to decide.
    const conflicts = await hq.admin.ok<{ redemptionId: string; clockSuspect: boolean }[]>('GET', '/admin/conflicts');
    expect(conflicts.filter((c) => c.clockSuspect).length).toBeGreaterThanOrEqual(4);
    const report = await hq.admin.ok<Record<string, { count: number }>>('GET', '/admin/reports/flags');
    expect(report.clock_suspect!.count).toBe(5);
  });

  it('1. a suspect redemption that arrives first still loses the use when the honest one arrives', async () => {
    const honest = await enrollTill(hq, 's1');
    const other = await enrollTill(hq, 's2');
    const [code] = await hq.admin.mint(1, 1);
    now = T0 + 60_000;
    const bad = other.upload(code!.couponKey, { hlc: encodeHlc({ wallMs: 5, counter: 0, node: other.tillId }) });
    expect((await other.push([bad])).results[0]).toMatchObject({ verdict: 'accepted' });
    const good = honest.upload(code!.couponKey);
    expect((await honest.push([good])).results[0]).toMatchObject({ verdict: 'accepted' });
    const r = await rows(code!.couponKey);
    expect([r.get(good.id)!.status, r.get(bad.id)!.status]).toEqual(['accepted', 'conflict']);
  });

  it("2. figures are recomputed from the campaign version the till used; mismatches are stored and flagged beside HQ's figure", async () => {
    const till = await enrollTill(hq, 's1');
    const codes = await hq.admin.mint(1, 6);
    // Version 2 gives 30 off: a till that used version 2 may give 30, one that used version 1 only 20.
    await hq.admin.ok('PUT', '/admin/campaigns/1', { id: 1, name: 'Spring 30 off', benefit: { type: 'cash', amountOffMinor: 3000 }, rules: {} });
    const huge = till.upload(codes[0]!.couponKey, { discountMinor: 10 ** 12, basketTotalMinor: 10 ** 13, eligibleMinor: 10 ** 13 });
    const overBasket = till.upload(codes[1]!.couponKey, { discountMinor: 1_500, basketTotalMinor: 1_000, eligibleMinor: 1_000 });
    const wrongCampaign = till.upload(codes[2]!.couponKey, { campaignId: 7 });
    const unknown = till.upload('s:999:1', { campaignId: 999 });
    const v2 = till.upload(codes[3]!.couponKey, { discountMinor: 3_000, campaignVersion: 2 });
    const v1Over = till.upload(codes[4]!.couponKey, { discountMinor: 3_000, campaignVersion: 1 });
    const older = till.upload(codes[5]!.couponKey, { campaignVersion: undefined, eligibleMinor: undefined });
    const answer = await till.push([huge, overBasket, wrongCampaign, unknown, v2, v1Over, older]);
    expect(answer.results.every((x) => x.status === 'applied')).toBe(true);
    const r = await rows();
    expect(r.get(huge.id)!.flags.figures_mismatch).toEqual({ problem: 'more_than_campaign_gives', tillDiscountMinor: 10 ** 12, hqDiscountMinor: 2_000 });
    expect(r.get(overBasket.id)!.flags.figures_mismatch).toMatchObject({ problem: 'more_than_basket', tillDiscountMinor: 1_500 });
    expect(r.get(wrongCampaign.id)!.flags).toMatchObject({ wrong_campaign: { tillCampaignId: 7, codeCampaignId: 1 }, unknown_campaign: { campaignId: 7 } });
    expect(r.get(unknown.id)!.flags).toMatchObject({ unknown_campaign: { campaignId: 999 }, unknown_code: { couponKey: 's:999:1' } });
    expect(r.get(v2.id)!.flags).toEqual({});
    expect(r.get(v1Over.id)!.flags.figures_mismatch).toEqual({ problem: 'more_than_campaign_gives', tillDiscountMinor: 3_000, hqDiscountMinor: 2_000 });
    expect(r.get(older.id)!.flags).toEqual({ not_verifiable: { missing: ['eligibleMinor', 'campaignVersion'] } });
    const report = await hq.admin.ok<Record<string, { count: number; discountMinor: number }>>('GET', '/admin/reports/flags');
    expect(report.figures_mismatch).toEqual({ count: 3, discountMinor: 10 ** 12 + 1_500 + 3_000 });
    expect(report.not_verifiable!.count).toBe(1);
    const flagged = await hq.admin.ok<Row[]>('GET', '/admin/redemptions?flag=figures_mismatch');
    expect(flagged.map((x) => x.id).sort()).toEqual([huge.id, overBasket.id, v1Over.id].sort());
  });

  it('3. a void for a redemption HQ does not have is held, and refused when the real one arrives from another store', async () => {
    const owner = await enrollTill(hq, 's1');
    const planter = await enrollTill(hq, 's2');
    const [a, b] = await hq.admin.mint(1, 2);
    const real = owner.upload(a!.couponKey);
    const planted = planter.voidOf(real);
    expect((await planter.push([planted])).results[0]).toMatchObject({ status: 'applied' });
    expect((await rows()).get(planted.id)!.status).toBe('pending');
    expect((await owner.push([real])).results[0]).toMatchObject({ verdict: 'accepted' });
    const r = await rows();
    expect(r.get(real.id)).toMatchObject({ status: 'accepted', voided: false });
    expect(r.get(planted.id)).toMatchObject({ status: 'refused', flags: { void_target_mismatch: { targetStoreId: 's1', targetTillId: owner.tillId } } });
    // The till's own void, arriving before its redemption, is held and then applied.
    const mine = owner.upload(b!.couponKey);
    const ownVoid = owner.voidOf(mine);
    await owner.push([ownVoid]);
    await owner.push([mine]);
    const after = await rows();
    expect(after.get(mine.id)).toMatchObject({ status: 'voided', voided: true });
    expect(after.get(ownVoid.id)!.status).toBe('applied');
  });
});
