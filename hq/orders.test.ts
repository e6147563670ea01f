import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollPosTill, T0, type PosTestTill } from './posTestSupport';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** HQ stores the POS's order events once each, and refuses what does not add up or is not the till's own (issue 14). */

describe.each(TEST_DIALECTS)('POS order events at HQ (%s)', (dialect) => {
  let hq: TestHq;
  let till: PosTestTill;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of ['pos_orders', 'pos_order_events', 'pos_order_lines', 'pos_line_modifiers', 'pos_reversals'] as const)
      out[t] = Number(
        (
          await hq.ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return out;
  };
  const order = async (orderId: string) =>
    hq.ctx.db.selectFrom('pos_orders').selectAll().where('order_id', '=', orderId).where('till_id', '=', till.tillId).executeTakeFirst();

  beforeEach(async () => {
    hq = await startTestHq(dialect, { now: () => T0 + 5_000 });
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    till = await enrollPosTill(hq, 's1');
  });
  afterEach(() => hq.cleanup());

  it('stores a close with its receipt, lines and modifiers, the redemption with its order and store day, and a retry changes nothing', async () => {
    const r = till.redemption('O-1', { discountMinor: 500 });
    expect((await till.push([r])).results[0]!.status).toBe('applied');
    const close = till.closed('O-1', [
      { lineId: '1', quantity: 2, unitPriceMinor: 1_000, off: [[r, 300]] },
      { lineId: '2', quantity: 1, unitPriceMinor: 700, off: [[r, 200]] },
    ]);
    expect((await till.pushOrders([close])).body.results).toEqual([{ id: close.id, status: 'applied' }]);
    expect(await order('O-1')).toMatchObject({ state: 'closed', receipt_no: 'R-O-1', discount_minor: 500, total_minor: 2_700, closed_day: '2025-06-15' });
    const link = await hq.ctx.db.selectFrom('redemption_days').selectAll().where('redemption_id', '=', r.id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ order_id: 'O-1', day: '2025-06-15', store_id: 's1' });
    const before = await counts();
    expect((await till.pushOrders([{ ...close, seq: 99 }])).body.results[0]!.status).toBe('duplicate');
    expect(await counts()).toEqual(before);
    expect(before).toMatchObject({ pos_orders: 1, pos_order_events: 1, pos_order_lines: 2, pos_line_modifiers: 2 });
  });

  it('takes returns up to what was sold and reverses no more than the coupon took off; the order ends returned', async () => {
    const r = till.redemption('O-2', { discountMinor: 300 });
    await till.push([r]);
    await till.pushOrders([till.closed('O-2', [{ lineId: 'A', quantity: 3, unitPriceMinor: 1_000, off: [[r, 300]] }])]);
    const first = till.returned('O-2', [{ lineId: 'A', quantity: 1 }], [[r, 'A', 1, 100]]);
    expect((await till.pushOrders([first])).body.results[0]!.status).toBe('applied');
    expect((await order('O-2'))!.state).toBe('partially_returned');
    const before = await counts();
    const tooMany = till.returned('O-2', [{ lineId: 'A', quantity: 3 }], []);
    const tooMuch = till.returned('O-2', [{ lineId: 'A', quantity: 2 }], [[r, 'A', 2, 201]]);
    const unknown = till.returned('O-2', [{ lineId: 'Z', quantity: 1 }], []);
    const answer = (await till.pushOrders([tooMany, tooMuch, unknown])).body.results;
    expect(answer.map((a) => [a.status, a.httpStatus, a.reason])).toEqual([
      ['rejected', 400, 'return_exceeds_sold'],
      ['rejected', 400, 'reversal_exceeds_discount'],
      ['rejected', 400, 'unknown_line'],
    ]);
    expect(await counts()).toEqual(before);
    const rest = till.returned('O-2', [{ lineId: 'A', quantity: 2 }], [[r, 'A', 2, 200]]);
    expect((await till.pushOrders([rest])).body.results[0]!.status).toBe('applied');
    expect((await order('O-2'))!.state).toBe('returned');
  });

  it("refuses figures that do not add up, another till's store, a second close, a reused id and a cancel after close, storing nothing", async () => {
    const other = await enrollPosTill(hq, 's2');
    const theirs = other.redemption('X-1');
    await other.push([theirs]);
    const r = till.redemption('O-3');
    await till.push([r]);
    const good = till.closed('O-3', [{ lineId: '1', quantity: 1, unitPriceMinor: 5_000, off: [[r, 2_000]] }]);
    expect((await till.pushOrders([good])).body.results[0]!.status).toBe('applied');
    const before = await counts();
    const cases = [
      { ...till.closed('O-4', [{ lineId: '1', quantity: 1, unitPriceMinor: 100, off: [] }]), totalMinor: 99 },
      { ...till.closed('O-5', [{ lineId: '1', quantity: 1, unitPriceMinor: 100, off: [[r, 101]] }]), paidTotalMinor: 0 },
      { ...till.closed('O-6', [{ lineId: '1', quantity: 1, unitPriceMinor: 100, off: [] }]), storeId: 's2' },
      till.closed('O-7', [{ lineId: '1', quantity: 1, unitPriceMinor: 100, off: [[theirs, 10]] }]),
      till.closed('O-8', [{ lineId: '1', quantity: 1, unitPriceMinor: 5_000, off: [[r, 10]] }]),
      till.closed('O-3', [{ lineId: '1', quantity: 1, unitPriceMinor: 5_000, off: [] }]),
      { ...good, receiptNo: 'R-other' },
      till.cancelled('O-3', []),
      { ...till.closed('O-9', [{ lineId: '1', quantity: 1, unitPriceMinor: -1, off: [] }]), totalMinor: -1 },
      { kind: 'closed', id: 'not-a-uuid' },
    ];
    const answer = (await till.pushOrders(cases)).body.results;
    expect(answer.map((a) => `${a.httpStatus} ${a.reason}`)).toEqual([
      '400 order_figures_mismatch',
      '400 order_figures_mismatch',
      '403 not_this_till',
      '403 redemption_not_this_till',
      '400 redemption_not_on_order',
      '409 already_closed',
      '409 id_reused',
      '409 already_closed',
      '400 invalid_order_event',
      '400 invalid_order_event',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('records a cancellation once, and a close after it is refused', async () => {
    const r = till.redemption('O-10');
    await till.push([r, till.voidOf(r)]);
    const cancel = till.cancelled('O-10', [r]);
    expect((await till.pushOrders([cancel])).body.results[0]!.status).toBe('applied');
    expect(await order('O-10')).toMatchObject({ state: 'cancelled', ended_by: 'pos', cancelled_day: '2025-06-15' });
    const close = till.closed('O-10', [{ lineId: '1', quantity: 1, unitPriceMinor: 100, off: [] }]);
    expect((await till.pushOrders([close, cancel])).body.results.map((a) => a.reason ?? a.status)).toEqual(['order_cancelled', 'duplicate']);
  });

  it('a return before HQ holds the close is refused (409) and taken once the close arrives', async () => {
    const r = till.redemption('O-11');
    await till.push([r]);
    const close = till.closed('O-11', [{ lineId: '1', quantity: 2, unitPriceMinor: 1_000, off: [[r, 1_000]] }]);
    const ret = till.returned('O-11', [{ lineId: '1', quantity: 1 }], [[r, '1', 1, 500]]);
    expect((await till.pushOrders([ret])).body.results[0]!.reason).toBe('order_not_closed');
    expect((await till.pushOrders([close, ret])).body.results.map((a) => a.status)).toEqual(['applied', 'applied']);
  });

  it('a redemption that arrives after its order closed learns the close; a later void reaches its reconciliation row', async () => {
    const r = till.redemption('O-12', { discountMinor: 700 });
    await till.pushOrders([till.closed('O-12', [{ lineId: '1', quantity: 1, unitPriceMinor: 1_000, off: [[r, 650]] }])]);
    await till.push([r]);
    const row = () => hq.ctx.db.selectFrom('redemption_days').selectAll().where('redemption_id', '=', r.id).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ order_closed_day: '2025-06-15', close_minor: 650, discount_minor: 700, voided: 0, status: 'accepted' });
    await till.push([till.voidOf(r)]);
    expect(await row()).toMatchObject({ voided: 1 });
  });

  it('an unauthenticated push is refused with 401', async () => {
    const res = await fetch(`${hq.url}/v1/sync/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{}] }),
    });
    expect(res.status).toBe(401);
  });
});
