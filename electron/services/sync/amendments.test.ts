import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { countUnsentAmendments } from '../../db/repos/amendments';
import { makePosTill, type PosKit } from '../pos/testing';
import { addMechanicCampaigns } from '../testing/mechanicCampaigns';
import { SyncEngine } from './engine';
import type { FetchLike } from './hqClient';
import { fastSync } from './testing';

/** The till sends its amendments (decision 082) after the redemptions they amend; HQ's figures follow them. */

const LINES: OrderLineInput[] = [
  { lineId: 'Y', sku: 'YOG', category: 'dairy', quantity: 3, unitPriceMinor: 500 },
  { lineId: 'R', sku: 'RICE-5KG', category: 'grocery', quantity: 1, unitPriceMinor: 8_500 },
];
const TOTAL = 10_000;

describe('amendments to HQ', () => {
  let hq: TestHq;
  let t: PosKit;
  let engine: SyncEngine;
  let oldHq: boolean;

  beforeEach(async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed({ storeIds: ['s1'] });
    t = makePosTill();
    oldHq = false;
    const wire: FetchLike = async (url, init) => {
      if (oldHq && String(url).endsWith('/v1/sync/amendments'))
        return new Response(JSON.stringify({ error: 'not_found', message: 'Route not found' }), { status: 404 });
      return (fetch as unknown as FetchLike)(url, init);
    };
    engine = new SyncEngine({ db: t.db, now: () => t.clock.now, fetch: wire, options: fastSync, configureTill: (c) => t.service.configure(c) });
    await engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    addMechanicCampaigns(t.db);
  });
  afterEach(async () => {
    await engine.stop();
    t.close();
    await hq.cleanup();
  });

  async function restackedSale(): Promise<string> {
    t.orders.open({ orderId: 'O-1', lines: LINES, totalMinor: TOTAL }, t.pos);
    const pct = await t.orders.apply({ orderId: 'O-1', code: t.mint(2, 1) }, t.pos); // 10%: 10.00
    expect((await t.orders.apply({ orderId: 'O-1', code: t.mint(31, 1) }, t.pos)).verdict.ok).toBe(true); // 3 for 2 first: 10% of 95.00
    return pct.order.effects.coupons[0]!.redemptionId;
  }

  it('sends each amendment once after its redemption; HQ counts the amended figure; an HQ without the endpoint leaves them waiting', async () => {
    const id = await restackedSale();
    oldHq = true;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(countUnsentAmendments(t.db)).toBe(1);
    const day = () => hq.ctx.db.selectFrom('redemption_days').select('discount_minor').where('redemption_id', '=', id).executeTakeFirstOrThrow();
    expect(Number((await day()).discount_minor)).toBe(1_000);
    oldHq = false;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(countUnsentAmendments(t.db)).toBe(0);
    const stored = await hq.ctx.db.selectFrom('redemption_amendments').select(['redemption_id', 'before_minor', 'after_minor', 'reason']).execute();
    expect(stored.map((s) => ({ ...s, before_minor: Number(s.before_minor), after_minor: Number(s.after_minor) }))).toEqual([
      { redemption_id: id, before_minor: 1_000, after_minor: 950, reason: 'restacked' },
    ]);
    expect(Number((await day()).discount_minor)).toBe(950);
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await hq.ctx.db.selectFrom('redemption_amendments').select('id').execute()).toHaveLength(1);
  });
});
