import type { RosterEntry } from '../../../../shared/ipc';
import { can, type Permission } from '../../../../shared/permissions';
import type { ScanSource } from '../../../../shared/scan';
import type { BasketCoupon } from '../../../../shared/ipc';

/**
 * An inline manager approval on the cashier screen: what is blocked, and who may approve it.
 * It serves both overridable refusals main gives the cashier: a redemption that needs HQ's
 * online check while HQ cannot answer ('coupon.offlineClaim'), and an undo outside the grace
 * period or of someone else's coupon ('coupon.void'). Main checks the PIN and spends the token.
 */
export type OverridablePermission = Extract<Permission, 'coupon.void' | 'coupon.offlineClaim'>;

export type Blocked =
  { kind: 'redeem'; code: string; source: ScanSource; totalMinor: number; memberId?: string } | { kind: 'undo'; coupon: BasketCoupon; reason: string };

export type ApprovalState =
  { state: 'idle' } | { state: 'open'; blocked: Blocked; managers: RosterEntry[]; error: { code: string; message: string } | null; busy: boolean };

export function actionOf(blocked: Blocked): OverridablePermission {
  return blocked.kind === 'redeem' ? 'coupon.offlineClaim' : 'coupon.void';
}

/** Users who may approve this action with their PIN (main checks again). */
export function approversFor(roster: readonly RosterEntry[], action: OverridablePermission): RosterEntry[] {
  return roster.filter((u) => can(u.role, 'override.grant') && can(u.role, action));
}
