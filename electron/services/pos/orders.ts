import type Database from 'better-sqlite3';
import type { Campaign } from '../../../shared/campaign';
import { newId } from '../../../shared/ids';
import {
  OrderApplyRequestSchema,
  OrderCancelRequestSchema,
  OrderCloseRequestSchema,
  OrderOpenRequestSchema,
  OrderRefSchema,
  OrderRemoveRequestSchema,
  OrderReturnRequestSchema,
  orderBasketId,
  type OrderApplyRequest,
  type OrderApplyResult,
  type OrderLine,
  type OrderReturnResult,
  type OrderView,
} from '../../../shared/pos/orders';
import {
  enqueueOrderEvent,
  getOrder,
  latestOpenOrder,
  putOrder,
  returnedByLine,
  reversedTotal,
  staleOpenOrders,
  type OrderRow,
} from '../../db/repos/posOrders';
import { appendAudit } from '../audit';
import { Names } from '../names';
import type { RedemptionService } from '../redemption';
import type { TillRedemptions } from '../tillRedemptions';
import { earlierAnswer, once, type PosCaller } from './idempotency';
import { basketOf, currentEffects, noEffects, viewOf } from './orderView';
import type { BounceBacks } from '../bounceBack';
import { orderRefusal, parsed } from './refusals';
import { returnLines } from './returns';

import type { PosEvent } from '../../../shared/pos/events';

export type { PosCaller } from './idempotency';

/** Hears every order event after its transaction committed, with who opened the order (`pos:<pairing id>`). */
export type PosEventListener = (event: PosEvent, openedBy: string) => void;

/** The abandoned-order timeout when settings say nothing: 30 minutes (the POS died). */
export const DEFAULT_ORDER_TIMEOUT_MS = 30 * 60_000;

export interface PosOrdersDeps {
  db: Database.Database;
  ledger: RedemptionService;
  redemptions: TillRedemptions;
  now: () => number;
  /** An order left open this long without a call is cancelled, its coupons voided (audited). */
  timeoutMs?: () => number;
  /** Bounce-back codes handed out when an order closes (decision 086); none without. */
  bounceBacks?: BounceBacks;
}

/**
 * The POS's orders at this till (issue 14): open or update, apply a code, remove a coupon, close,
 * cancel, return lines, and the abandoned-order sweep. A coupon applied to an open order is
 * redeemed at once, durably, through the same claim-at-HQ-first flow as the till's own screen.
 * Every write is one transaction (ledger, outbox, order, order event, audit and the idempotent
 * answer together); a refusal throws ApiFailure with details.reason and changes nothing.
 */
export class PosOrders {
  private readonly db: Database.Database;
  private readonly names: Names;
  private readonly listeners = new Set<PosEventListener>();

  constructor(private readonly deps: PosOrdersDeps) {
    this.db = deps.db;
    this.names = new Names(deps.db);
    // A coupon voided on an open order (removed at the POS, or from the manager's log) restacks those left.
    deps.ledger.watchOpenBaskets((basketId) => {
      if (!basketId.startsWith(orderBasketId(''))) return null;
      const order = getOrder(this.db, basketId.slice(orderBasketId('').length));
      return order?.state === 'open' && order.basketId === basketId ? basketOf(order) : null;
    });
  }

  /** Order events for the POS's event stream (and the cashier's screen); returns the unsubscribe. */
  onEvent(listener: PosEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get(ref: unknown): OrderView {
    return this.view(this.existing(parsed(OrderRefSchema, ref).orderId));
  }

  /** The till's current POS order: the open order a POS touched last (the cashier's screen shows it), or null. */
  current(): OrderView | null {
    const orderId = latestOpenOrder(this.db);
    return orderId ? this.view(this.existing(orderId)) : null;
  }

  /** The till's own scanner: applies a code to the current POS order, as the signed-in cashier. */
  async applyAtTill(input: { code: string; source: OrderApplyRequest['source'] }, cashierId: string): Promise<OrderApplyResult> {
    const orderId = latestOpenOrder(this.db);
    if (!orderId) throw orderRefusal('order_not_found', 'No POS order is open at this till: scan on the manual basket.');
    return this.apply({ orderId, code: input.code, source: input.source }, { actorId: cashierId, scope: `till:${cashierId}` });
  }

  open(input: unknown, caller: PosCaller): OrderView {
    const view = this.openOrder(input, caller);
    const flagged = view.effects.coupons.filter((c) => c.flagged);
    return this.announce(view, flagged.length ? [{ type: 'coupon.flagged', orderId: view.orderId, coupons: flagged }] : []);
  }

  private openOrder(input: unknown, caller: PosCaller): OrderView {
    const req = parsed(OrderOpenRequestSchema, input);
    const lines: OrderLine[] = req.lines.map((l, i) => ({ ...l, lineId: l.lineId ?? String(i + 1) }));
    const sum = lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
    if (sum !== req.totalMinor) throw orderRefusal('total_mismatch', `The lines add up to ${sum}, not the order total ${req.totalMinor}.`, { linesMinor: sum });
    if (new Set(lines.map((l) => l.lineId)).size !== lines.length) throw orderRefusal('duplicate_line_id', 'Two lines of the order have the same lineId.');
    const now = this.deps.now();
    return once(this.db, caller, 'open', req, now, () => {
      const earlier = getOrder(this.db, req.orderId);
      if (earlier) this.mustBeOpen(earlier);
      const order: OrderRow = earlier
        ? { ...earlier, lines, memberId: req.memberId ?? null, memberTier: req.memberTier ?? null, updatedAt: now }
        : {
            orderId: req.orderId,
            basketId: orderBasketId(req.orderId),
            state: 'open',
            lines,
            memberId: req.memberId ?? null,
            memberTier: req.memberTier ?? null,
            receiptNo: null,
            paidTotalMinor: null,
            closedEffects: null,
            endedBy: null,
            openedBy: caller.actorId,
            openedAt: now,
            updatedAt: now,
            endedAt: null,
          };
      putOrder(this.db, order);
      if (earlier) this.deps.ledger.restackBasket(basketOf(order), caller.actorId, 'lines_changed');
      this.audit(caller.actorId, earlier ? 'pos.order.update' : 'pos.order.open', {
        orderId: req.orderId,
        lines: lines.length,
        totalMinor: sum,
        memberTier: req.memberTier ?? null,
      });
      return this.view(order);
    });
  }

  /** Applies a code: the HQ claim first when the campaign needs one (outside the transaction), then redeems on the order. */
  async apply(input: unknown, caller: PosCaller): Promise<OrderApplyResult> {
    const req = parsed(OrderApplyRequestSchema, input);
    const earlier = earlierAnswer<OrderApplyResult>(this.db, caller, 'apply', req);
    if (earlier) return earlier;
    const redeemOn = (order: OrderRow) => ({ code: req.code, basket: basketOf(order), source: req.source });
    const claim = await this.deps.redemptions.claimFor(redeemOn(this.mustBeOpen(this.existing(req.orderId))));
    const answer = once(this.db, caller, 'apply', req, this.deps.now(), () => {
      const order = this.mustBeOpen(this.existing(req.orderId));
      const result = this.deps.redemptions.redeemClaimed(redeemOn(order), { cashierId: caller.actorId, approvedBy: null, selfApproves: false }, claim);
      const touched = this.touch(order);
      return { verdict: result.verdict, duplicate: result.duplicate, order: this.view(touched) };
    });
    const { verdict, order } = answer;
    const coupon = verdict.ok && !answer.duplicate ? order.effects.coupons.find((c) => c.couponKey === verdict.couponKey) : undefined;
    this.announce(order, [
      { type: 'verdict', orderId: order.orderId, source: req.source, verdict },
      ...(coupon ? [{ type: 'coupon.applied' as const, orderId: order.orderId, coupon }] : []),
    ]);
    return answer;
  }

  remove(input: unknown, caller: PosCaller): OrderView {
    const req = parsed(OrderRemoveRequestSchema, input);
    return this.announce(
      once(this.db, caller, 'remove', req, this.deps.now(), () => {
        const order = this.mustBeOpen(this.existing(req.orderId));
        if (!this.deps.ledger.basketCoupons(order.basketId).some((r) => r.id === req.redemptionId)) {
          throw orderRefusal('coupon_not_on_order', 'That coupon is not on this order (or was removed already).');
        }
        this.deps.redemptions.void(
          { redemptionId: req.redemptionId, reason: 'Removed from the order at the POS' },
          { userId: caller.actorId, approvedBy: null },
        ); // the void restacks the coupons left on the open order
        this.audit(caller.actorId, 'pos.coupon.remove', { orderId: order.orderId, redemptionId: req.redemptionId });
        return this.view(this.touch(order));
      }),
    );
  }

  close(input: unknown, caller: PosCaller): OrderView {
    const req = parsed(OrderCloseRequestSchema, input);
    return this.announce(
      once(this.db, caller, 'close', req, this.deps.now(), () => {
        const order = this.mustBeOpen(this.existing(req.orderId));
        const effects = currentEffects(order, this.deps.ledger.basketCoupons(order.basketId), this.campaign);
        const unfit = effects.coupons.filter((c) => c.flagged?.reason === 'discount_exceeds_lines');
        if (unfit.length > 0)
          throw orderRefusal('coupons_do_not_fit', "A coupon no longer fits the order's lines: remove it before closing.", {
            redemptionId: unfit[0]!.redemptionId,
          });
        const now = this.deps.now();
        const closed: OrderRow = {
          ...order,
          state: 'closed',
          receiptNo: req.receiptNo,
          paidTotalMinor: req.paidTotalMinor,
          closedEffects: effects,
          endedBy: 'pos',
          updatedAt: now,
          endedAt: now,
        };
        putOrder(this.db, closed);
        const payload = {
          orderId: order.orderId,
          basketId: order.basketId,
          receiptNo: req.receiptNo,
          paidTotalMinor: req.paidTotalMinor,
          totalMinor: effects.totalMinor,
          discountMinor: effects.discountMinor,
          redemptionIds: effects.coupons.map((c) => c.redemptionId),
        };
        enqueueOrderEvent(this.db, { id: newId(), orderId: order.orderId, kind: 'closed', payload, at: now });
        this.audit(caller.actorId, 'pos.order.close', payload);
        this.deps.bounceBacks?.issueFor({ basketId: order.basketId, paidMinor: req.paidTotalMinor, receiptNo: req.receiptNo }, caller.actorId);
        return this.view(closed);
      }),
    );
  }

  cancel(input: unknown, caller: PosCaller): OrderView {
    const req = parsed(OrderCancelRequestSchema, input);
    return this.announce(
      once(this.db, caller, 'cancel', req, this.deps.now(), () =>
        this.view(this.cancelOpen(this.mustBeOpen(this.existing(req.orderId)), caller.actorId, 'pos', req.reason ?? 'Order cancelled at the POS')),
      ),
    );
  }

  returnLines(input: unknown, caller: PosCaller): OrderReturnResult {
    const req = parsed(OrderReturnRequestSchema, input);
    const answer = once(this.db, caller, 'return', req, this.deps.now(), () => {
      const order = this.existing(req.orderId);
      const done = returnLines(this.db, order, req, {
        ledger: this.deps.ledger,
        redemptions: this.deps.redemptions,
        campaign: this.campaign,
        actorId: caller.actorId,
        now: this.deps.now(),
      });
      return { ...done, order: this.view(done.order) };
    });
    this.announce(answer.order);
    return answer;
  }

  /** Cancels every open order nobody touched for the timeout (the POS died): audited voids. Returns the orders cancelled. */
  sweepAbandoned(): string[] {
    const timeout = this.deps.timeoutMs?.() ?? DEFAULT_ORDER_TIMEOUT_MS;
    const stale = staleOpenOrders(this.db, this.deps.now() - timeout);
    for (const orderId of stale) {
      this.db
        .transaction(() => {
          const order = getOrder(this.db, orderId);
          if (order?.state !== 'open' || order.updatedAt > this.deps.now() - timeout) return; // touched meanwhile
          this.cancelOpen(order, 'system', 'timeout', `Abandoned: the POS left the order open over ${Math.round(timeout / 60_000)} min`);
        })
        .immediate();
      const order = getOrder(this.db, orderId);
      if (order?.state === 'cancelled') this.announce(this.view(order));
    }
    return stale;
  }

  private cancelOpen(order: OrderRow, actorId: string, by: 'pos' | 'timeout', reason: string): OrderRow {
    const now = this.deps.now();
    const cancelled: OrderRow = { ...order, state: 'cancelled', endedBy: by, updatedAt: now, endedAt: now };
    // Cancelled first, so voiding its coupons does not restack (and amend) the ones about to go too.
    putOrder(this.db, cancelled);
    const voided = this.deps.ledger.basketCoupons(order.basketId).map((r) => {
      this.deps.redemptions.void({ redemptionId: r.id, reason }, { userId: actorId, approvedBy: null });
      return r.id;
    });
    const payload = { orderId: order.orderId, basketId: order.basketId, endedBy: by, reason, voidedRedemptionIds: voided };
    enqueueOrderEvent(this.db, { id: newId(), orderId: order.orderId, kind: 'cancelled', payload, at: now });
    this.audit(actorId, by === 'timeout' ? 'pos.order.abandoned' : 'pos.order.cancel', payload);
    return cancelled;
  }

  /** Tells the listeners (after the commit): the order as it is now, after the call's own events. */
  private announce(view: OrderView, events: PosEvent[] = []): OrderView {
    if (this.listeners.size === 0) return view;
    const openedBy = getOrder(this.db, view.orderId)?.openedBy ?? '';
    for (const event of [...events, { type: 'order.updated' as const, orderId: view.orderId, order: view }]) {
      for (const l of this.listeners) {
        try {
          l(event, openedBy);
        } catch (err) {
          console.error('a POS event listener failed', err);
        }
      }
    }
    return view;
  }

  private readonly campaign = (id: number): Campaign | undefined => this.names.campaign(id);

  private existing(orderId: string): OrderRow {
    const order = getOrder(this.db, orderId);
    if (!order) throw orderRefusal('order_not_found', `No order ${orderId} on this till.`);
    return order;
  }

  private mustBeOpen(order: OrderRow): OrderRow {
    if (order.state === 'open') return order;
    if (order.state === 'cancelled')
      throw orderRefusal('order_not_open', `Order ${order.orderId} was cancelled${order.endedBy === 'timeout' ? ' (left open too long)' : ''}.`, {
        state: order.state,
      });
    throw orderRefusal('already_closed', `Order ${order.orderId} is already closed (receipt ${order.receiptNo}).`, { state: order.state });
  }

  private touch(order: OrderRow): OrderRow {
    const touched = { ...order, updatedAt: this.deps.now() };
    putOrder(this.db, touched);
    return touched;
  }

  private view(order: OrderRow): OrderView {
    const effects =
      order.closedEffects ?? (order.state === 'open' ? currentEffects(order, this.deps.ledger.basketCoupons(order.basketId), this.campaign) : noEffects(order));
    const view = viewOf(order, effects, returnedByLine(this.db, order.orderId), reversedTotal(this.db, order.orderId));
    const issued = order.state === 'closed' ? (this.deps.bounceBacks?.forBasket(order.basketId) ?? []) : [];
    return issued.length > 0 ? { ...view, issuedCoupons: issued } : view;
  }

  private audit(actor: string, action: string, detail: Record<string, unknown>): void {
    appendAudit(this.db, { actor, action, detail, at: this.deps.now() });
  }
}
