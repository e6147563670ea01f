import type { StoreApi } from 'zustand';
import type { CouponVerdict } from '../../../../shared/redemption';
import type { ScanSource } from '../../../../shared/scan';
import type { BasketCoupons } from '../../../../shared/ipc';
import { newId } from '../../../../shared/ids';
import type { ManualBasketView } from '../../../../shared/pos/manualBasket';
import type { ApprovalState } from './approval';

/** The cashier's basket store's state and actions (useBasketStore.ts), shared by its parts. */

export type VerdictView =
  | { seq: number; state: 'checking'; code: string }
  | { seq: number; state: 'needTotal'; code: string }
  | { seq: number; state: 'done'; code: string; verdict: CouponVerdict; duplicate: boolean }
  | { seq: number; state: 'voided'; code: string; campaignName: string; discountMinor: number }
  | { seq: number; state: 'error'; code: string; message: string };

export interface BasketState {
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

export type BasketSet = StoreApi<BasketState>['setState'];
export type BasketGet = StoreApi<BasketState>['getState'];

/**
 * The order of the scans (and undos) taken: `seq` numbers each, `latest` is the newest; only the
 * newest one's answer may set the verdict.
 */
export const scanOrder = { seq: 0, latest: 0 };

export const initial = () => ({
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
