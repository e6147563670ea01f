import type Database from 'better-sqlite3';
import type { UndoRequest } from '../../shared/ipc/schemas';
import type { BasketCoupon, BasketCoupons, UndoResult } from '../../shared/ipc/types';
import type { CouponVerdict, RedeemRequest, RedeemResult, RedemptionRecord, ValidateRequest, VoidRequest } from '../../shared/redemption';
import { benefitText } from './couponLookup';
import { Names } from './names';
import type { OpenBasketLookup, RedemptionService } from './redemption';
import type { ClaimOutcome } from './sync/engine';
import { undoLastOnBasket, type UndoActor } from './undo';

export interface OnlineClaim {
  /** Claims a single-use code at HQ within the latency budget; 'unknown' when HQ did not answer in time. */
  claim(req: { couponKey: string; campaignId: number; claimId?: string }): Promise<ClaimOutcome>;
  /** False when HQ is known unreachable right now (skip the claim instead of waiting on it). */
  maybeOnline(): boolean;
  /** Something new is in the outbox. */
  notify(): void;
}

/** What the online claim at HQ came to before a redemption. */
export type OnlineClaimDecision = ClaimOutcome['decision'] | 'skipped';

/** Who redeems: `approvedBy` a manager's override; `selfApproves` the redeeming user's own role may approve. */
export interface Redeemer {
  cashierId: string;
  approvedBy: string | null;
  selfApproves: boolean;
}

/**
 * Redemption at this till, whoever calls (a window or a paired POS). For campaigns that require
 * an online claim the code is claimed at HQ first; when HQ does not answer in time the redemption
 * goes ahead only with a manager's approval (an override token, or the redeeming manager's own
 * role), recorded as approvedBy; otherwise the verdict says 'online_claim_required'.
 * Refusals the user should read are thrown as RedemptionError or ApiFailure.
 */
export class TillRedemptions {
  private readonly names: Names;

  constructor(
    private readonly service: RedemptionService,
    db: Database.Database,
    private readonly hq: OnlineClaim | null,
    private readonly now: () => number = Date.now,
  ) {
    this.names = new Names(db);
  }

  /** See RedemptionService.watchOpenBaskets: a void on an open basket restacks the coupons left. */
  watchOpenBaskets(lookup: OpenBasketLookup): void {
    this.service.watchOpenBaskets(lookup);
  }

  validate(req: ValidateRequest): CouponVerdict {
    return this.service.validate(req);
  }

  async redeem(req: RedeemRequest, who: Redeemer): Promise<RedeemResult> {
    return this.redeemClaimed(req, who, await this.claimFor(req));
  }

  /**
   * The HQ claim a redemption needs first, made now (async, outside any transaction): 'skipped'
   * when the campaign needs none or the code is refused anyway, else HQ's decision.
   */
  async claimFor(req: RedeemRequest): Promise<OnlineClaimDecision> {
    // Most coupons need no claim: they are not decided twice (a dry run here, then the redeem).
    if (!this.service.mayNeedOnlineClaim(req)) return 'skipped';
    return this.claimIfNeeded(this.service.validate(req), req);
  }

  /** Redeems after `claimFor` (synchronous: a caller may run it inside its own transaction). */
  redeemClaimed(req: RedeemRequest, who: Redeemer, claim: OnlineClaimDecision, upload: { receiptNo?: string } = {}): RedeemResult {
    if (claim === 'refused') return { verdict: refusedElsewhere(this.service.validate(req)), duplicate: false };
    const approver = who.approvedBy ?? (who.selfApproves ? who.cashierId : null);
    const approvedBy = claim === 'unknown' && approver ? approver : undefined;
    const result = this.service.redeem(
      req,
      {
        cashierId: who.cashierId,
        ...(approvedBy ? { approvedBy } : {}),
        ...(claim === 'claimed' ? { onlineClaimed: true } : {}),
      },
      upload,
    );
    if (result.redemption) this.hq?.notify();
    return result;
  }

  void(req: VoidRequest, who: { userId: string; approvedBy: string | null }): RedemptionRecord {
    const record = this.service.voidRedemption(req, { actorId: who.userId, ...(who.approvedBy ? { approvedBy: who.approvedBy } : {}) });
    this.hq?.notify();
    return record;
  }

  undo(req: UndoRequest, who: UndoActor): UndoResult {
    const result = undoLastOnBasket(this.service, req, who, this.now());
    this.hq?.notify();
    return result;
  }

  basketCoupons(basketId: string): BasketCoupons {
    const coupons: BasketCoupon[] = this.service.basketCoupons(basketId).map((r) => {
      const campaign = this.names.campaign(r.campaignId);
      const text = campaign ? benefitText(campaign) : undefined;
      return {
        redemptionId: r.id,
        couponKey: r.couponKey,
        campaignId: r.campaignId,
        campaignName: campaign?.name ?? `#${r.campaignId}`,
        type: campaign?.benefit.type ?? 'cash',
        discountMinor: r.discountMinor,
        redeemedAt: r.createdAt,
        cashierId: r.cashierId,
        ...(text ? { benefitText: text } : {}),
      };
    });
    return { basketId, coupons, totalDiscountMinor: coupons.reduce((s, c) => s + c.discountMinor, 0) };
  }

  private async claimIfNeeded(first: CouponVerdict, req: RedeemRequest): Promise<OnlineClaimDecision> {
    if (first.ok || first.reason !== 'online_claim_required' || !first.couponKey || !first.campaignId) return 'skipped';
    if (!this.hq || !this.hq.maybeOnline()) return 'unknown';
    const outcome = await this.hq.claim({ couponKey: first.couponKey, campaignId: first.campaignId, ...(req.requestId ? { claimId: req.requestId } : {}) });
    return outcome.decision;
  }
}

function refusedElsewhere(first: CouponVerdict): CouponVerdict {
  return {
    ok: false,
    reason: 'claimed_elsewhere',
    ...(first.ok ? {} : { ...(first.couponKey ? { couponKey: first.couponKey } : {}), ...(first.campaignId ? { campaignId: first.campaignId } : {}) }),
  };
}
