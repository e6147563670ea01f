import { create } from 'zustand';
import { formatMinor } from '../../../../shared/money';
import * as api from '../api/cashierApi';
import { approvalActions } from './basketApproval';
import { scanActions } from './basketScans';
import { initial, type BasketState } from './basketState';

/**
 * The cashier's basket: its total, member, the coupons redeemed on it (stacking applied, as
 * main computed it) and the verdict of the last scan. Scans never wait on anything but main's
 * answer; no dialog ever sits in the scan path: a manager's approval opens inline in the
 * verdict panel and a new scan simply replaces it.
 *
 * Here: the basket itself (main's, adopted when pushed), its receipt number and New basket. The
 * scan path is in basketScans.ts, undo and the manager's approval in basketApproval.ts, the state's
 * shape in basketState.ts.
 */

export { CHECKING_AFTER_MS } from './basketScans';
export { lastCoupon, type VerdictView } from './basketState';

/** A New basket main has not answered yet: a scan waits for it, so it lands on the new basket. */
let starting: Promise<void> | null = null;

export const useBasketStore = create<BasketState>((set, get) => {
  // The scan path and the approval call each other (a refused claim opens an approval; an approved one redeems).
  const approval = approvalActions(set, get, { redeemNow: (...args) => scans.redeemNow(...args) });
  const scans = scanActions(set, get, { openApproval: approval.openApproval, starting: () => starting });

  return {
    ...initial(),
    setTotalText: (totalText) => set({ totalText }),
    setMemberId: (memberId) => set({ memberId }),
    setReceiptText: (receiptText) => set({ receiptText, receiptError: null }),

    async commitReceipt() {
      const { basketId, receiptText, receiptSaved } = get();
      const receiptNo = receiptText.trim() || null;
      if (receiptNo === receiptSaved) return;
      const res = await api.updateBasket({ basketId, receiptNo });
      if (res.ok) get().adopt(res.value);
      else if (get().basketId === basketId) set({ receiptError: res.error.message });
    },

    adopt(view) {
      const same = view.basketId === get().basketId;
      const kept = { coupons: view.coupons, receiptSaved: view.receiptNo, sentWithoutReceipt: view.sentWithoutReceipt };
      if (same) return set(kept);
      // Our own New basket: keep what the cashier already typed for the next customer.
      if (starting) return set({ ...kept, basketId: view.basketId });
      // Another basket than the screen's: the start, a reload, or New basket in another window.
      set({
        ...initial(),
        ...kept,
        basketId: view.basketId,
        totalText: view.totalMinor === null ? '' : formatMinor(view.totalMinor),
        memberId: view.memberId ?? '',
        receiptText: view.receiptNo ?? '',
      });
    },

    async load() {
      const res = await api.currentBasket();
      if (res.ok) get().adopt(res.value);
    },

    scan: scans.scan,
    scanOnPosOrder: scans.scanOnPosOrder,
    commitTotal: scans.commitTotal,

    newBasket() {
      // The screen clears at once (the cashier's next customer); main makes the new basket's id.
      const finished = get().basketId;
      // A receipt number typed but not yet saved (F2 straight from its field) belongs to this basket.
      void get().commitReceipt();
      set({ ...initial(), basketId: finished });
      const run: Promise<void> = api
        .startNewBasket(finished)
        .then((res) => {
          if (res.ok) get().adopt(res.value);
        })
        .finally(() => {
          if (starting === run) starting = null;
        });
      starting = run;
    },

    async refreshCoupons() {
      const basketId = get().basketId;
      const res = await api.basketCoupons(basketId);
      if (res.ok && get().basketId === basketId) set({ coupons: res.value });
    },

    undoLast: approval.undoLast,
    approve: approval.approve,
    cancelApproval: approval.cancelApproval,
  };
});

/** Follows main's pushes of the manual basket (main owns it); returns the unsubscribe. */
export function followManualBasket(): () => void {
  return api.onBasket((view) => useBasketStore.getState().adopt(view));
}

/** For tests: a fresh basket and no verdict. */
export function resetBasketStore(): void {
  starting = null;
  useBasketStore.setState({ ...initial() });
}
