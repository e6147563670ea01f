import type Database from 'better-sqlite3';
import { ApiFailure, type ApiErrorCode } from '../../../shared/ipc/result';
import type { BasketCoupon, ConflictRow, LogRow } from '../../../shared/ipc/types';
import type { LogFilter } from '../../../shared/ipc/schemas';
import type { CouponVerdict, RedeemRequest } from '../../../shared/redemption';
import type { LedgerEntry } from '../../db/repos/ledger';
import type { LedgerFilter } from '../../db/repos/ledgerLog';
import { benefitText } from '../../services/couponLookup';
import { RedemptionError, type RedemptionService } from '../../services/redemption';
import type { ClaimOutcome } from '../../services/sync/engine';
import type { LogPort, RedemptionPort } from '../ports';
import { toCsv } from './csv';
import { conflictRowOf, csvContext } from './reports';
import { Names } from './names';
import { undoLastOnBasket } from './undo';

const ERROR_CODES: Record<string, ApiErrorCode> = {
  bad_request: 'bad_request',
  bad_cursor: 'bad_request',
  till_not_configured: 'unavailable',
  not_found: 'not_found',
  already_voided: 'conflict',
  cannot_void_a_void: 'conflict',
  wrong_till: 'conflict',
  request_id_reused: 'conflict',
};

/** RedemptionError (a refusal the user should read) becomes an ApiFailure; anything else stays a bug. */
function mapped<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RedemptionError) throw new ApiFailure(ERROR_CODES[err.code] ?? 'bad_request', err.message);
    throw err;
  }
}

export interface OnlineClaim {
  /** Claims a single-use code at HQ within the latency budget; 'unknown' when HQ did not answer in time. */
  claim(req: { couponKey: string; campaignId: number; claimId?: string }): Promise<ClaimOutcome>;
  /** False when HQ is known unreachable right now (skip the claim instead of waiting on it). */
  maybeOnline(): boolean;
  /** Something new is in the outbox. */
  notify(): void;
}

/**
 * Redemption through the till's API. For campaigns that require an online claim the code is
 * claimed at HQ first; when HQ does not answer in time the redemption goes ahead only with a
 * manager's approval (an override token, or the redeeming manager's own role), recorded as
 * approvedBy; otherwise the verdict says 'online_claim_required'.
 */
export function createRedemptionPort(service: RedemptionService, db: Database.Database, hq: OnlineClaim | null, now: () => number = Date.now): RedemptionPort {
  const names = new Names(db);
  return {
    validate: (req) => mapped(() => service.validate(req)),
    async redeem(req, who) {
      // Claim at HQ first whenever the campaign asks for it; an approval only stands in when HQ cannot answer.
      const first = mapped(() => service.validate(req));
      const claim = await claimIfNeeded(first, req);
      if (claim === 'refused') return { verdict: refusedElsewhere(first), duplicate: false };
      const approver = who.approvedBy ?? (who.selfApproves ? who.cashierId : null);
      const approvedBy = claim === 'unknown' && approver ? approver : undefined;
      const result = mapped(() =>
        service.redeem(req, { cashierId: who.cashierId, ...(approvedBy ? { approvedBy } : {}), ...(claim === 'claimed' ? { onlineClaimed: true } : {}) }),
      );
      if (result.redemption) hq?.notify();
      return result;
    },
    void(req, who) {
      const record = mapped(() => service.voidRedemption(req, { actorId: who.userId, ...(who.approvedBy ? { approvedBy: who.approvedBy } : {}) }));
      hq?.notify();
      return record;
    },
    undo(req, who) {
      const result = mapped(() => undoLastOnBasket(service, req, who, now()));
      hq?.notify();
      return result;
    },
    basketCoupons(basketId) {
      const coupons: BasketCoupon[] = service.basketCoupons(basketId).map((r) => {
        const campaign = names.campaign(r.campaignId);
        const text = campaign ? benefitText(campaign) : undefined;
        return {
          redemptionId: r.id, couponKey: r.couponKey, campaignId: r.campaignId, campaignName: campaign?.name ?? `#${r.campaignId}`,
          type: campaign?.benefit.type ?? 'cash', discountMinor: r.discountMinor, redeemedAt: r.createdAt, cashierId: r.cashierId, ...(text ? { benefitText: text } : {}),
        };
      });
      return { basketId, coupons, totalDiscountMinor: coupons.reduce((s, c) => s + c.discountMinor, 0) };
    },
  };

  async function claimIfNeeded(first: CouponVerdict, req: RedeemRequest): Promise<ClaimOutcome['decision'] | 'skipped'> {
    if (first.ok || first.reason !== 'online_claim_required' || !first.couponKey || !first.campaignId) return 'skipped';
    if (!hq || !hq.maybeOnline()) return 'unknown';
    const outcome = await hq.claim({ couponKey: first.couponKey, campaignId: first.campaignId, ...(req.requestId ? { claimId: req.requestId } : {}) });
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

const EXPORT_MAX_ROWS = 200_000;

/** The manager's log, export and conflicts, over the ledger's keyset paging. */
export function createLogPort(service: RedemptionService, db: Database.Database, now: () => number = Date.now): LogPort {
  const names = new Names(db);
  const page = (f: LedgerFilter) => mapped(() => service.listRedemptions(f));
  return {
    list(req) {
      const p = page(req);
      return { rows: p.rows.map((e) => names.logRow(e as LedgerEntry)), nextCursor: p.nextCursor, totals: p.totals };
    },
    exportCsv(filter: LogFilter) {
      const rows: LogRow[] = [];
      let cursor: string | undefined;
      do {
        const p = page({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) });
        for (const e of p.rows) rows.push(names.logRow(e as LedgerEntry));
        cursor = p.nextCursor ?? undefined;
        if (rows.length > EXPORT_MAX_ROWS) throw new ApiFailure('bad_request', `More than ${EXPORT_MAX_ROWS} rows: narrow the date range.`);
      } while (cursor);
      const day = new Date(now()).toISOString().slice(0, 10);
      return { filename: `redemptions-${day}.csv`, csv: toCsv(rows, csvContext(db, names)), rowCount: rows.length };
    },
    conflicts(includeResolved) {
      const out: ConflictRow[] = [];
      for (const status of includeResolved ? (['conflict', 'resolved'] as const) : (['conflict'] as const)) {
        let cursor: string | undefined;
        do {
          const p = page({ status, limit: 500, ...(cursor ? { cursor } : {}) });
          for (const e of p.rows as LedgerEntry[]) out.push(conflictRowOf(names, e));
          cursor = p.nextCursor ?? undefined;
        } while (cursor && out.length < 10_000);
      }
      return out;
    },
  };
}
