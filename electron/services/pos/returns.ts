import type Database from 'better-sqlite3';
import type { Campaign } from '../../../shared/campaign';
import { newId } from '../../../shared/ids';
import { reversalOf } from '../../../shared/pos/effects';
import type { OrderReturnRequest, OrderReturnResult } from '../../../shared/pos/orders';
import { enqueueOrderEvent, insertReturn, insertReversal, putOrder, returnedByLine, type OrderRow } from '../../db/repos/posOrders';
import { appendAudit } from '../audit';
import type { RedemptionService } from '../redemption';
import type { TillRedemptions } from '../tillRedemptions';
import { orderRefusal } from './refusals';

export interface ReturnDeps {
  ledger: RedemptionService;
  redemptions: TillRedemptions;
  campaign: (id: number) => Campaign | undefined;
  actorId: string;
  now: number;
}

/** The units of each line this return takes back, checked against what was sold and already returned. */
function wantedUnits(db: Database.Database, order: OrderRow, req: OrderReturnRequest): Map<string, number> {
  if (order.state === 'open' || order.state === 'cancelled' || !order.closedEffects) {
    throw orderRefusal('not_closed', `Order ${order.orderId} is ${order.state}: only a closed order takes returns.`, { state: order.state });
  }
  const sold = new Map(order.lines.map((l) => [l.lineId, l.quantity]));
  const back = returnedByLine(db, order.orderId);
  const wanted = new Map<string, number>();
  for (const l of req.lines) {
    if (!sold.has(l.lineId)) throw orderRefusal('unknown_line', `Order ${order.orderId} has no line ${l.lineId}.`, { lineId: l.lineId });
    wanted.set(l.lineId, (wanted.get(l.lineId) ?? 0) + l.quantity);
  }
  for (const [lineId, q] of wanted) {
    const returnable = sold.get(lineId)! - (back.get(lineId) ?? 0);
    if (q > returnable)
      throw orderRefusal('return_exceeds_sold', `Line ${lineId}: ${q} returned but only ${returnable} left to return.`, {
        lineId,
        returnableQuantity: returnable,
      });
  }
  return wanted;
}

/**
 * Takes lines back on a closed order (inside the caller's transaction): the discount on them is
 * reversed pro rata of each line modifier frozen at close (shared/pos/effects.ts: the same total
 * whatever the order and split of the returns), and a single-use coupon whose campaign says
 * 'reinstate' is given back (its redemption voided) once every item it discounted is back.
 */
export function returnLines(
  db: Database.Database,
  order: OrderRow,
  req: OrderReturnRequest,
  deps: ReturnDeps,
): Omit<OrderReturnResult, 'order'> & { order: OrderRow } {
  const wanted = wantedUnits(db, order, req);
  const effects = order.closedEffects!;
  const before = returnedByLine(db, order.orderId);
  const sold = new Map(order.lines.map((l) => [l.lineId, l.quantity]));
  const returnId = newId();
  const reversals: OrderReturnResult['reversals'] = [];
  for (const [lineId, quantity] of wanted) {
    insertReturn(db, { returnId, orderId: order.orderId, lineId, quantity, at: deps.now });
    for (const m of effects.lines.find((l) => l.lineId === lineId)?.modifiers ?? []) {
      const amountMinor = reversalOf(m.amountMinor, sold.get(lineId)!, before.get(lineId) ?? 0, quantity);
      if (amountMinor === 0) continue;
      insertReversal(db, { returnId, orderId: order.orderId, redemptionId: m.redemptionId, lineId, amountMinor, at: deps.now });
      reversals.push({ redemptionId: m.redemptionId, lineId, quantity, amountMinor });
    }
  }
  const after = returnedByLine(db, order.orderId);
  const allBack = (lineId: string) => (after.get(lineId) ?? 0) >= sold.get(lineId)!;
  const everything = order.lines.every((l) => allBack(l.lineId));
  const live = new Set(deps.ledger.basketCoupons(order.basketId).map((r) => r.id));
  const reinstated: string[] = [];
  for (const c of effects.coupons) {
    const rules = deps.campaign(c.campaignId)?.rules;
    if (!rules || rules.returnPolicy !== 'reinstate' || (rules.usesPerCode ?? 1) !== 1 || !live.has(c.redemptionId)) continue;
    const itsLines = effects.lines.filter((l) => l.modifiers.some((m) => m.redemptionId === c.redemptionId));
    if (!(itsLines.length > 0 ? itsLines.every((l) => allBack(l.lineId)) : everything)) continue;
    deps.redemptions.void(
      { redemptionId: c.redemptionId, reason: 'Given back: every item it discounted was returned' },
      { userId: deps.actorId, approvedBy: null },
    );
    reinstated.push(c.redemptionId);
  }
  const updated: OrderRow = { ...order, state: everything ? 'returned' : 'partially_returned', updatedAt: deps.now };
  putOrder(db, updated);
  const payload = {
    orderId: order.orderId,
    basketId: order.basketId,
    returnId,
    lines: [...wanted].map(([lineId, quantity]) => ({ lineId, quantity })),
    reversals,
    reinstated,
  };
  enqueueOrderEvent(db, { id: newId(), orderId: order.orderId, kind: 'returned', payload, at: deps.now });
  appendAudit(db, { actor: deps.actorId, action: 'pos.order.return', at: deps.now, detail: payload });
  return { order: updated, reversals, reinstated };
}
