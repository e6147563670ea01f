import type { ScanSource } from '../../../../shared/scan';
import { parseMinor } from '../../../../shared/money';
import * as api from '../api/cashierApi';
import { scanOnPosOrder } from '../../pos/api/posApi';
import { usePosOrderStore } from '../../pos/store/usePosOrderStore';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';
import type { Blocked } from './approval';
import { scanOrder, type BasketGet, type BasketSet } from './basketState';

/**
 * The basket store's scan path: a scan on the manual basket (waiting for the total when it needs
 * one), on the POS's current order, and the redeem call itself. Nothing here waits on anything but
 * main's answer, and only the newest scan's answer sets the verdict.
 */

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

export type RedeemNow = (mySeq: number, text: string, source: ScanSource, totalMinor: number, token?: string) => Promise<void>;

export function scanActions(
  set: BasketSet,
  get: BasketGet,
  deps: {
    /** Opens the inline approval for a blocked action (basketApproval.ts). */
    openApproval: (blocked: Blocked) => Promise<void>;
    /** A New basket main has not answered yet: a scan waits for it, so it lands on the new basket. */
    starting: () => Promise<void> | null;
  },
) {
  const redeemNow: RedeemNow = async (mySeq, text, source, totalMinor, token) => {
    const { basketId, memberId } = get();
    scanOrder.latest = mySeq;
    // "Checking…" only if main is slow to answer: an extra render and frame right after Enter would
    // delay the verdict itself, and a normal answer comes well within this.
    const slow = setTimeout(() => {
      if (scanOrder.latest === mySeq) set({ verdict: { seq: mySeq, state: 'checking', code: text } });
    }, CHECKING_AFTER_MS);
    const member = memberId.trim();
    const basket = { id: basketId, totalMinor, ...(member ? { memberId: member } : {}) };
    mark('till:scan:sent');
    const res = await api.redeem(text, basket, source, token);
    mark('till:scan:answered');
    clearTimeout(slow);
    // A newer scan's verdict must not be overwritten by an older answer; the basket list still refreshes.
    if (scanOrder.latest === mySeq) {
      set({
        verdict: res.ok
          ? { seq: mySeq, state: 'done', code: text, verdict: res.value.verdict, duplicate: res.value.duplicate }
          : { seq: mySeq, state: 'error', code: text, message: res.error.message },
      });
      if (res.ok && !res.value.verdict.ok && res.value.verdict.reason === 'online_claim_required' && !token) {
        await deps.openApproval({ kind: 'redeem', code: text, source, totalMinor, ...(member ? { memberId: member } : {}) });
      }
    }
    if (res.ok && res.value.verdict.ok) {
      refreshSyncStatusSoon();
      if (get().basketId === basketId) await get().refreshCoupons();
    }
  };

  return {
    redeemNow,

    async scan(text: string, source: ScanSource) {
      const starting = deps.starting();
      if (starting) await starting;
      const mySeq = ++scanOrder.seq;
      // A new scan replaces whatever the panel held, an open approval too.
      if (get().approval.state !== 'idle') set({ approval: { state: 'idle' } });
      const { basketId, totalText } = get();
      let totalMinor = parseMinor(totalText);
      if (totalMinor === null) {
        scanOrder.latest = mySeq;
        // A privilege coupon is worth nothing off the basket, so it needs no total; anything else
        // would be refused against a zero basket: ask for the total first and keep the scan.
        if (!(await isPrivilege(text, basketId, source))) {
          if (scanOrder.latest === mySeq) set({ verdict: { seq: mySeq, state: 'needTotal', code: text }, pendingScan: { text, source } });
          return;
        }
        totalMinor = 0;
      }
      set({ pendingScan: null });
      await redeemNow(mySeq, text, source, totalMinor);
    },

    async scanOnPosOrder(text: string, source: ScanSource) {
      const mySeq = ++scanOrder.seq;
      scanOrder.latest = mySeq;
      if (get().approval.state !== 'idle') set({ approval: { state: 'idle' } });
      const res = await scanOnPosOrder(text, source);
      if (res.ok) usePosOrderStore.setState({ order: res.value.order });
      if (scanOrder.latest !== mySeq) return;
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
  };
}
