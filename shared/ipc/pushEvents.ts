import type { ScanEvent } from '../scan';
import type { OrderView } from '../pos/orders';
import type { ManualBasketView } from '../pos/manualBasket';
import type { ScannerStatus, SessionInfo, SyncStatus } from './types';

/**
 * Pushes from main to the renderer. Subscribing returns an unsubscribe function.
 */
export interface TillEvents {
  /** A code read by a scanner main owns (HID). Wedge and camera scans originate in the renderer. */
  scan: ScanEvent;
  /** The sync status changed (online/offline, waiting count, last sync). */
  sync: SyncStatus;
  /** The session changed without the renderer asking: signed out after idle, or by another window. */
  session: { session: SessionInfo | null; reason: 'idle' | 'signedOut' | 'signedIn' | 'disabled' };
  /** The scanner connected, disconnected or failed. */
  scanner: ScannerStatus;
  /** The till's current POS order changed (lines, member, coupons), or none is open any more (null: the manual basket). */
  posOrder: { order: OrderView | null };
  /** The manual basket changed (main owns it): a new basket, a total, member or receipt number, its coupons. */
  basket: ManualBasketView;
}
export type TillEventName = keyof TillEvents;
export const TILL_EVENTS: readonly TillEventName[] = ['scan', 'sync', 'session', 'scanner', 'posOrder', 'basket'];

export function isTillEventName(x: unknown): x is TillEventName {
  return typeof x === 'string' && (TILL_EVENTS as readonly string[]).includes(x);
}
