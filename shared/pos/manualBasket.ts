import { z } from 'zod';
import { MinorSchema } from '../money';
import { tokenSchema } from '../text';
import type { BasketCoupons } from '../ipc/types';

/**
 * The manual basket: the till's own basket when no POS order is open (stores without an
 * integration). Main owns it, as it owns a POS's order: it makes the basket's id, keeps its
 * total, member and receipt number across reloads and restarts, and pushes it to the screen
 * (`basket` event). The screen only shows it and sends what the cashier typed.
 */

/** A POS receipt number as the cashier types it: one line, up to 64 characters (HQ's upload field). */
export const ReceiptNoSchema = tokenSchema(64).refine((s) => s.trim() === s, 'a receipt number has no leading or trailing spaces');

/** What the cashier changed on the manual basket: each field given replaces it; null clears it. */
export const ManualBasketUpdateSchema = z.strictObject({
  /** The basket id the screen shows: a change meant for a basket already finished is refused. */
  basketId: z.string().min(1).max(64),
  totalMinor: MinorSchema.nullable().optional(),
  memberId: z.string().trim().min(1).max(64).nullable().optional(),
  receiptNo: ReceiptNoSchema.nullable().optional(),
});
export type ManualBasketUpdate = z.infer<typeof ManualBasketUpdateSchema>;

/** Finish the basket (F2, New basket) and start a fresh one; `basketId` is the one being finished. */
export const ManualBasketNewSchema = z.strictObject({ basketId: z.string().min(1).max(64).optional() });

export interface ManualBasketView {
  basketId: string;
  totalMinor: number | null;
  memberId: string | null;
  /** The POS receipt the basket's coupons discounted: sent to HQ with each of its redemptions. */
  receiptNo: string | null;
  startedAt: number;
  coupons: BasketCoupons;
  /** Coupons of this basket that reached HQ before the receipt number was typed (HQ holds them without it). */
  sentWithoutReceipt: number;
}
