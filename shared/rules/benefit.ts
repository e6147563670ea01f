/**
 * What a coupon is worth on a basket, once every rule has passed. Integer money only; a discount
 * never exceeds what it applies to (its eligible lines' remaining amount, and the basket's remaining total).
 */
import type { Campaign } from '../campaign';
import { discountLines, giftLine, mulDiv, sumRemaining, type BasketState } from './basket';
import type { Evaluation } from './types';

/** The amount still open on the lines (or the total) this coupon takes its discount from. */
function remainingFor(state: BasketState, campaign: Campaign): number {
  if (!state.lines) return state.remainingTotal;
  return Math.min(sumRemaining(state, discountLines(state, campaign)), state.remainingTotal);
}

/** The highest tier whose minimum spend is reached, or null below the lowest. Tiers may come in any order. */
function reachedTier(tiers: readonly { minSpendMinor: number; amountOffMinor: number }[], eligible: number) {
  let best: { minSpendMinor: number; amountOffMinor: number } | null = null;
  for (const t of tiers) if (t.minSpendMinor <= eligible && (!best || t.minSpendMinor > best.minSpendMinor)) best = t;
  return best;
}

/**
 * The discount of `campaign` on the basket, where `eligible` is its eligible amount before discounts
 * and `state` what remains after the coupons applied before it.
 */
export function benefitDiscount(campaign: Campaign, eligible: number, state: BasketState): Evaluation {
  const benefit = campaign.benefit;
  const open = remainingFor(state, campaign);
  const ok = (raw: number): Evaluation => ({ ok: true, discountMinor: Math.max(0, Math.min(raw, open)), eligibleMinor: eligible });
  switch (benefit.type) {
    case 'cash':
      return ok(benefit.amountOffMinor);
    case 'percent': {
      // Percent of what is still open, so two stacked 10% coupons give 19%, never more than is left.
      const raw = mulDiv(open, benefit.percentOffBp, 10_000);
      return ok(benefit.capMinor !== undefined ? Math.min(raw, benefit.capMinor) : raw);
    }
    case 'threshold': {
      const tier = reachedTier(benefit.tiers, eligible);
      if (!tier) {
        const lowest = Math.min(...benefit.tiers.map((t) => t.minSpendMinor));
        return { ok: false, reason: 'below_minimum_spend', params: { minSpendMinor: lowest, eligibleMinor: eligible, shortMinor: lowest - eligible } };
      }
      return ok(tier.amountOffMinor);
    }
    case 'gift': {
      if (!state.lines) return ok(benefit.itemValueMinor);
      const g = giftLine(state, benefit.sku);
      if (g < 0) return { ok: false, reason: 'gift_item_missing', params: { sku: benefit.sku } };
      return ok(state.lines[g]!.unitPriceMinor);
    }
    case 'privilege':
      return { ok: true, discountMinor: 0, eligibleMinor: eligible };
  }
}
