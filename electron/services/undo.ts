import { ApiFailure } from '../../shared/ipc/result';
import type { UndoRequest } from '../../shared/ipc/schemas';
import type { UndoApproval, UndoResult } from '../../shared/ipc/types';
import type { RedemptionRecord } from '../../shared/redemption';
import type { RedemptionService } from './redemption';

export interface UndoActor {
  userId: string;
  /** The manager whose override token this call spent. */
  approvedBy: string | null;
  /** The user's role may void any redemption. */
  canVoid: boolean;
  /** The undo grace period now (settings.undoGraceMs); 0 = never without a manager. */
  graceMs: number;
}

/** The newest live coupon on a basket: the only one "undo" takes back. */
export function lastLive(entries: readonly RedemptionRecord[]): RedemptionRecord | null {
  let last: RedemptionRecord | null = null;
  for (const e of entries) if (!last || e.createdAt >= last.createdAt) last = e;
  return last;
}

/**
 * How this undo is allowed, or null when it needs a manager. A cashier may take back their OWN
 * last coupon on the open basket within the grace period; anything else needs the void
 * permission (a supervisor or manager signed in) or a manager's approval on the spot.
 */
export function undoApproval(entry: RedemptionRecord, actor: UndoActor, now: number): UndoApproval | null {
  if (actor.approvedBy) return 'manager';
  if (actor.canVoid) return 'role';
  const own = entry.cashierId === actor.userId;
  const inGrace = actor.graceMs > 0 && now - entry.createdAt <= actor.graceMs;
  return own && inGrace ? 'grace' : null;
}

/** Undo on the till: checks the basket and the approval here, in main (the renderer is untrusted). */
export function undoLastOnBasket(service: RedemptionService, req: UndoRequest, actor: UndoActor, now: number): UndoResult {
  const last = lastLive(service.basketCoupons(req.basketId));
  if (!last || last.id !== req.redemptionId) {
    throw new ApiFailure('conflict', 'Only the last coupon on the open basket can be undone here; void others from the log.');
  }
  const approval = undoApproval(last, actor, now);
  if (!approval) {
    throw new ApiFailure('forbidden', 'Needs a manager: the grace period is over or the coupon is not yours.', {
      permission: 'coupon.void',
      overridable: true,
    });
  }
  // A cashier's own undo in the grace period is still recorded as theirs (actor) with no approver.
  const record = service.voidRedemption(
    { redemptionId: last.id, reason: req.reason },
    {
      actorId: actor.userId,
      ...(actor.approvedBy ? { approvedBy: actor.approvedBy } : {}),
    },
  );
  return { void: record, approval, approvedBy: actor.approvedBy };
}
