import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, TEST_DIALECTS, type TestHq } from '../../../hq/testSupport';
import { makeTestTill, type TestTill } from './testing';

/**
 * The product's promise: two offline tills redeem the same single-use coupon; whichever syncs
 * first, HQ ends in the same state with one winner (earliest HLC) and one flagged conflict,
 * and both tills learn it and refuse the code from then on.
 */
describe.each(TEST_DIALECTS)('two offline tills, one single-use code (%s)', (dialect) => {
  let hq: TestHq;
  const tills: TestTill[] = [];
  afterEach(async () => {
    while (tills.length) tills.pop()!.close();
    await hq?.cleanup();
  });

  async function setup() {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    const a = makeTestTill({ name: 'A' });
    const b = makeTestTill({ name: 'B' });
    tills.push(a, b);
    for (const t of [a, b]) {
      await t.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1', `Till ${t.name}`));
      expect((await t.engine.syncNow()).ok).toBe(true);
    }
    return { code: code!, a, b };
  }

  async function hqState() {
    const reds = (await hq.admin.ok<{ id: string; status: string; winnerId: string | null }[]>('GET', '/admin/redemptions')).map((r) => ({
      id: r.id,
      status: r.status,
      winnerId: r.winnerId,
    }));
    const conflicts = (await hq.admin.ok<{ redemptionId: string; winnerId: string; state: string }[]>('GET', '/admin/conflicts')).map((c) => ({
      redemptionId: c.redemptionId,
      winnerId: c.winnerId,
      state: c.state,
    }));
    return { reds: reds.sort((x, y) => x.id.localeCompare(y.id)), conflicts };
  }

  it('plain codes used up at one till are refused at another after its pull, which asks for Rice-coded lists (decision 087)', async () => {
    const { a, b } = await setup();
    const codes = Array.from({ length: 300 }, (_, i) => `PLAIN-${String(i).padStart(4, '0')}`);
    await hq.admin.ok('POST', '/admin/codes/import?campaignId=1', 'code\n' + codes.join('\n'), 'text/csv');
    for (const t of [a, b]) expect((await t.engine.syncNow()).ok).toBe(true);
    const used = codes.filter((_, i) => i % 3 === 0);
    for (const code of used) expect(a.redeem(code).verdict).toMatchObject({ ok: true });
    expect((await a.engine.syncNow()).ok).toBe(true);
    expect((await b.engine.syncNow()).ok).toBe(true);
    for (const code of used) expect(b.redeem(code).verdict).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    // A fresh till takes every list whole in one reset page: the plain batch's as a Rice-coded set.
    const pulls: string[] = [];
    const c = makeTestTill({
      name: 'C',
      fetch: ((url: string, init: never) => {
        pulls.push(url);
        return fetch(url, init);
      }) as never,
    });
    tills.push(c);
    await c.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    expect((await c.engine.syncNow()).ok).toBe(true);
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.filter((u) => u.includes('/v1/sync/pull')).every((u) => /[?&]spent=\d+&rice=1(&|$)/.test(u))).toBe(true);
    for (const code of used) expect(c.redeem(code).verdict).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    // The codes nobody used still go through, at B and at the fresh till.
    expect(b.redeem(codes[1]!).verdict).toMatchObject({ ok: true });
    expect(c.redeem(codes[2]!).verdict).toMatchObject({ ok: true });
  });

  for (const order of ['A then B', 'B then A'] as const) {
    it(`syncing ${order}: one winner (earliest HLC), one conflict, both tills know`, async () => {
      const { code, a, b } = await setup();
      // Both offline: A redeems first in time, then B.
      const ra = a.redeem(code.code);
      await new Promise((r) => setTimeout(r, 5));
      const rb = b.redeem(code.code);
      expect(ra.verdict.ok && rb.verdict.ok).toBe(true);
      const first = order === 'A then B' ? [a, b] : [b, a];
      for (const t of first) await t.engine.syncNow();
      for (const t of first) await t.engine.syncNow(); // the verdicts flow back
      const state = await hqState();
      expect(state.reds).toEqual(
        [
          { id: ra.redemption!.id, status: 'accepted', winnerId: null },
          { id: rb.redemption!.id, status: 'conflict', winnerId: ra.redemption!.id },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
      expect(state.conflicts).toEqual([{ redemptionId: rb.redemption!.id, winnerId: ra.redemption!.id, state: 'open' }]);
      expect(a.ledger()).toMatchObject([{ id: ra.redemption!.id, sync_state: 'accepted' }]);
      expect(b.ledger()).toMatchObject([{ id: rb.redemption!.id, sync_state: 'conflict', hq_winner_id: ra.redemption!.id }]);
      // B's manager learns which till won and when, not just a redemption id.
      expect(b.service.listRedemptions({ conflictsOnly: true, limit: 10 }).rows.map((r) => r.hqWinner)).toEqual([
        { tillId: a.tillId(), tillName: 'Till A', storeId: 's1', redeemedAt: ra.redemption!.createdAt },
      ]);
      // Used up: every till refuses it offline now (A from its own ledger, B too, and a third till via spentElsewhere).
      const c = makeTestTill({ name: 'C' });
      tills.push(c);
      await c.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
      await c.engine.syncNow();
      for (const t of [a, b, c]) expect(t.redeem(code.code).verdict).toMatchObject({ ok: false });
      expect(c.redeem(code.code).verdict).toMatchObject({ ok: false, reason: 'used_elsewhere' });
      const status = b.engine.status();
      expect(status).toMatchObject({ enrolled: true, online: true, waiting: 0, oldestWaitingAt: null, lastError: null });
    });
  }
});
