import { create } from 'zustand';
import type { CouponVerdict } from '../../../../shared/redemption';
import type { ScanSource } from '../../../../shared/scan';
import type { BasketCoupons } from '../../../../shared/ipc';
import { formatMinor, parseMinor } from '../../../../shared/money';
import { newId } from '../../../../shared/ids';
import type { ManualBasketView } from '../../../../shared/pos/manualBasket';
import * as api from '../api/cashierApi';
import { scanOnPosOrder } from '../../pos/api/posApi';
import { usePosOrderStore } from '../../pos/store/usePosOrderStore';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';
import { actionOf, approversFor, type ApprovalState, type Blocked } from './approval';

/**
 * The cashier's basket: its total, member, the coupons redeemed on it (stacking applied, as
 * main computed it) and the verdict of the last scan. Scans never wait on anything but main's
 * answer; no dialog ever sits in the scan path: a manager's approval opens inline in the
 * verdict panel and a new scan simply replaces it.
 */

export type VerdictView =
  | { seq: number; state: 'checking'; code: string }
  | { seq: number; state: 'needTotal'; code: string }
  | { seq: number; state: 'done'; code: string; verdict: CouponVerdict; duplicate: boolean }
  | { seq: number; state: 'voided'; code: string; campaignName: string; discountMinor: number }
  | { seq: number; state: 'error'; code: string; message: string };

interface BasketState {
  /** Main's basket id (main owns the manual basket); a placeholder until main's answer arrives. */
  basketId: string;
  totalText: string;
  memberId: string;
  /** The POS receipt number as typed, and as main holds it (sent to HQ with the basket's coupons). */
  receiptText: string;
  receiptSaved: string | null;
  receiptError: string | null;
  /** Coupons that reached HQ before the receipt number was typed. */
  sentWithoutReceipt: number;
  verdict: VerdictView | null;
  coupons: BasketCoupons | null;
  /** A code scanned before the total was entered: checked as soon as the total is. */
  pendingScan: { text: string; source: ScanSource } | null;
  approval: ApprovalState;
  /** An undo that failed for another reason than needing a manager. */
  undoError: string | null;
  undoing: boolean;
  setTotalText(text: string): void;
  setMemberId(text: string): void;
  setReceiptText(text: string): void;
  /** The cashier finished typing the receipt number (Enter, or left the field): main keeps it. */
  commitReceipt(): Promise<void>;
  /** Main's basket (at start, after a reload, or pushed): the screen shows it. */
  adopt(view: ManualBasketView): void;
  load(): Promise<void>;
  scan(text: string, source: ScanSource): Promise<void>;
  /** A scan while a POS's order is the till's current order: main applies it to that order (the POS hears it). */
  scanOnPosOrder(text: string, source: ScanSource): Promise<void>;
  /** The cashier finished entering the total (Enter): runs a scan that was waiting for it. */
  commitTotal(): Promise<void>;
  newBasket(): void;
  /** Undo the last coupon on this basket; main decides whether a manager must approve it. */
  undoLast(reason: string): Promise<void>;
  /** The manager approves the blocked action with their PIN; it then goes through. */
  approve(managerId: string, pin: string): Promise<void>;
  cancelApproval(): void;
  refreshCoupons(): Promise<void>;
}

let seq = 0;
/** The newest scan taken; only its answer may set the verdict. */
let latest = 0;
/** After this long without an answer the verdict panel says "Checking…". */
export const CHECKING_AFTER_MS = 120;

/** Performance marks around the redeem call, so bench:ui can split UI time from API time. */
function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') {
    performance.clearMarks(name);
    performance.mark(name);
  }
}

async function isPrivilege(code: string, basketId: string, source: ScanSource): Promise<boolean> {
  const res = await api.validate(code, { id: basketId, totalMinor: 0 }, source);
  return res.ok && res.value.ok && res.value.type === 'privilege';
}

/** A New basket main has not answered yet: a scan waits for it, so it lands on the new basket. */
let starting: Promise<void> | null = null;

const initial = () => ({
  basketId: newId(),
  totalText: '',
  memberId: '',
  receiptText: '',
  receiptSaved: null as string | null,
  receiptError: null as string | null,
  sentWithoutReceipt: 0,
  verdict: null,
  coupons: null,
  pendingScan: null,
  approval: { state: 'idle' } as ApprovalState,
  undoError: null,
  undoing: false,
});

/** The last coupon still on the basket (the one Undo voids). */
export function lastCoupon(coupons: BasketCoupons | null) {
  if (!coupons || coupons.coupons.length === 0) return null;
  return coupons.coupons.reduce((a, b) => (b.redeemedAt >= a.redeemedAt ? b : a));
}

export const useBasketStore = create<BasketState>((set, get) => {
  /** Opens the inline approval for a blocked action, with the users who may approve it. */
  async function openApproval(blocked: Blocked): Promise<void> {
    const res = await api.roster();
    const managers = res.ok ? approversFor(res.value, actionOf(blocked)) : [];
    set({ approval: { state: 'open', blocked, managers, error: res.ok ? null : { code: res.error.code, message: res.error.message }, busy: false } });
  }

  async function redeemNow(mySeq: number, text: string, source: ScanSource, totalMinor: number, token?: string): Promise<void> {
    const { basketId, memberId } = get();
    latest = mySeq;
    // "Checking…" only if main is slow to answer: an extra render and frame right after Enter would
    // delay the verdict itself, and a normal answer comes well within this.
    const slow = setTimeout(() => {
      if (latest === mySeq) set({ verdict: { seq: mySeq, state: 'checking', code: text } });
    }, CHECKING_AFTER_MS);
    const member = memberId.trim();
    const basket = { id: basketId, totalMinor, ...(member ? { memberId: member } : {}) };
    mark('till:scan:sent');
    const res = await api.redeem(text, basket, source, token);
    mark('till:scan:answered');
    clearTimeout(slow);
    // A newer scan's verdict must not be overwritten by an older answer; the basket list still refreshes.
    if (latest === mySeq) {
      set({
        verdict: res.ok
          ? { seq: mySeq, state: 'done', code: text, verdict: res.value.verdict, duplicate: res.value.duplicate }
          : { seq: mySeq, state: 'error', code: text, message: res.error.message },
      });
      if (res.ok && !res.value.verdict.ok && res.value.verdict.reason === 'online_claim_required' && !token) {
        await openApproval({ kind: 'redeem', code: text, source, totalMinor, ...(member ? { memberId: member } : {}) });
      }
    }
    if (res.ok && res.value.verdict.ok) {
      refreshSyncStatusSoon();
      if (get().basketId === basketId) await get().refreshCoupons();
    }
  }

  async function undoNow(blocked: Extract<Blocked, { kind: 'undo' }>, token?: string): Promise<boolean> {
    const { basketId } = get();
    set({ undoing: true, undoError: null });
    const res = await api.undo(basketId, blocked.coupon.redemptionId, blocked.reason, token);
    set({ undoing: false });
    if (res.ok) {
      refreshSyncStatusSoon();
      const c = blocked.coupon;
      set({ verdict: { seq: ++seq, state: 'voided', code: c.couponKey, campaignName: c.campaignName, discountMinor: c.discountMinor } });
      latest = seq;
    } else if (res.error.code === 'forbidden' && res.error.details?.overridable === true && !token) {
      await openApproval(blocked);
      return false;
    } else set({ undoError: res.error.message });
    await get().refreshCoupons();
    return res.ok;
  }

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

    async scan(text, source) {
      if (starting) await starting;
      const mySeq = ++seq;
      // A new scan replaces whatever the panel held, an open approval too.
      if (get().approval.state !== 'idle') set({ approval: { state: 'idle' } });
      const { basketId, totalText } = get();
      let totalMinor = parseMinor(totalText);
      if (totalMinor === null) {
        latest = mySeq;
        // A privilege coupon is worth nothing off the basket, so it needs no total; anything else
        // would be refused against a zero basket: ask for the total first and keep the scan.
        if (!(await isPrivilege(text, basketId, source))) {
          if (latest === mySeq) set({ verdict: { seq: mySeq, state: 'needTotal', code: text }, pendingScan: { text, source } });
          return;
        }
        totalMinor = 0;
      }
      set({ pendingScan: null });
      await redeemNow(mySeq, text, source, totalMinor);
    },

    async scanOnPosOrder(text, source) {
      const mySeq = ++seq;
      latest = mySeq;
      if (get().approval.state !== 'idle') set({ approval: { state: 'idle' } });
      const res = await scanOnPosOrder(text, source);
      if (res.ok) usePosOrderStore.setState({ order: res.value.order });
      if (latest !== mySeq) return;
      set({
        verdict: res.ok
          ? { seq: mySeq, state: 'done', code: text, verdict: res.value.verdict, duplicate: res.value.duplicate }
          : { seq: mySeq, state: 'error', code: text, message: res.error.message },
      });
      if (res.ok && res.value.verdict.ok) refreshSyncStatusSoon();
    },

    async commitTotal() {
      const { pendingScan: pending, basketId, totalText, memberId } = get();
      const totalMinor = parseMinor(totalText);
      if (pending && totalMinor !== null) await get().scan(pending.text, pending.source);
      // No scan waiting: main keeps the total and member (a reload shows them); a redemption carries them anyway.
      else if (!pending) void api.updateBasket({ basketId, totalMinor, memberId: memberId.trim() || null });
    },

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

    async undoLast(reason) {
      const coupon = lastCoupon(get().coupons);
      if (!coupon || get().undoing) return;
      await undoNow({ kind: 'undo', coupon, reason });
    },

    async approve(managerId, pin) {
      const approval = get().approval;
      if (approval.state !== 'open' || approval.busy) return;
      const busy: ApprovalState = { ...approval, busy: true, error: null };
      set({ approval: busy });
      const grant = await api.requestOverride(managerId, pin, actionOf(approval.blocked));
      // A scan or Escape while main checked the PIN closed the approval: nothing more to do.
      if (get().approval !== busy) return;
      if (!grant.ok) {
        set({ approval: { ...approval, busy: false, error: { code: grant.error.code, message: grant.error.message } } });
        return;
      }
      set({ approval: { state: 'idle' } });
      const blocked = approval.blocked;
      if (blocked.kind === 'undo') await undoNow(blocked, grant.value.token);
      else await redeemNow(++seq, blocked.code, blocked.source, blocked.totalMinor, grant.value.token);
    },

    cancelApproval: () => set({ approval: { state: 'idle' } }),
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
