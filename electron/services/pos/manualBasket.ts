import type Database from 'better-sqlite3';
import { newId } from '../../../shared/ids';
import { ApiFailure } from '../../../shared/ipc/result';
import { parsed } from './refusals';
import type { RedeemRequest, RedeemResult } from '../../../shared/redemption';
import { ManualBasketNewSchema, ManualBasketUpdateSchema, type ManualBasketView } from '../../../shared/pos/manualBasket';
import { putStoredSetting, storedSetting } from '../../db/repos/appSettings';
import { stmt } from '../../db/statements';
import { appendAudit } from '../audit';
import type { Redeemer, TillRedemptions } from '../tillRedemptions';

/** The basket as main keeps it (app_settings key `manualBasket`): one per till, like its one screen. */
interface StoredBasket {
  basketId: string;
  totalMinor: number | null;
  memberId: string | null;
  receiptNo: string | null;
  startedAt: number;
}

const KEY = 'manualBasket';

/**
 * The till's manual basket, owned by main (issue 14: "move the basket into main"), as a POS's
 * order is: main makes its id, keeps its total, member and receipt number (a reload or a restart
 * shows the same basket with its coupons), redeems on it and pushes it to the screen after every
 * change. The receipt number goes to HQ with each redemption made on the basket; typed after some
 * coupons, it is written into those of their uploads still waiting in the outbox, in one
 * transaction. Uploads HQ already holds keep none: `sentWithoutReceipt` counts them (HQ's
 * "same id, same body" ignores a later receipt, decision 063).
 */
export class ManualBasket {
  private readonly listeners = new Set<(view: ManualBasketView) => void>();

  constructor(
    private readonly db: Database.Database,
    private readonly redemptions: TillRedemptions,
    private readonly now: () => number,
  ) {
    // An undo or a void on this basket while it is open restacks the coupons left (the customer has not paid yet).
    redemptions.watchOpenBaskets((basketId) => {
      const basket = this.peek();
      if (!basket || basket.basketId !== basketId || basket.totalMinor === null) return null;
      return { id: basketId, totalMinor: basket.totalMinor, ...(basket.memberId ? { memberId: basket.memberId } : {}) };
    });
  }

  /** Every change of the basket (the screen follows it); returns the unsubscribe. */
  onChange(listener: (view: ManualBasketView) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  current(): ManualBasketView {
    return this.view(this.stored());
  }

  /** Is this the manual basket's id (a redemption on it carries its receipt number)? */
  isCurrent(basketId: string): boolean {
    return this.stored().basketId === basketId;
  }

  update(input: unknown, actorId: string): ManualBasketView {
    const req = parsed(ManualBasketUpdateSchema, input);
    const view = this.db
      .transaction(() => {
        const basket = this.mine(req.basketId);
        const next: StoredBasket = {
          ...basket,
          ...(req.totalMinor !== undefined ? { totalMinor: req.totalMinor } : {}),
          ...(req.memberId !== undefined ? { memberId: req.memberId } : {}),
          ...(req.receiptNo !== undefined ? { receiptNo: req.receiptNo } : {}),
        };
        putStoredSetting(this.db, KEY, next);
        if (next.receiptNo !== basket.receiptNo) {
          const stamped = this.stampWaitingUploads(next);
          appendAudit(this.db, {
            actor: actorId,
            action: 'basket.receipt',
            at: this.now(),
            detail: { basketId: next.basketId, receiptNo: next.receiptNo, uploadsStamped: stamped },
          });
        }
        return this.view(next);
      })
      .immediate();
    return this.tell(view);
  }

  /** Finishes the basket (its coupons stay on the ledger under its id) and starts a fresh one. */
  startNew(input: unknown = {}): ManualBasketView {
    const req = parsed(ManualBasketNewSchema, input);
    const basket = this.stored();
    // A second press for a basket already finished (a retry, another window) starts nothing new.
    if (req.basketId !== undefined && req.basketId !== basket.basketId) return this.view(basket);
    return this.tell(this.view(this.fresh()));
  }

  /**
   * Redeems on the manual basket: the total and member the cashier typed become the basket's, and
   * the redemption's upload carries the basket's receipt number, in the redemption's own
   * transaction (one fsync). A request for another basket (rapid mode's own) passes through.
   */
  async redeem(req: RedeemRequest, who: Redeemer): Promise<RedeemResult> {
    const claim = await this.redemptions.claimFor(req);
    const basketId = req.basket?.id;
    let changed = false;
    const result = this.db
      .transaction(() => {
        const basket = this.stored();
        if (basketId !== basket.basketId) return this.redemptions.redeemClaimed(req, who, claim);
        const totalMinor = req.basket.totalMinor;
        const memberId = req.basket.memberId ?? null;
        if (basket.totalMinor !== totalMinor || basket.memberId !== memberId) {
          putStoredSetting(this.db, KEY, { ...basket, totalMinor, memberId });
          changed = true;
        }
        const res = this.redemptions.redeemClaimed(req, who, claim, basket.receiptNo ? { receiptNo: basket.receiptNo } : {});
        changed ||= Boolean(res.redemption);
        return res;
      })
      .immediate();
    if (changed) this.tell(this.current());
    return result;
  }

  /** The screen's coupons changed some other way (an undo, a void): push the basket again. */
  changed(basketId: string): void {
    if (this.isCurrent(basketId)) this.tell(this.current());
  }

  private mine(basketId: string): StoredBasket {
    const basket = this.stored();
    if (basket.basketId !== basketId)
      throw new ApiFailure('conflict', 'That basket is finished: the screen shows the new one.', { reason: 'basket_finished', basketId: basket.basketId });
    return basket;
  }

  private stored(): StoredBasket {
    // A damaged or missing value: a fresh basket (the old one's coupons stay on the ledger).
    return this.peek() ?? this.fresh();
  }

  /** The stored basket, or null when there is none (or it is damaged); writes nothing. */
  private peek(): StoredBasket | null {
    const text = storedSetting(this.db, KEY);
    if (text === undefined) return null;
    try {
      const b = JSON.parse(text) as StoredBasket;
      return typeof b.basketId === 'string' && b.basketId.length > 0 ? b : null;
    } catch {
      return null;
    }
  }

  private fresh(): StoredBasket {
    const basket: StoredBasket = { basketId: newId(), totalMinor: null, memberId: null, receiptNo: null, startedAt: this.now() };
    putStoredSetting(this.db, KEY, basket);
    return basket;
  }

  /** Writes the receipt number into the waiting uploads of the basket's redemptions; returns how many. */
  private stampWaitingUploads(basket: StoredBasket): number {
    const rows = this.waitingUploads(basket.basketId);
    const update = stmt(this.db, 'UPDATE outbox SET payload = ? WHERE seq = ? AND delivered_at IS NULL');
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      if (basket.receiptNo) payload.receiptNo = basket.receiptNo;
      else delete payload.receiptNo;
      update.run(JSON.stringify(payload), row.seq);
    }
    return rows.length;
  }

  private waitingUploads(basketId: string): { seq: number; payload: string }[] {
    return stmt<[string], { seq: number; payload: string }>(
      this.db,
      `SELECT o.seq, o.payload FROM outbox o JOIN redemptions l ON l.id = o.redemption_id
       WHERE l.basket_id = ? AND l.kind = 'redeem' AND o.delivered_at IS NULL ORDER BY o.seq`,
    ).all(basketId);
  }

  private view(basket: StoredBasket): ManualBasketView {
    const coupons = this.redemptions.basketCoupons(basket.basketId);
    const sent = basket.receiptNo ? this.sentWithoutReceipt(basket) : 0;
    return { ...basket, coupons, sentWithoutReceipt: sent };
  }

  private sentWithoutReceipt(basket: StoredBasket): number {
    const rows = stmt<[string], { payload: string }>(
      this.db,
      `SELECT o.payload FROM outbox o JOIN redemptions l ON l.id = o.redemption_id
       WHERE l.basket_id = ? AND l.kind = 'redeem' AND l.voided = 0 AND o.delivered_at IS NOT NULL`,
    ).all(basket.basketId);
    return rows.filter((r) => (JSON.parse(r.payload) as { receiptNo?: string }).receiptNo !== basket.receiptNo).length;
  }

  private tell(view: ManualBasketView): ManualBasketView {
    for (const l of this.listeners) {
      try {
        l(view);
      } catch (err) {
        console.error('a basket listener failed', err);
      }
    }
    return view;
  }
}
