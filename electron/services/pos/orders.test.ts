import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../shared/ipc/result';
import type { OrderLineInput } from '../../../shared/pos/orders';
import { orderEvents } from '../../db/repos/posOrders';
import { verifyAuditChain } from '../audit';
import { pendingOutbox } from '../outbox';
import { makePosTill, type PosKit } from './testing';

let t: PosKit;
beforeEach(() => void (t = makePosTill()));
afterEach(() => t.close());

const LINES: OrderLineInput[] = [
  { lineId: 'L1', sku: 'RICE-5KG', category: 'grocery', quantity: 2, unitPriceMinor: 4_950 },
  { lineId: 'L2', sku: 'TEA-1', category: 'drinks', quantity: 3, unitPriceMinor: 350 },
  { lineId: 'L3', sku: 'SOAP', category: 'home', quantity: 1, unitPriceMinor: 1_299 },
];
const total = (lines: OrderLineInput[]) => lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
const open = (orderId = 'O-1', lines = LINES, extra: Record<string, unknown> = {}) =>
  t.orders.open({ orderId, lines, totalMinor: total(lines), ...extra }, t.pos);
const apply = (code: string, orderId = 'O-1', caller = t.pos) => t.orders.apply({ orderId, code }, caller);

/** The stable reason of an order refusal (details.reason), and that nothing was written. */
async function refusal(run: () => unknown): Promise<string> {
  const before = t.counts();
  try {
    await run();
  } catch (err) {
    if (!(err instanceof ApiFailure)) throw err;
    expect(t.counts()).toEqual(before);
    return String(err.details?.reason ?? err.code);
  }
  throw new Error('expected a refusal');
}

describe('an order from the POS', () => {
  it("keeps each line's product name for the screen (trimmed); a line without one has none", () => {
    const named = [{ ...LINES[0]!, name: '  Rice 5 kg 大米 ' }, LINES[1]!, LINES[2]!];
    const view = open('O-N', named);
    expect(view.lines.map((l) => l.name)).toEqual(['Rice 5 kg 大米', undefined, undefined]);
    expect(t.orders.get({ orderId: 'O-N' }).lines[0]!.name).toBe('Rice 5 kg 大米');
  });

  it('opens with its lines and member, and a code applied answers per-line price modifiers that sum to the discount', async () => {
    const view = open('O-1', LINES, { memberId: 'M-9', memberTier: 'gold' });
    expect(view).toMatchObject({ state: 'open', memberTier: 'gold', effects: { discountMinor: 0, totalMinor: 12_249 } });
    const r = await apply(t.mint(24, 1)); // 50% off drinks
    expect(r.verdict).toMatchObject({ ok: true, discountMinor: 525 });
    expect(r.order.effects.lines.map((l) => l.discountMinor)).toEqual([0, 525, 0]);
    const cash = await apply(t.mint(1, 1)); // 5 off, combinable, whole order
    const e = cash.order.effects;
    expect(e.coupons.map((c) => c.amountMinor)).toEqual([525, 500]);
    expect(e.discountMinor).toBe(1_025);
    expect(e.lines.reduce((s, l) => s + l.discountMinor, 0)).toBe(e.discountMinor);
    for (const l of e.lines) expect(l.discountMinor).toBeLessThanOrEqual(l.grossMinor);
    // Redeemed durably at apply, as today: a ledger entry on the order's basket and its outbox row.
    expect(pendingOutbox(t.db, 10, t.clock.now).map((o) => o.payload.basketId)).toEqual(['pos:O-1', 'pos:O-1']);
    expect(t.service.basketCoupons('pos:O-1').map((c) => c.cashierId)).toEqual(['pos:test-pos', 'pos:test-pos']);
  });

  it('refuses bad input with stable reasons and changes nothing', async () => {
    open();
    expect(await refusal(() => t.orders.open({ orderId: 'O-2', lines: LINES, totalMinor: total(LINES) + 1 }, t.pos))).toBe('total_mismatch');
    expect(await refusal(() => t.orders.open({ orderId: 'O-2', lines: [{ sku: 'X', quantity: 1, unitPriceMinor: -100 }], totalMinor: -100 }, t.pos))).toBe(
      'bad_request',
    );
    expect(
      await refusal(() => t.orders.open({ orderId: 'O-2', lines: [LINES[0], { ...LINES[1]!, lineId: 'L1' }], totalMinor: total(LINES.slice(0, 2)) }, t.pos)),
    ).toBe('duplicate_line_id');
    expect(await refusal(() => apply(t.mint(1, 2), 'NOPE'))).toBe('order_not_found');
    expect(await refusal(() => t.orders.returnLines({ orderId: 'O-1', lines: [{ lineId: 'L1', quantity: 1 }] }, t.pos))).toBe('not_closed');
    t.orders.close({ orderId: 'O-1', receiptNo: 'R-100', paidTotalMinor: 12_249 }, t.pos);
    expect(await refusal(() => t.orders.close({ orderId: 'O-1', receiptNo: 'R-101', paidTotalMinor: 12_249 }, t.pos))).toBe('already_closed');
    expect(await refusal(() => apply(t.mint(1, 3)))).toBe('already_closed');
    expect(await refusal(() => t.orders.returnLines({ orderId: 'O-1', lines: [{ lineId: 'L1', quantity: 3 }] }, t.pos))).toBe('return_exceeds_sold');
    expect(
      await refusal(() =>
        t.orders.returnLines(
          {
            orderId: 'O-1',
            lines: [
              { lineId: 'L1', quantity: 1 },
              { lineId: 'L1', quantity: 2 },
            ],
          },
          t.pos,
        ),
      ),
    ).toBe('return_exceeds_sold');
    expect(await refusal(() => t.orders.returnLines({ orderId: 'O-1', lines: [{ lineId: 'L9', quantity: 1 }] }, t.pos))).toBe('unknown_line');
  });

  it('re-checks applied coupons when the lines change: flags them, and one that no longer fits cannot close', async () => {
    open();
    await apply(t.mint(3, 1)); // spend 99 get 15 on 122.49
    const smaller = [LINES[1]!, LINES[2]!]; // 23.49: below the threshold
    const view = open('O-1', smaller);
    expect(view.effects.coupons[0]!.flagged).toMatchObject({ reason: 'below_minimum_spend' });
    const tiny = [{ lineId: 'L9', sku: 'GUM', quantity: 1, unitPriceMinor: 900 }];
    const unfit = open('O-1', tiny);
    expect(unfit.effects.coupons[0]).toMatchObject({ amountMinor: 900, flagged: { reason: 'discount_exceeds_lines' } });
    expect(unfit.effects.lines[0]).toMatchObject({ discountMinor: 900, netMinor: 0 });
    expect(await refusal(() => t.orders.close({ orderId: 'O-1', receiptNo: 'R-1', paidTotalMinor: 0 }, t.pos))).toBe('coupons_do_not_fit');
    const removed = t.orders.remove({ orderId: 'O-1', redemptionId: view.effects.coupons[0]!.redemptionId }, t.pos);
    expect(removed.effects.coupons).toEqual([]);
    expect(t.orders.close({ orderId: 'O-1', receiptNo: 'R-1', paidTotalMinor: 900 }, t.pos).state).toBe('closed');
  });

  it('remove and cancel write audited voids that sync; close writes an order-closed event with the receipt', async () => {
    open('O-1');
    const a = await apply(t.mint(1, 1));
    const removed = t.orders.remove({ orderId: 'O-1', redemptionId: a.order.effects.coupons[0]!.redemptionId }, t.pos);
    expect(removed.effects.discountMinor).toBe(0);
    expect(await refusal(() => t.orders.remove({ orderId: 'O-1', redemptionId: a.order.effects.coupons[0]!.redemptionId }, t.pos))).toBe('coupon_not_on_order');
    expect((await apply(t.mint(1, 1))).verdict).toMatchObject({ ok: true }); // removed: the code is free again on this order

    open('O-2');
    await apply(t.mint(1, 5), 'O-2');
    const cancelled = t.orders.cancel({ orderId: 'O-2' }, t.pos);
    expect(cancelled).toMatchObject({ state: 'cancelled', endedBy: 'pos', effects: { discountMinor: 0 } });
    expect(orderEvents(t.db, 'O-2')).toMatchObject([{ kind: 'cancelled', payload: { voidedRedemptionIds: [expect.any(String)] } }]);
    expect(await refusal(() => t.orders.cancel({ orderId: 'O-2' }, t.pos))).toBe('order_not_open');

    const closed = t.orders.close({ orderId: 'O-1', receiptNo: 'R-77', paidTotalMinor: 11_749 }, t.pos);
    expect(closed).toMatchObject({ state: 'closed', receiptNo: 'R-77', paidTotalMinor: 11_749, effects: { discountMinor: 500 } });
    expect(orderEvents(t.db, 'O-1')).toMatchObject([{ kind: 'closed', payload: { receiptNo: 'R-77', paidTotalMinor: 11_749, discountMinor: 500 } }]);
    const kinds = pendingOutbox(t.db, 20, t.clock.now).map((o) => o.payload.kind);
    expect(kinds).toEqual(['redeem', 'void', 'redeem', 'redeem', 'void']);
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const actions = (t.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'pos.%' ORDER BY seq").all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['pos.order.open', 'pos.coupon.remove', 'pos.order.open', 'pos.order.cancel', 'pos.order.close']);
  });

  it('refuses a tier-only coupon for another tier or no tier (tier_not_eligible), and takes it for its tier', async () => {
    open('O-S', LINES, { memberId: 'M-1', memberTier: 'silver' });
    expect((await apply(t.mint(21, 1), 'O-S')).verdict).toMatchObject({ ok: false, reason: 'tier_not_eligible', params: { tiers: 'gold' } });
    open('O-N', LINES);
    expect((await apply(t.mint(21, 1), 'O-N')).verdict).toMatchObject({ ok: false, reason: 'tier_not_eligible' });
    open('O-G', LINES, { memberId: 'M-2', memberTier: 'gold' });
    const gold = await apply(t.mint(21, 1), 'O-G');
    expect(gold.verdict).toMatchObject({ ok: true, discountMinor: 2000 });
    // The member's tier changes on the open order: the coupon is flagged, the POS decides.
    expect(open('O-G', LINES, { memberId: 'M-2', memberTier: 'silver' }).effects.coupons[0]!.flagged).toMatchObject({ reason: 'tier_not_eligible' });
  });

  it('claims a high-value code at HQ first, as at the till; refused at HQ, nothing is redeemed', async () => {
    open();
    t.hq.decision = 'refused';
    expect((await apply(t.mint(25, 1))).verdict).toMatchObject({ ok: false, reason: 'claimed_elsewhere' });
    t.hq.decision = 'claimed';
    expect((await apply(t.mint(25, 2))).verdict).toMatchObject({ ok: true, discountMinor: 10_000 });
    t.hq.decision = 'unknown'; // HQ did not answer: a POS has no manager to approve, so it waits for HQ
    open('O-2');
    expect((await apply(t.mint(25, 3), 'O-2')).verdict).toMatchObject({ ok: false, reason: 'online_claim_required' });
    expect(t.hq.claims).toBe(3);
  });
});
