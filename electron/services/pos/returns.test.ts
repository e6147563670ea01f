import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../shared/ipc/result';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { orderEvents } from '../../db/repos/posOrders';
import { DEFAULT_ORDER_TIMEOUT_MS } from './orders';
import { makePosTill, type PosKit } from './testing';

let t: PosKit;
beforeEach(() => void (t = makePosTill()));
afterEach(() => t.close());

const LINES: OrderLineInput[] = [
  { lineId: 'A', sku: 'RICE', category: 'grocery', quantity: 3, unitPriceMinor: 3_333 },
  { lineId: 'B', sku: 'TEA-1', category: 'drinks', quantity: 7, unitPriceMinor: 351 },
  { lineId: 'C', sku: 'SOAP', category: 'home', quantity: 1, unitPriceMinor: 1_299 },
];
const total = (lines: OrderLineInput[]) => lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
const open = (orderId: string, lines = LINES) => t.orders.open({ orderId, lines, totalMinor: total(lines) }, t.pos);
const sold = async (orderId: string, ...codes: string[]) => {
  open(orderId);
  for (const code of codes) expect((await t.orders.apply({ orderId, code }, t.pos)).verdict.ok, code).toBe(true);
  return t.orders.close({ orderId, receiptNo: `R-${orderId}`, paidTotalMinor: 1 }, t.pos);
};
const giveBack = (orderId: string, lines: { lineId: string; quantity: number }[], caller = t.pos) => t.orders.returnLines({ orderId, lines }, caller);

describe('returns', () => {
  it('reverses the discount pro rata per line, to the whole discount once everything is back', async () => {
    const closed = await sold('O-1', t.mint(1, 1), t.mint(24, 1)); // 5 off the order, 50% off drinks
    const discount = closed.effects.discountMinor;
    const first = giveBack('O-1', [{ lineId: 'B', quantity: 2 }]);
    expect(first.order.state).toBe('partially_returned');
    const drinks = closed.effects.lines.find((l) => l.lineId === 'B')!;
    for (const m of drinks.modifiers) {
      expect(first.reversals.find((r) => r.redemptionId === m.redemptionId)?.amountMinor).toBe(Math.floor((m.amountMinor * 2) / 7));
    }
    const rest = giveBack('O-1', [
      { lineId: 'A', quantity: 3 },
      { lineId: 'B', quantity: 5 },
      { lineId: 'C', quantity: 1 },
    ]);
    expect(rest.order).toMatchObject({ state: 'returned', reversedMinor: discount });
    expect(orderEvents(t.db, 'O-1').map((e) => e.kind)).toEqual(['closed', 'returned', 'returned']);
  });

  it('reverses the same total whatever the order and split of the returns (property)', async () => {
    const closed = await sold('BASE', t.mint(1, 1), t.mint(24, 1));
    const units = LINES.flatMap((l) => Array.from({ length: l.quantity }, () => l.lineId!));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(units, { minLength: units.length }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 11, maxLength: 11 }),
        async (order, cuts) => {
          const id = `P-${n++}`;
          await sold(id, t.mint(1, 100 + n), t.mint(24, 100 + n));
          let i = 0;
          for (const size of cuts) {
            const batch = order.slice(i, i + size);
            i += size;
            if (batch.length === 0) break;
            const lines = [...new Set(batch)].map((lineId) => ({ lineId, quantity: batch.filter((x) => x === lineId).length }));
            const r = giveBack(id, lines);
            expect(r.order.reversedMinor).toBeLessThanOrEqual(closed.effects.discountMinor);
          }
          if (i < order.length) {
            const batch = order.slice(i);
            giveBack(
              id,
              [...new Set(batch)].map((lineId) => ({ lineId, quantity: batch.filter((x) => x === lineId).length })),
            );
          }
          expect(t.orders.get({ orderId: id })).toMatchObject({ state: 'returned', reversedMinor: closed.effects.discountMinor });
        },
      ),
      { numRuns: 15 },
    );
  });

  it("gives a single-use coupon back when its campaign says 'reinstate' and every item it discounted is back; 'keep_used' keeps it used", async () => {
    const give = t.mint(22, 1);
    const keep = t.mint(23, 1);
    await sold('G', give);
    await sold('K', keep);
    expect(
      giveBack('G', [
        { lineId: 'A', quantity: 3 },
        { lineId: 'B', quantity: 7 },
      ]).reinstated,
    ).toEqual([]); // C still sold
    const all = giveBack('G', [{ lineId: 'C', quantity: 1 }]);
    expect(all.reinstated).toHaveLength(1);
    expect(
      giveBack(
        'K',
        LINES.map((l) => ({ lineId: l.lineId!, quantity: l.quantity })),
      ).reinstated,
    ).toEqual([]);
    open('NEXT');
    expect((await t.orders.apply({ orderId: 'NEXT', code: give }, t.pos)).verdict).toMatchObject({ ok: true });
    open('NEXT-2');
    expect((await t.orders.apply({ orderId: 'NEXT-2', code: keep }, t.pos)).verdict).toMatchObject({ ok: false, reason: 'already_used_here' });
  });
});

describe('idempotent retries', () => {
  it('answers a retried call with the same key exactly as the first time and writes nothing twice', async () => {
    const k = t.keyed;
    const opened = t.orders.open({ orderId: 'O', lines: LINES, totalMinor: total(LINES) }, k('open-1'));
    expect(t.orders.open({ orderId: 'O', lines: LINES, totalMinor: total(LINES) }, k('open-1'))).toEqual(opened);
    const first = await t.orders.apply({ orderId: 'O', code: t.mint(1, 1) }, k('apply-1'));
    const before = t.counts();
    const again = await t.orders.apply({ orderId: 'O', code: t.mint(1, 1) }, k('apply-1'));
    expect(again).toEqual(first);
    expect(again.duplicate).toBe(false);
    const close = { orderId: 'O', receiptNo: 'R-1', paidTotalMinor: 100 };
    const closed = t.orders.close(close, k('close-1'));
    const afterClose = t.counts();
    expect(t.orders.close(close, k('close-1'))).toEqual(closed);
    const ret = { orderId: 'O', lines: [{ lineId: 'B', quantity: 1 }] };
    const returned = t.orders.returnLines(ret, k('ret-1'));
    const afterReturn = t.counts();
    expect(t.orders.returnLines(ret, k('ret-1'))).toEqual(returned);
    expect(t.counts()).toEqual(afterReturn);
    expect(afterClose.pos_order_events).toBe(1);
    expect(before.redemptions).toBe(1);
    // Without a key, the second close is refused; with a key reused for another request, too.
    expect(() => t.orders.close(close, t.pos)).toThrow(ApiFailure);
    expect(() => t.orders.close({ ...close, receiptNo: 'R-2' }, k('close-1'))).toThrow(/different request/);
    // Keys belong to one POS: another POS's same key is another call.
    expect(() => t.orders.close(close, { actorId: 'pos:other', scope: 'other', idempotencyKey: 'close-1' })).toThrow(/already closed/);
  });
});

describe('the abandoned-order timeout', () => {
  it('cancels orders left open past 30 minutes, voiding their coupons as audited system voids; a touched order stays', async () => {
    open('LEFT');
    await t.orders.apply({ orderId: 'LEFT', code: t.mint(1, 1) }, t.pos);
    open('BUSY');
    t.clock.now += DEFAULT_ORDER_TIMEOUT_MS - 1_000;
    open('BUSY'); // the POS updated it
    expect(t.orders.sweepAbandoned()).toEqual([]);
    t.clock.now += 1_000;
    expect(t.orders.sweepAbandoned()).toEqual(['LEFT']);
    expect(t.orders.get({ orderId: 'LEFT' })).toMatchObject({ state: 'cancelled', endedBy: 'timeout' });
    expect(t.orders.get({ orderId: 'BUSY' })).toMatchObject({ state: 'open' });
    const voids = t.db.prepare("SELECT cashier_id AS actor, reason FROM redemptions WHERE kind = 'void'").all() as { actor: string; reason: string }[];
    expect(voids).toEqual([{ actor: 'system', reason: 'Abandoned: the POS left the order open over 30 min' }]);
    expect(t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'pos.order.abandoned' AND actor = 'system'").get()).toEqual({ n: 1 });
    // The code is free again for another order.
    open('NEXT');
    expect((await t.orders.apply({ orderId: 'NEXT', code: t.mint(1, 1) }, t.pos)).verdict).toMatchObject({ ok: true });
  });
});
