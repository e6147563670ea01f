import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AmendmentPushResponse, AmendmentUpload } from '../shared/amendmentSync';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import { enrollPosTill, T0, type PosTestTill } from './posTestSupport';
import { reconcile } from './services/reconciliation';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** HQ stores amendments of redemptions' figures once each; the latest by HLC sets the figure HQ counts (decisions 080, 082). */

describe.each(TEST_DIALECTS)('amendments at HQ (%s)', (dialect) => {
  let hq: TestHq;
  let till: PosTestTill;
  let other: PosTestTill;
  let counter = 0;
  const amend = (r: RedemptionUpload, afterMinor: number, wallMs: number, extra: Partial<AmendmentUpload> = {}): AmendmentUpload => ({
    id: newId(),
    redemptionId: r.id,
    storeId: r.storeId,
    tillId: r.tillId,
    basketId: r.basketId,
    basketTotalMinor: r.basketTotalMinor,
    beforeMinor: r.discountMinor,
    afterMinor,
    eligibleMinor: 9_000,
    reason: 'restacked',
    hlc: encodeHlc({ wallMs, counter: counter++, node: r.tillId }),
    at: wallMs,
    ...extra,
  });
  const post = async (who: PosTestTill, items: unknown[]) => {
    const r = await fetch(`${hq.url}/v1/sync/amendments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as AmendmentPushResponse).results;
  };
  const stored = async () =>
    Number(
      (
        await hq.ctx.db
          .selectFrom('redemption_amendments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const dayFigure = async (id: string) =>
    Number((await hq.ctx.db.selectFrom('redemption_days').select('discount_minor').where('redemption_id', '=', id).executeTakeFirstOrThrow()).discount_minor);

  beforeEach(async () => {
    hq = await startTestHq(dialect, { now: () => T0 + 5_000 });
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    till = await enrollPosTill(hq, 's1');
    other = await enrollPosTill(hq, 's1');
  });
  afterEach(() => hq.cleanup());

  it('takes the latest amendment by HLC as the figure, whatever order they arrive in; reconciliation counts it; a retry changes nothing', async () => {
    const r = till.redemption('O-1', { discountMinor: 2_000 });
    expect((await till.push([r])).results[0]!.status).toBe('applied');
    const first = amend(r, 1_500, T0 + 2_000);
    const second = amend(r, 1_200, T0 + 3_000, { beforeMinor: 1_500 });
    expect(await post(till, [second, first])).toEqual([
      { id: second.id, status: 'applied' },
      { id: first.id, status: 'applied' },
    ]);
    expect(await dayFigure(r.id)).toBe(1_200);
    const rec = await reconcile(hq.ctx, { storeId: 's1', from: '2025-06-15', to: '2025-06-15' });
    expect(rec.days[0]!.redemptions.discountMinor).toBe(1_200);
    expect(await post(till, [{ ...first, seq: 7 }])).toEqual([{ id: first.id, status: 'duplicate' }]);
    expect(await stored()).toBe(2);
    expect(await dayFigure(r.id)).toBe(1_200);
  });

  it("refuses what is not the till's own, names no redemption HQ holds, reuses an id or amends a void, and stores nothing for it", async () => {
    const r = till.redemption('O-2');
    const v = till.voidOf(till.redemption('O-3'));
    await till.push([r]);
    const ok = amend(r, 1_000, T0 + 2_000);
    await post(till, [ok]);
    const results = await post(till, [
      amend(till.redemption('O-9'), 100, T0 + 2_000),
      { ...ok, afterMinor: 900 },
      amend(r, 900, T0 + 2_000, { tillId: other.tillId }),
      { id: 'nope' },
    ]);
    expect(results.map((x) => [x.status, x.reason])).toEqual([
      ['rejected', 'redemption_unknown'],
      ['rejected', 'id_reused'],
      ['rejected', 'not_this_till'],
      ['rejected', 'invalid_amendment'],
    ]);
    expect((await post(other, [amend(r, 900, T0 + 2_000, { tillId: other.tillId })]))[0]).toMatchObject({
      reason: 'redemption_not_this_till',
      httpStatus: 403,
    });
    await till.push([v]);
    expect((await post(till, [amend(v, 0, T0 + 2_000)]))[0]).toMatchObject({ reason: 'not_a_redemption' });
    expect(await stored()).toBe(1);
    expect(await dayFigure(r.id)).toBe(1_000);
  });

  it('stores a figure above the basket but flags it for a person', async () => {
    const r = till.redemption('O-4', { basketTotalMinor: 3_000, discountMinor: 500 });
    await till.push([r]);
    const big = amend(r, 5_000, T0 + 2_000);
    expect((await post(till, [big]))[0]!.status).toBe('applied');
    const row = await hq.ctx.db.selectFrom('redemption_amendments').select('flags').where('id', '=', big.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.flags!)).toEqual({ figures_mismatch: { problem: 'more_than_basket', tillDiscountMinor: 5_000, hqDiscountMinor: 3_000 } });
    // The flags report counts it for a person, at the figure the till claimed.
    const report = await hq.admin.ok<Record<string, { count: number; discountMinor: number }>>('GET', '/admin/reports/flags');
    expect(report.figures_mismatch).toEqual({ count: 1, discountMinor: 5_000 });
  });
});
