import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../shared/ipc/result';
import type { ManualBasketView } from '../../../shared/pos/manualBasket';
import { amendmentsOf } from '../../db/repos/amendments';
import { verifyAuditChain } from '../audit';
import { markDelivered, pendingOutbox } from '../outbox';
import { makeTill, type TillKit } from '../testing/tillKit';
import { TillRedemptions } from '../tillRedemptions';
import { ManualBasket } from './manualBasket';

let t: TillKit;
let basket: ManualBasket;
let heard: ManualBasketView[];
const cashier = { cashierId: 'u-cashier', approvedBy: null, selfApproves: false };

function make(): ManualBasket {
  const b = new ManualBasket(t.db, new TillRedemptions(t.service, t.db, null, () => t.clock.now), () => t.clock.now);
  b.onChange((v) => void heard.push(v));
  return b;
}

beforeEach(() => {
  t = makeTill();
  heard = [];
  basket = make();
});
afterEach(() => t.close());

const redeem = (serial: number, basketId = basket.current().basketId, totalMinor = 5_000, memberId?: string) =>
  basket.redeem({ code: t.mint(1, serial), basket: { id: basketId, totalMinor, ...(memberId ? { memberId } : {}) }, source: 'manual' }, cashier);
const uploads = () => pendingOutbox(t.db, 100, t.clock.now).map((o) => o.payload);

async function refused(run: () => unknown): Promise<ApiFailure> {
  const before = JSON.stringify([basket.current(), uploads()]);
  try {
    await run();
  } catch (err) {
    if (!(err instanceof ApiFailure)) throw err;
    expect(JSON.stringify([basket.current(), uploads()])).toBe(before);
    return err;
  }
  throw new Error('expected a refusal');
}

describe('the manual basket main keeps', () => {
  it('is made by main and survives a restart: the same id, total, member, receipt number and coupons', async () => {
    const first = basket.current();
    expect(first).toMatchObject({ totalMinor: null, memberId: null, receiptNo: null, coupons: { coupons: [] } });
    basket.update({ basketId: first.basketId, receiptNo: 'R-0042' }, 'u-cashier');
    const r = await redeem(1, first.basketId, 8_800, 'M-7');
    expect(r.verdict.ok).toBe(true);
    const again = make().current();
    expect(again).toMatchObject({ basketId: first.basketId, totalMinor: 8_800, memberId: 'M-7', receiptNo: 'R-0042' });
    expect(again.coupons.coupons).toHaveLength(1);
  });

  it('sends the receipt number to HQ with each redemption made on the basket, and pushes the basket', async () => {
    const id = basket.current().basketId;
    basket.update({ basketId: id, receiptNo: 'R-1001', totalMinor: 5_000 }, 'u-cashier');
    await redeem(1);
    await redeem(2);
    expect(uploads().map((u) => [u.basketId, u.receiptNo])).toEqual([
      [id, 'R-1001'],
      [id, 'R-1001'],
    ]);
    expect(heard.at(-1)!.coupons.totalDiscountMinor).toBe(1_000);
  });

  it('writes a receipt number typed after the coupons into their waiting uploads; those HQ already holds are counted', async () => {
    const id = basket.current().basketId;
    await redeem(1);
    const [sent] = pendingOutbox(t.db, 1, t.clock.now);
    markDelivered(t.db, [sent!.seq], t.clock.now);
    await redeem(2);
    expect(uploads().map((u) => u.receiptNo)).toEqual([undefined]);
    const view = basket.update({ basketId: id, receiptNo: 'R-77' }, 'u-cashier');
    expect(uploads().map((u) => u.receiptNo)).toEqual(['R-77']);
    expect(view.sentWithoutReceipt).toBe(1);
    expect(heard.at(-1)).toEqual(view);
    // Cleared again: the waiting upload carries none.
    basket.update({ basketId: id, receiptNo: null }, 'u-cashier');
    expect(uploads().map((u) => u.receiptNo)).toEqual([undefined]);
  });

  it('New basket starts a fresh one once: a second press for the finished basket changes nothing', async () => {
    const old = basket.current().basketId;
    await redeem(1);
    const next = basket.startNew({ basketId: old });
    expect(next.basketId).not.toBe(old);
    expect(next).toMatchObject({ totalMinor: null, receiptNo: null, coupons: { coupons: [] } });
    expect(basket.startNew({ basketId: old }).basketId).toBe(next.basketId);
  });

  it('refuses a change meant for a finished basket, and a receipt number that is not one line of text', async () => {
    const old = basket.current().basketId;
    basket.startNew({ basketId: old });
    const late = await refused(() => basket.update({ basketId: old, receiptNo: 'R-1' }, 'u-cashier'));
    expect(late.details?.reason).toBe('basket_finished');
    const id = basket.current().basketId;
    for (const receiptNo of ['R-1\n2', '', ' R-1', 'x'.repeat(65), 'R\u202e1'])
      expect((await refused(() => basket.update({ basketId: id, receiptNo }, 'u-cashier'))).code).toBe('bad_request');
  });

  it('a redemption on another basket (rapid mode) passes through without the receipt number', async () => {
    const id = basket.current().basketId;
    basket.update({ basketId: id, receiptNo: 'R-5', totalMinor: 5_000 }, 'u-cashier');
    const before = heard.length;
    const r = await redeem(3, 'rapid-basket-1');
    expect(r.verdict.ok).toBe(true);
    expect(uploads().map((u) => [u.basketId, u.receiptNo])).toEqual([['rapid-basket-1', undefined]]);
    expect(heard.length).toBe(before);
    expect(basket.current().coupons.coupons).toHaveLength(0);
  });
});

describe('taking a coupon off the manual basket', () => {
  const twoPercentages = async (b: ManualBasket) => {
    const basket = { id: b.current().basketId, totalMinor: 10_000 };
    const first = await b.redeem({ code: t.mint(2, 31), basket, source: 'manual' }, cashier);
    const second = await b.redeem({ code: t.mint(2, 32), basket, source: 'manual' }, cashier);
    expect([first.verdict, second.verdict]).toMatchObject([
      { ok: true, discountMinor: 1_000 },
      { ok: true, discountMinor: 900 }, // 10% of what the first left (90.00)
    ]);
    return { basketId: basket.id, first: first.redemption!, second: second.redemption! };
  };
  const discounts = (b: ManualBasket) => b.current().coupons.coupons.map((c) => c.discountMinor);
  const ledgerDiscount = (id: string) => (t.db.prepare('SELECT discount_minor AS d FROM redemptions WHERE id = ?').get(id) as { d: number }).d;

  it('figures the coupons left again when one is voided: the second 10% becomes 10.00 of 100.00, amended and audited', async () => {
    const redemptions = new TillRedemptions(t.service, t.db, null, () => t.clock.now);
    const b = new ManualBasket(t.db, redemptions, () => t.clock.now);
    const { first, second } = await twoPercentages(b);
    redemptions.void({ redemptionId: first.id, reason: 'wrong coupon' }, { userId: 'u-manager', approvedBy: null });
    expect(discounts(b)).toEqual([1_000]);
    expect(ledgerDiscount(second.id)).toBe(1_000);
    expect(amendmentsOf(t.db, second.id).map((a) => [a.beforeMinor, a.afterMinor, a.reason, a.actorId])).toEqual([[900, 1_000, 'restacked', 'u-manager']]);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  it("figures them again on an undo too, in the undo's own transaction", async () => {
    const redemptions = new TillRedemptions(t.service, t.db, null, () => t.clock.now);
    const b = new ManualBasket(t.db, redemptions, () => t.clock.now);
    const { basketId, first, second } = await twoPercentages(b);
    // Undo takes the newest (the second); then the first is alone and its figure does not move.
    redemptions.undo({ basketId, redemptionId: second.id, reason: 'undo' }, { userId: 'u-cashier', approvedBy: null, canVoid: false, graceMs: 60_000 });
    expect(discounts(b)).toEqual([1_000]);
    expect(amendmentsOf(t.db, first.id)).toEqual([]);
    // Scan it again and void the first: the figure on the second moves back to the whole basket's 10%.
    const again = await b.redeem({ code: t.mint(2, 33), basket: { id: basketId, totalMinor: 10_000 }, source: 'manual' }, cashier);
    expect(again.verdict).toMatchObject({ ok: true, discountMinor: 900 });
    redemptions.void({ redemptionId: first.id, reason: 'wrong coupon' }, { userId: 'u-manager', approvedBy: null });
    expect(discounts(b)).toEqual([1_000]);
  });

  it('leaves the figures of a finished basket as they were recorded: the customer has paid', async () => {
    const redemptions = new TillRedemptions(t.service, t.db, null, () => t.clock.now);
    const b = new ManualBasket(t.db, redemptions, () => t.clock.now);
    const { basketId, first, second } = await twoPercentages(b);
    b.startNew({ basketId });
    redemptions.void({ redemptionId: first.id, reason: 'customer brought it back' }, { userId: 'u-manager', approvedBy: null });
    expect(ledgerDiscount(second.id)).toBe(900);
    expect(amendmentsOf(t.db, second.id)).toEqual([]);
  });
});
