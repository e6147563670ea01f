import { create } from 'zustand';
import type { CouponVerdict } from '../../../../shared/redemption';
import type { ScanSource } from '../../../../shared/scan';
import type { BasketCoupons, RosterEntry } from '../../../../shared/ipc';
import { parseMinor } from '../../../../shared/money';
import { newId } from '../../../../shared/ids';
import * as api from '../api/cashierApi';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';

/**
 * The cashier's basket: its total, member, the coupons redeemed on it (stacking applied, as
 * main computed it) and the verdict of the last scan. Scans never wait on anything but main's
 * answer; no dialog ever sits in the scan path.
 */

export type VerdictView =
  | { seq: number; state: 'checking'; code: string }
  | { seq: number; state: 'needTotal'; code: string }
  | { seq: number; state: 'done'; code: string; verdict: CouponVerdict; duplicate: boolean }
  | { seq: number; state: 'error'; code: string; message: string };

export type UndoState =
  | { state: 'idle' }
  | { state: 'working' }
  | { state: 'override'; managers: RosterEntry[]; error: string | null }
  | { state: 'error'; message: string };

interface BasketState {
  basketId: string;
  totalText: string;
  memberId: string;
  verdict: VerdictView | null;
  coupons: BasketCoupons | null;
  /** A code scanned before the total was entered: checked as soon as the total is. */
  pendingScan: { text: string; source: ScanSource } | null;
  undo: UndoState;
  setTotalText(text: string): void;
  setMemberId(text: string): void;
  scan(text: string, source: ScanSource): Promise<void>;
  /** The cashier finished entering the total (Enter): runs a scan that was waiting for it. */
  commitTotal(): Promise<void>;
  newBasket(): void;
  /** Undo the last redemption on this basket; without the void permission, asks for a manager. */
  undoLast(canVoid: boolean, reason: string): Promise<void>;
  approveOverride(managerId: string, pin: string, reason: string): Promise<void>;
  cancelOverride(): void;
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

const initial = () => ({
  basketId: newId(),
  totalText: '',
  memberId: '',
  verdict: null,
  coupons: null,
  pendingScan: null,
  undo: { state: 'idle' } as UndoState,
});

/** The last coupon still on the basket (the one Undo voids). */
export function lastCoupon(coupons: BasketCoupons | null) {
  if (!coupons || coupons.coupons.length === 0) return null;
  return coupons.coupons.reduce((a, b) => (b.redeemedAt >= a.redeemedAt ? b : a));
}

export const useBasketStore = create<BasketState>((set, get) => ({
  ...initial(),
  setTotalText: (totalText) => set({ totalText }),
  setMemberId: (memberId) => set({ memberId }),

  async scan(text, source) {
    const mySeq = ++seq;
    const { basketId, totalText, memberId } = get();
    let totalMinor = parseMinor(totalText);
    if (totalMinor === null) {
      latest = mySeq;
      // A privilege coupon is worth nothing off the basket, so it needs no total; anything else
      // would be consumed against a zero basket: ask for the total first and keep the scan.
      if (!(await isPrivilege(text, basketId, source))) {
        if (latest === mySeq) set({ verdict: { seq: mySeq, state: 'needTotal', code: text }, pendingScan: { text, source } });
        return;
      }
      totalMinor = 0;
    }
    // "Checking…" only if main is slow to answer: an extra render and frame right after Enter would
    // delay the verdict itself, and a normal answer comes well within this.
    set({ pendingScan: null });
    latest = mySeq;
    const slow = setTimeout(() => {
      if (latest === mySeq) set({ verdict: { seq: mySeq, state: 'checking', code: text } });
    }, CHECKING_AFTER_MS);
    const basket = { id: basketId, totalMinor, ...(memberId.trim() ? { memberId: memberId.trim() } : {}) };
    mark('till:scan:sent');
    const res = await api.redeem(text, basket, source);
    mark('till:scan:answered');
    clearTimeout(slow);
    // A newer scan's verdict must not be overwritten by an older answer; the basket list still refreshes.
    if (latest === mySeq) {
      set({
        verdict: res.ok
          ? { seq: mySeq, state: 'done', code: text, verdict: res.value.verdict, duplicate: res.value.duplicate }
          : { seq: mySeq, state: 'error', code: text, message: res.error.message },
      });
    }
    if (res.ok && res.value.verdict.ok) {
      refreshSyncStatusSoon();
      if (get().basketId === basketId) await get().refreshCoupons();
    }
  },

  async commitTotal() {
    const pending = get().pendingScan;
    if (pending && parseMinor(get().totalText) !== null) await get().scan(pending.text, pending.source);
  },

  newBasket: () => set({ ...initial() }),

  async refreshCoupons() {
    const basketId = get().basketId;
    const res = await api.basketCoupons(basketId);
    if (res.ok && get().basketId === basketId) set({ coupons: res.value });
  },

  async undoLast(canVoid, reason) {
    const last = lastCoupon(get().coupons);
    if (!last) return;
    if (!canVoid) {
      const res = await api.roster();
      const managers = res.ok ? res.value.filter((u) => u.role === 'manager') : [];
      set({ undo: { state: 'override', managers, error: res.ok ? null : res.error.message } });
      return;
    }
    set({ undo: { state: 'working' } });
    const res = await api.voidRedemption(last.redemptionId, reason);
    if (res.ok) refreshSyncStatusSoon();
    set({ undo: res.ok ? { state: 'idle' } : { state: 'error', message: res.error.message } });
    await get().refreshCoupons();
  },

  async approveOverride(managerId, pin, reason) {
    const undo = get().undo;
    const last = lastCoupon(get().coupons);
    if (undo.state !== 'override' || !last) return;
    const grant = await api.requestOverride(managerId, pin);
    if (!grant.ok) {
      set({ undo: { ...undo, error: grant.error.message } });
      return;
    }
    set({ undo: { state: 'working' } });
    const res = await api.voidRedemption(last.redemptionId, reason, grant.value.token);
    if (res.ok) refreshSyncStatusSoon();
    set({ undo: res.ok ? { state: 'idle' } : { state: 'error', message: res.error.message } });
    await get().refreshCoupons();
  },

  cancelOverride: () => set({ undo: { state: 'idle' } }),
}));

/** For tests: a fresh basket and no verdict. */
export function resetBasketStore(): void {
  useBasketStore.setState({ ...initial() });
}
