/**
 * The rule engine wired into the till (issue 16, decision 080/082): a POS order gets the unit
 * mechanics per line, every coupon on it is figured in stack order whatever the scan order, and a
 * recorded figure that changes when a line or a coupon is added or removed is amended (ledger,
 * totals, audit and the amendment's outbox row in the call's transaction).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { amendmentsOf, unsentAmendments } from '../../db/repos/amendments';
import { verifyAuditChain } from '../audit';
import { addMechanicCampaigns } from '../testing/mechanicCampaigns';
import { TillRedemptions } from '../tillRedemptions';
import { makePosTill, type PosKit } from './testing';

let t: PosKit;
beforeEach(() => {
  t = makePosTill();
  addMechanicCampaigns(t.db);
});
afterEach(() => t.close());

const LINES: OrderLineInput[] = [
  { lineId: 'Y', sku: 'YOG', category: 'dairy', quantity: 3, unitPriceMinor: 500 },
  { lineId: 'C1', sku: 'CHIPS', category: 'snacks', quantity: 1, unitPriceMinor: 800 },
  { lineId: 'C2', sku: 'NUTS', category: 'snacks', quantity: 1, unitPriceMinor: 1_200 },
  { lineId: 'C3', sku: 'BAR', category: 'snacks', quantity: 1, unitPriceMinor: 300 },
  { lineId: 'R', sku: 'RICE-5KG', category: 'grocery', quantity: 1, unitPriceMinor: 7_700 },
];
const total = (lines: OrderLineInput[]) => lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
const open = (orderId: string, lines = LINES) => t.orders.open({ orderId, lines, totalMinor: total(lines) }, t.pos);
const apply = (orderId: string, code: string) => t.orders.apply({ orderId, code }, t.pos);
const figures = (orderId: string) => t.orders.get({ orderId }).effects;
const ledgerDiscount = (id: string) => (t.db.prepare('SELECT discount_minor AS d FROM redemptions WHERE id = ?').get(id) as { d: number }).d;

describe('the rule engine on a POS order', () => {
  it('gives multi-buy and cheapest-item their effects per line, and restacks a percentage recorded before them', async () => {
    open('O-1');
    const pct = await apply('O-1', t.mint(2, 1)); // 10% off the order (cap 20.00), on 115.00
    expect(pct.verdict).toMatchObject({ ok: true, discountMinor: 1_150 });
    const multi = await apply('O-1', t.mint(31, 1)); // a third yogurt free: 5.00 on line Y
    expect(multi.verdict).toMatchObject({ ok: true, discountMinor: 500 });
    const cheap = await apply('O-1', t.mint(32, 1)); // the cheapest snack free: the bar, 3.00 on line C3
    expect(cheap.verdict).toMatchObject({ ok: true, discountMinor: 300 });
    const e = cheap.order.effects;
    // Stack order: the unit mechanics first, then 10% of what is left (115.00 - 8.00 = 107.00): 10.70, amended from 11.50.
    expect(e.coupons.map((c) => [c.campaignId, c.amountMinor, c.flagged])).toEqual([
      [2, 1_070, undefined],
      [31, 500, undefined],
      [32, 300, undefined],
    ]);
    const byLine = Object.fromEntries(e.lines.map((l) => [l.lineId, l.modifiers.map((m) => [m.campaignId, m.amountMinor])]));
    expect(byLine.Y).toEqual([
      [31, 500],
      [2, 100],
    ]);
    expect(byLine.C3).toEqual([[32, 300]]);
    expect(e.discountMinor).toBe(1_870);
    expect(e.netMinor).toBe(11_500 - 1_870);
    expect(e.lines.reduce((s, l) => s + l.discountMinor, 0)).toBe(e.discountMinor);
    // The recorded figure moved, with one amendment per change, waiting for HQ; the audit chain holds.
    expect(ledgerDiscount(pct.verdict.ok ? pct.order.effects.coupons[0]!.redemptionId : '')).toBe(1_070);
    const amendments = amendmentsOf(t.db, e.coupons[0]!.redemptionId);
    expect(amendments.map((a) => [a.beforeMinor, a.afterMinor, a.reason])).toEqual([
      [1_150, 1_100, 'restacked'],
      [1_100, 1_070, 'restacked'],
    ]);
    expect(unsentAmendments(t.db, 0, 10)).toHaveLength(2);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  it('gives the same figures whatever order the coupons were scanned in', async () => {
    open('A');
    open('B', [...LINES].reverse());
    for (const [serial, c] of [
      [1, 2],
      [2, 31],
      [3, 32],
    ] as const)
      await apply('A', t.mint(c, serial));
    for (const [serial, c] of [
      [4, 32],
      [5, 31],
      [6, 2],
    ] as const)
      await apply('B', t.mint(c, serial));
    const sorted = (orderId: string) =>
      figures(orderId)
        .coupons.map((c) => [c.campaignId, c.amountMinor])
        .sort((a, b) => a[0]! - b[0]!);
    expect(sorted('A')).toEqual(sorted('B'));
    expect(figures('A').discountMinor).toBe(figures('B').discountMinor);
  });

  it('amends the recorded figures when the POS adds or takes away lines, and says "buy 1 more" when a multi-buy is one short', async () => {
    const two: OrderLineInput[] = [{ ...LINES[0]!, quantity: 2 }, LINES[4]!];
    open('O-2', two);
    const short = await apply('O-2', t.mint(31, 7));
    expect(short.verdict).toMatchObject({ ok: false, reason: 'multi_buy_incomplete', params: { more: 1, free: 1 } });
    open('O-2', [{ ...LINES[0]!, quantity: 3 }, LINES[4]!]);
    const multi = await apply('O-2', t.mint(31, 7));
    expect(multi.verdict).toMatchObject({ ok: true, discountMinor: 500 });
    const id = multi.order.effects.coupons[0]!.redemptionId;
    // Six yogurts: two sets, 10.00, amended because the lines changed.
    const six = open('O-2', [{ ...LINES[0]!, quantity: 6 }, LINES[4]!]);
    expect(six.effects.coupons[0]).toMatchObject({ amountMinor: 1_000 });
    expect(six.effects.coupons[0]!.flagged).toBeUndefined();
    expect(ledgerDiscount(id)).toBe(1_000);
    expect(amendmentsOf(t.db, id).map((a) => [a.beforeMinor, a.afterMinor, a.reason])).toEqual([[500, 1_000, 'lines_changed']]);
    // Back to two: the multi-buy no longer holds; it is flagged for the POS, never amended to nothing or voided.
    const back = open('O-2', two);
    expect(back.effects.coupons[0]!.flagged).toEqual({
      reason: 'discount_exceeds_lines',
      params: { discountMinor: 1_000, fitsMinor: 0, condition: 'multi_buy_incomplete', more: 1, free: 1 },
    });
    expect(ledgerDiscount(id)).toBe(1_000);
    expect(amendmentsOf(t.db, id)).toHaveLength(1);
  });

  it('restacks the coupons left when one is removed', async () => {
    open('O-3');
    const multi = await apply('O-3', t.mint(31, 8));
    const pct = await apply('O-3', t.mint(2, 9));
    expect(pct.verdict).toMatchObject({ ok: true, discountMinor: 1_100 }); // 10% of 115.00 - 5.00
    const removed = t.orders.remove({ orderId: 'O-3', redemptionId: multi.order.effects.coupons[0]!.redemptionId }, t.pos);
    expect(removed.effects.coupons.map((c) => [c.campaignId, c.amountMinor])).toEqual([[2, 1_150]]);
    expect(amendmentsOf(t.db, removed.effects.coupons[0]!.redemptionId).map((a) => a.afterMinor)).toEqual([1_150]);
  });
});

describe('a void on a POS order', () => {
  it("restacks an open order's coupons when the manager voids one from the log, not only when the POS removes it", async () => {
    open('O-4');
    const multi = await apply('O-4', t.mint(31, 10));
    const pct = await apply('O-4', t.mint(2, 11));
    expect(pct.verdict).toMatchObject({ ok: true, discountMinor: 1_100 });
    const redemptions = new TillRedemptions(t.service, t.db, null, () => t.clock.now);
    redemptions.void(
      { redemptionId: multi.order.effects.coupons.find((c) => c.campaignId === 31)!.redemptionId, reason: 'wrong coupon' },
      { userId: 'u-manager', approvedBy: null },
    );
    expect(figures('O-4').coupons.map((c) => [c.campaignId, c.amountMinor])).toEqual([[2, 1_150]]);
  });

  it('writes no amendments when a cancelled order voids its coupons (they all go)', async () => {
    open('O-5');
    await apply('O-5', t.mint(31, 12));
    const pct = await apply('O-5', t.mint(2, 13));
    const id = pct.order.effects.coupons.find((c) => c.campaignId === 2)!.redemptionId;
    const before = amendmentsOf(t.db, id).length;
    t.orders.cancel({ orderId: 'O-5' }, t.pos);
    expect(amendmentsOf(t.db, id)).toHaveLength(before);
    expect(t.service.basketCoupons('pos:O-5')).toEqual([]);
  });
});

describe('the rule engine on the manual basket', () => {
  it('figures a percentage before a fixed amount whatever the scan order (10.00 of 100.00, not 9.50)', () => {
    const basket = { id: 'manual-1', totalMinor: 10_000 };
    const cash = t.service.redeem({ code: t.mint(1, 20), basket, source: 'manual' }, { cashierId: 'c1' });
    const pct = t.service.redeem({ code: t.mint(2, 21), basket, source: 'manual' }, { cashierId: 'c1' });
    expect(cash.verdict).toMatchObject({ ok: true, discountMinor: 500 });
    expect(pct.verdict).toMatchObject({ ok: true, discountMinor: 1_000 });
  });
});
