import * as api from '../api/cashierApi';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';
import { actionOf, approversFor, type ApprovalState, type Blocked } from './approval';
import { lastCoupon, scanOrder, type BasketGet, type BasketSet } from './basketState';
import type { RedeemNow } from './basketScans';

/**
 * The basket store's undo and inline manager approval: an action main refuses as overridable
 * opens an approval inside the verdict panel (never a dialog in the scan path); the manager's PIN
 * gets a one-time token and the action goes through with it.
 */
export function approvalActions(set: BasketSet, get: BasketGet, deps: { redeemNow: RedeemNow }) {
  /** Opens the inline approval for a blocked action, with the users who may approve it. */
  async function openApproval(blocked: Blocked): Promise<void> {
    const res = await api.roster();
    const managers = res.ok ? approversFor(res.value, actionOf(blocked)) : [];
    set({ approval: { state: 'open', blocked, managers, error: res.ok ? null : { code: res.error.code, message: res.error.message }, busy: false } });
  }

  async function undoNow(blocked: Extract<Blocked, { kind: 'undo' }>, token?: string): Promise<boolean> {
    const { basketId } = get();
    set({ undoing: true, undoError: null });
    const res = await api.undo(basketId, blocked.coupon.redemptionId, blocked.reason, token);
    set({ undoing: false });
    if (res.ok) {
      refreshSyncStatusSoon();
      const c = blocked.coupon;
      set({ verdict: { seq: ++scanOrder.seq, state: 'voided', code: c.couponKey, campaignName: c.campaignName, discountMinor: c.discountMinor } });
      scanOrder.latest = scanOrder.seq;
    } else if (res.error.code === 'forbidden' && res.error.details?.overridable === true && !token) {
      await openApproval(blocked);
      return false;
    } else set({ undoError: res.error.message });
    await get().refreshCoupons();
    return res.ok;
  }

  return {
    openApproval,

    async undoLast(reason: string) {
      const coupon = lastCoupon(get().coupons);
      if (!coupon || get().undoing) return;
      await undoNow({ kind: 'undo', coupon, reason });
    },

    async approve(managerId: string, pin: string) {
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
      else await deps.redeemNow(++scanOrder.seq, blocked.code, blocked.source, blocked.totalMinor, grant.value.token);
    },

    cancelApproval: () => set({ approval: { state: 'idle' } }),
  };
}
