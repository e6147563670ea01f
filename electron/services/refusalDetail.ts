import type Database from 'better-sqlite3';
import type { CouponVerdict } from '../../shared/redemption';
import { looksLikeProductBarcode } from '../../shared/productBarcode';
import { stmt } from '../db/statements';

type Refusal = Extract<CouponVerdict, { ok: false }>;

/**
 * What the cashier needs to hear to act on a refusal, beyond the rule engine's params: a product
 * barcode is "not a coupon"; "already used" says when (and, for another till, which one when HQ
 * named it). Reads only; the reason code stays the stable one for logs and HQ, except that a
 * product barcode gets its own code (it is not a misread coupon).
 */
export function withRefusalDetail(db: Database.Database, verdict: Refusal, scanned: string): Refusal {
  switch (verdict.reason) {
    case 'bad_format':
    case 'not_found':
      return looksLikeProductBarcode(scanned) ? { ok: false, reason: 'product_barcode' } : verdict;
    case 'already_used_here': {
      if (!verdict.couponKey) return verdict;
      const row = stmt<[string], { at: number }>(
        db,
        "SELECT max(created_at) AS at FROM redemptions WHERE coupon_key = ? AND kind = 'redeem' AND voided = 0",
      ).get(verdict.couponKey);
      return row?.at ? { ...verdict, params: { ...verdict.params, usedAt: row.at } } : verdict;
    }
    case 'used_elsewhere': {
      if (!verdict.couponKey) return verdict;
      // Known only when HQ named the winner of a conflict over this code (a till name and when it redeemed).
      const row = stmt<[string], { name: string | null; at: number | null }>(
        db,
        'SELECT hq_winner_till_name AS name, hq_winner_at AS at FROM redemptions WHERE coupon_key = ? AND hq_winner_at IS NOT NULL ORDER BY created_at DESC LIMIT 1',
      ).get(verdict.couponKey);
      if (!row?.at) return verdict;
      return { ...verdict, params: { ...verdict.params, usedAt: row.at, ...(row.name ? { tillName: row.name } : {}) } };
    }
    default:
      return verdict;
  }
}
