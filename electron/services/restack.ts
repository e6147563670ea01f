import type Database from 'better-sqlite3';
import type { Basket, Campaign } from '../../shared/campaign';
import { newId } from '../../shared/ids';
import { restack, type AppliedCoupon, type CouponCandidate, type Evaluation } from '../../shared/rules';
import { insertAmendment, type AmendmentRow } from '../db/repos/amendments';
import type { LedgerEntry } from '../db/repos/ledger';
import { appendAudit } from './audit';

/**
 * The till's side of decision 080: every coupon on a basket is figured in stack order (the rule
 * engine's `restack`), so the figures never depend on the order the cashier scanned in. A new
 * coupon gets its place in the stack; a recorded one whose figure then changes (a coupon or a line
 * added or removed on an open basket) is AMENDED: one audited amendment row, the redemption's
 * discount moved to the new figure, in the transaction of the change (decision 082).
 */

export type AmendReason = AmendmentRow['reason'];

/** What a new coupon is worth in the stack of those already on the basket (its rules checked by the caller). */
export function figureInStack(candidate: CouponCandidate, basket: Basket, applied: readonly AppliedCoupon[]): Evaluation {
  const all = [...applied, { couponKey: candidate.couponKey, campaign: candidate.campaign, discountMinor: 0 }];
  const mine = restack(all, basket).find((r) => r.couponKey === candidate.couponKey);
  return mine ? mine.now : { ok: false, reason: 'no_benefit' };
}

export interface AmendInput {
  basket: Basket;
  /** The live redemptions on the basket. */
  live: readonly LedgerEntry[];
  campaigns: (id: number) => Campaign | undefined;
  reason: AmendReason;
  actorId: string;
  /** A fresh HLC time and the wall clock, for each amendment. */
  stamp: () => { hlc: string; now: number };
}

/**
 * Figures the recorded coupons again on the basket as it is now and amends each whose figure
 * changed and still holds. One that no longer holds is left as recorded: the order flags it and the
 * POS decides (never voided silently). Call inside the caller's transaction. Returns the amendments.
 */
export function amendRecorded(db: Database.Database, input: AmendInput): Omit<AmendmentRow, 'seq' | 'sentAt'>[] {
  const byKey = new Map<string, LedgerEntry>();
  const applied: AppliedCoupon[] = [];
  for (const r of input.live) {
    const campaign = input.campaigns(r.campaignId);
    if (!campaign) continue; // a campaign the till no longer holds: its figure stays as recorded
    byKey.set(r.couponKey, r);
    applied.push({ couponKey: r.couponKey, campaign, discountMinor: r.discountMinor });
  }
  const written: Omit<AmendmentRow, 'seq' | 'sentAt'>[] = [];
  for (const r of restack(applied, input.basket)) {
    if (!r.changed || !r.now.ok) continue;
    const entry = byKey.get(r.couponKey)!;
    const { hlc, now } = input.stamp();
    const amendment = {
      id: newId(),
      redemptionId: entry.id,
      basketId: entry.basketId,
      basketTotalMinor: input.basket.totalMinor,
      beforeMinor: entry.discountMinor,
      afterMinor: r.now.discountMinor,
      eligibleMinor: r.now.eligibleMinor,
      reason: input.reason,
      actorId: input.actorId,
      hlc,
      createdAt: now,
    };
    insertAmendment(db, amendment);
    appendAudit(db, {
      actor: input.actorId,
      action: 'redemption.amend',
      at: now,
      detail: {
        amendmentId: amendment.id,
        redemptionId: entry.id,
        couponKey: entry.couponKey,
        basketId: entry.basketId,
        beforeMinor: amendment.beforeMinor,
        afterMinor: amendment.afterMinor,
        reason: input.reason,
      },
    });
    written.push(amendment);
  }
  return written;
}
