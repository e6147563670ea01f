import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { makePosTill, type PosKit } from '../pos/testing';
import { SyncEngine } from './engine';
import type { FetchLike } from './hqClient';
import { fastSync } from './testing';

/** The till sends its POS order events to HQ after the redemptions they name (issue 14), once each. */

const LINES: OrderLineInput[] = [
  { lineId: 'A', sku: 'RICE', category: 'grocery', quantity: 3, unitPriceMinor: 3_333 },
  { lineId: 'B', sku: 'TEA-1', category: 'drinks', quantity: 7, unitPriceMinor: 351 },
];
const TOTAL = LINES.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);

describe('order events to HQ', () => {
  let hq: TestHq;
  let t: PosKit;
  let engine: SyncEngine;
  let orderCalls: number;
  let oldHq: boolean;
  let wire: FetchLike;
  const count = async (table: 'pos_orders' | 'pos_order_events' | 'pos_reversals') =>
    Number(
      (
        await hq.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unsent = () => (t.db.prepare('SELECT count(*) AS n FROM pos_order_events WHERE sent_at IS NULL').get() as { n: number }).n;

  beforeEach(async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed({ storeIds: ['s1'] });
    t = makePosTill();
    orderCalls = 0;
    oldHq = false;
    wire = async (url, init) => {
      if (String(url).endsWith('/v1/sync/orders')) {
        orderCalls++;
        if (oldHq) return new Response(JSON.stringify({ error: 'not_found', message: 'Route not found' }), { status: 404 });
      }
      return (fetch as unknown as FetchLike)(url, init);
    };
    engine = new SyncEngine({ db: t.db, now: () => t.clock.now, fetch: wire, options: fastSync, configureTill: (c) => t.service.configure(c) });
    await engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
  });
  afterEach(async () => {
    await engine.stop();
    t.close();
    await hq.cleanup();
  });

  async function sale() {
    t.orders.open({ orderId: 'O-1', lines: LINES, totalMinor: TOTAL }, t.pos);
    expect((await t.orders.apply({ orderId: 'O-1', code: t.mint(1, 1) }, t.pos)).verdict.ok).toBe(true);
    t.orders.close({ orderId: 'O-1', receiptNo: 'R-1', paidTotalMinor: TOTAL - 500 }, t.pos);
    t.orders.returnLines({ orderId: 'O-1', lines: [{ lineId: 'B', quantity: 2 }] }, t.pos);
    t.orders.open({ orderId: 'O-2', lines: LINES, totalMinor: TOTAL }, t.pos);
    expect((await t.orders.apply({ orderId: 'O-2', code: t.mint(1, 2) }, t.pos)).verdict.ok).toBe(true);
    t.orders.cancel({ orderId: 'O-2' }, t.pos);
  }

  it('sends closed, returned and cancelled after the redemptions; HQ holds the receipt, the reversals and the cancellation; a second run sends nothing', async () => {
    await sale();
    expect((await engine.syncNow()).ok).toBe(true);
    expect(unsent()).toBe(0);
    const orders = await hq.ctx.db.selectFrom('pos_orders').select(['order_id', 'state', 'receipt_no', 'discount_minor']).orderBy('order_id').execute();
    expect(orders).toEqual([
      { order_id: 'O-1', state: 'partially_returned', receipt_no: 'R-1', discount_minor: expect.any(Number) },
      { order_id: 'O-2', state: 'cancelled', receipt_no: null, discount_minor: null },
    ]);
    expect(Number(orders[0]!.discount_minor)).toBeGreaterThan(0);
    expect(await count('pos_reversals')).toBeGreaterThan(0);
    const links = await hq.ctx.db.selectFrom('redemption_days').select(['order_id']).where('order_id', 'is not', null).execute();
    expect(links.map((l) => l.order_id).sort()).toEqual(['O-1', 'O-2', 'O-2']); // O-2's redemption and its void
    const calls = orderCalls;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(orderCalls).toBe(calls);
    expect(await count('pos_order_events')).toBe(3);
  });

  it('an HQ without the orders endpoint (404) leaves the events waiting and the sync still succeeds; the next HQ gets them', async () => {
    await sale();
    oldHq = true;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(unsent()).toBe(3);
    expect(await count('pos_order_events')).toBe(0);
    oldHq = false;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(unsent()).toBe(0);
    expect(await count('pos_order_events')).toBe(3);
  });

  it('an event HQ refuses waits out its retry without holding back the others', async () => {
    await sale();
    // The till's own record of O-1's close is tampered with: HQ refuses the figures; the cancellation of O-2 still goes.
    t.db.prepare("UPDATE pos_order_events SET payload = json_set(payload, '$.totalMinor', 1) WHERE kind = 'closed'").run();
    expect((await engine.syncNow()).ok).toBe(true);
    expect(unsent()).toBe(2); // the close, and the return HQ cannot take before it
    expect(await count('pos_orders')).toBe(1);
    const calls = orderCalls;
    await engine.syncNow();
    expect(orderCalls).toBe(calls); // held for rejectedRetryMs
    // The hold and HQ's reason are in the event's row, not in the engine's memory: a restarted engine keeps waiting, and says why.
    const held = t.db.prepare("SELECT attempts, last_error, next_attempt_at FROM pos_order_events WHERE kind = 'closed'").get() as {
      attempts: number;
      last_error: string;
      next_attempt_at: number;
    };
    expect(held.attempts).toBe(1);
    expect(held.last_error).toMatch(/HQ refused order event/);
    expect(held.next_attempt_at).toBeGreaterThan(t.clock.now);
    await engine.stop();
    const restarted = new SyncEngine({ db: t.db, now: () => t.clock.now, fetch: wire, options: fastSync, configureTill: (c) => t.service.configure(c) });
    try {
      const before = orderCalls;
      await restarted.syncNow();
      expect(orderCalls).toBe(before);
      expect(unsent()).toBe(2);
    } finally {
      await restarted.stop();
    }
  });
});
