import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { BounceBacks } from '../bounceBack';
import { PosOrders } from '../pos/orders';
import { makePosTill, type PosKit } from '../pos/testing';
import { NOON } from '../testing/tillKit';
import { TillRedemptions } from '../tillRedemptions';
import { SyncEngine } from './engine';
import type { FetchLike } from './hqClient';
import { fastSync } from './testing';

/**
 * Bounce-back coupons end to end (mechanic 8, decision 086): HQ signs the till a block, the till
 * hands one out offline when a POS order that paid enough closes, the POS gets the code to print,
 * the code redeems like any signed code, and the till reports it to HQ at the next sync.
 */

const LINES: OrderLineInput[] = [{ lineId: 'A', sku: 'RICE', category: 'grocery', quantity: 4, unitPriceMinor: 3_000 }];
const BLOCK = 10;

describe('bounce-back coupons between the till and HQ', () => {
  let hq: TestHq;
  let t: PosKit;
  let engine: SyncEngine;
  let orders: PosOrders;
  let bounceBacks: BounceBacks;
  let oldHq: boolean;

  beforeEach(async () => {
    hq = await startTestHq('sqlite', { now: () => NOON });
    await hq.admin.seed({ storeIds: ['s1'] });
    await hq.admin.ok('POST', '/admin/campaigns', {
      id: 40,
      name: '¥10 off your next visit',
      benefit: { type: 'cash', amountOffMinor: 1_000 },
      rules: { daysAfterIssue: 30, bounceBack: { minSpendMinor: 10_000, blockSize: BLOCK } },
    });
    t = makePosTill();
    oldHq = false;
    const wire: FetchLike = async (url, init) =>
      oldHq && String(url).endsWith('/v1/sync/issuing')
        ? new Response(JSON.stringify({ error: 'not_found', message: 'Route not found' }), { status: 404 })
        : (fetch as unknown as FetchLike)(url, init);
    bounceBacks = new BounceBacks(t.db, { campaigns: () => t.service.campaigns(), storeId: () => t.service.storeId(), now: () => t.clock.now });
    engine = new SyncEngine({ db: t.db, now: () => t.clock.now, fetch: wire, options: fastSync, configureTill: (c) => t.service.configure(c), bounceBacks });
    await engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    orders = new PosOrders({
      db: t.db,
      ledger: t.service,
      redemptions: new TillRedemptions(t.service, t.db, null, () => t.clock.now),
      now: () => t.clock.now,
      bounceBacks,
    });
  });
  afterEach(async () => {
    await engine.stop();
    t.close();
    await hq.cleanup();
  });

  const sell = async (orderId: string, paidTotalMinor: number, opts: { key?: string } = {}) => {
    const [code] = await hq.admin.mint(1, 1);
    orders.open({ orderId, lines: LINES, totalMinor: 12_000 }, t.pos);
    expect((await orders.apply({ orderId, code: code!.code }, t.pos)).verdict.ok).toBe(true);
    return orders.close({ orderId, receiptNo: `R-${orderId}`, paidTotalMinor }, opts.key ? t.keyed(opts.key) : t.pos);
  };
  const issuedAtHq = () => hq.ctx.db.selectFrom('till_issuances').select(['coupon_key', 'basket_id', 'receipt_no', 'paid_minor']).execute();

  it('hands out one code with an order that paid enough, offline; it redeems elsewhere; HQ hears of it at the next sync', async () => {
    expect((await engine.syncNow()).ok).toBe(true);
    expect(bounceBacks.holding()).toEqual([{ campaignId: 40, left: BLOCK }]);
    oldHq = true; // from here the till is as good as offline for issuing: it hands out from what it holds
    const closed = await sell('O-1', 10_000);
    expect(closed.issuedCoupons).toHaveLength(1);
    const coupon = closed.issuedCoupons![0]!;
    expect(coupon).toMatchObject({ campaignId: 40, campaignName: '¥10 off your next visit', expiryDay: expect.any(Number) });
    expect(orders.get({ orderId: 'O-1' }).issuedCoupons).toEqual(closed.issuedCoupons);
    // Paid under the minimum: nothing handed out.
    expect((await sell('O-2', 9_999)).issuedCoupons).toBeUndefined();
    expect(bounceBacks.holding()).toEqual([{ campaignId: 40, left: BLOCK - 1 }]);
    // An HQ without the endpoint does not fail the sync; the report waits.
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await issuedAtHq()).toEqual([]);
    // It is an ordinary signed code of campaign 40: the next visit redeems it.
    const next = t.service.validate({ code: coupon.code, basket: { id: 'next-visit', totalMinor: 5_000 }, source: 'manual' });
    expect(next).toMatchObject({ ok: true, campaignId: 40, discountMinor: 1_000 });
    oldHq = false;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await issuedAtHq()).toEqual([{ coupon_key: coupon.couponKey, basket_id: 'pos:O-1', receipt_no: 'R-O-1', paid_minor: 10_000 }]);
    expect(bounceBacks.unreported(10)).toEqual([]);
  });

  it('a close retried with the same key answers the same code; the till never hands out more than it holds', async () => {
    expect((await engine.syncNow()).ok).toBe(true);
    const first = await sell('O-1', 12_000, { key: 'close-1' });
    const again = orders.close({ orderId: 'O-1', receiptNo: 'R-O-1', paidTotalMinor: 12_000 }, t.keyed('close-1'));
    expect(again.issuedCoupons).toEqual(first.issuedCoupons);
    for (let i = 2; i <= BLOCK + 2; i++) await sell(`O-${i}`, 12_000);
    // BLOCK codes held, BLOCK + 2 orders: the last two close without one (the sale is never held up).
    const handed = t.db.prepare('SELECT count(*) AS n FROM issuing_codes WHERE issued_at IS NOT NULL').get() as { n: number };
    expect(handed.n).toBe(BLOCK);
    expect(orders.get({ orderId: `O-${BLOCK + 2}` }).state).toBe('closed');
    // The next sync reports them all and HQ signs a new block.
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await issuedAtHq()).toHaveLength(BLOCK);
    expect(bounceBacks.holding()).toEqual([{ campaignId: 40, left: BLOCK }]);
  });
});
