import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/campaign';
import { dayNumber } from '../../shared/couponCode';
import { issuesAt, type IssuedCoupon, type IssuedReport, type IssuingResponse } from '../../shared/issuing';
import { stmt } from '../db/statements';
import { appendAudit } from './audit';

/**
 * Bounce-back coupons at the till (mechanic 8, decision 086). The till holds codes HQ signed for it
 * (blocks, fetched with each sync) and hands them out offline: one per bounce-back campaign to each
 * closed order that paid at least the campaign's minimum, in the close's own transaction, the
 * earliest-expiring code first. It never signs anything itself. Each one handed out is reported to
 * HQ at the next sync; a retried close answers the same codes.
 */
export interface BounceBackDeps {
  campaigns: () => ReadonlyMap<number, Campaign>;
  storeId: () => string | null;
  now: () => number;
}

interface CodeRow {
  couponKey: string;
  campaignId: number;
  code: string;
  expiryDay: number;
}

export class BounceBacks {
  constructor(
    private readonly db: Database.Database,
    private readonly deps: BounceBackDeps,
  ) {}

  /**
   * Hands out the codes this basket earned, inside the caller's transaction; the ones it already
   * got when called again. A campaign with no code left at this till hands out none (the sale goes on).
   */
  issueFor(basket: { basketId: string; paidMinor: number; receiptNo?: string | null }, actorId: string): IssuedCoupon[] {
    const storeId = this.deps.storeId();
    const now = this.deps.now();
    if (storeId === null) return [];
    const today = dayNumber(now);
    const take = stmt<[number, number], CodeRow>(
      this.db,
      `SELECT coupon_key AS couponKey, campaign_id AS campaignId, code, expiry_day AS expiryDay FROM issuing_codes
       WHERE campaign_id = ? AND issued_at IS NULL AND expiry_day > ? ORDER BY expiry_day, coupon_key LIMIT 1`,
    );
    const mark = stmt(
      this.db,
      'UPDATE issuing_codes SET basket_id = ?, receipt_no = ?, paid_minor = ?, issued_at = ? WHERE coupon_key = ? AND issued_at IS NULL',
    );
    const already = new Set(this.forBasket(basket.basketId).map((c) => c.campaignId));
    for (const campaign of this.deps.campaigns().values()) {
      if (already.has(campaign.id) || !issuesAt(campaign, storeId, now) || basket.paidMinor < campaign.rules.bounceBack!.minSpendMinor) continue;
      const row = take.get(campaign.id, today);
      if (!row) continue;
      mark.run(basket.basketId, basket.receiptNo ?? null, basket.paidMinor, now, row.couponKey);
      appendAudit(this.db, {
        actor: actorId,
        action: 'bounceback.issue',
        at: now,
        detail: { couponKey: row.couponKey, campaignId: campaign.id, basketId: basket.basketId, paidMinor: basket.paidMinor },
      });
    }
    return this.forBasket(basket.basketId);
  }

  /** The codes handed out with this basket, as the receipt prints them. */
  forBasket(basketId: string): IssuedCoupon[] {
    const campaigns = this.deps.campaigns();
    return stmt<[string], CodeRow>(
      this.db,
      `SELECT coupon_key AS couponKey, campaign_id AS campaignId, code, expiry_day AS expiryDay FROM issuing_codes
       WHERE basket_id = ? ORDER BY campaign_id`,
    )
      .all(basketId)
      .map((r) => ({ ...r, campaignName: campaigns.get(r.campaignId)?.name ?? `#${r.campaignId}` }));
  }

  /** How many codes this till can still hand out, per campaign (unexpired). */
  holding(): { campaignId: number; left: number }[] {
    return stmt<[number], { campaignId: number; left: number }>(
      this.db,
      `SELECT campaign_id AS campaignId, count(*) AS left FROM issuing_codes WHERE issued_at IS NULL AND expiry_day > ? GROUP BY campaign_id ORDER BY campaign_id`,
    ).all(dayNumber(this.deps.now()));
  }

  /** How many codes were handed out and are not yet held by HQ (the next sync reports them). */
  unreportedCount(): number {
    return stmt<[], { n: number }>(this.db, `SELECT count(*) AS n FROM issuing_codes WHERE issued_at IS NOT NULL AND reported_at IS NULL`).get()!.n;
  }

  /** Handed out, not yet held by HQ: the next sync's reports, oldest first. */
  unreported(limit: number): IssuedReport[] {
    return stmt<[number], { couponKey: string; basketId: string; receiptNo: string | null; paidMinor: number; issuedAt: number }>(
      this.db,
      `SELECT coupon_key AS couponKey, basket_id AS basketId, receipt_no AS receiptNo, paid_minor AS paidMinor, issued_at AS issuedAt
       FROM issuing_codes WHERE issued_at IS NOT NULL AND reported_at IS NULL ORDER BY issued_at, coupon_key LIMIT ?`,
    )
      .all(limit)
      .map((r) => ({
        couponKey: r.couponKey,
        basketId: r.basketId,
        ...(r.receiptNo ? { receiptNo: r.receiptNo } : {}),
        paidMinor: r.paidMinor,
        issuedAt: r.issuedAt,
      }));
  }

  /**
   * HQ's answer: the reports it holds are marked; the codes it lists are the ones this till may hand
   * out (new ones added; one not handed out that HQ no longer lists, expired or its campaign ended,
   * dropped). Reports HQ refused stay unreported, counted for the status. One transaction.
   */
  settle(answer: IssuingResponse): { added: number; dropped: number; refused: number } {
    const now = this.deps.now();
    return this.db.transaction(() => {
      const reported = stmt(this.db, 'UPDATE issuing_codes SET reported_at = ? WHERE coupon_key = ? AND issued_at IS NOT NULL AND reported_at IS NULL');
      for (const key of answer.accepted) reported.run(now, key);
      const add = stmt(
        this.db,
        'INSERT INTO issuing_codes (coupon_key, campaign_id, code, expiry_day, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (coupon_key) DO NOTHING',
      );
      let added = 0;
      for (const h of answer.held) added += add.run(h.couponKey, h.campaignId, h.code, h.expiryDay, now).changes;
      const listed = new Set(answer.held.map((h) => h.couponKey));
      const unissued = stmt<[], { couponKey: string }>(this.db, 'SELECT coupon_key AS couponKey FROM issuing_codes WHERE issued_at IS NULL').all();
      const drop = stmt(this.db, 'DELETE FROM issuing_codes WHERE coupon_key = ? AND issued_at IS NULL');
      let dropped = 0;
      for (const { couponKey } of unissued) if (!listed.has(couponKey)) dropped += drop.run(couponKey).changes;
      return { added, dropped, refused: answer.refused.length };
    })();
  }
}
