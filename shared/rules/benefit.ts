/**
 * What a coupon is worth on a basket, once every rule has passed. Integer money only; a discount
 * never exceeds what it applies to (its lines' remaining amount, and the basket's remaining total).
 *
 * ROUNDING. Half-up to the minor unit (10% of 16.27 is 1.63, as the POS's and the ERP's receipts say).
 * A percentage coupon's figure is rounded once, on the amount it applies to (HQ recomputes exactly
 * that figure from the eligible amount the till reports), then spread over its lines with shares that
 * sum exactly to it. The unit mechanics (cheapest item, multi-buy at N% off) round per unit on their
 * lines, since their discount is per line. See docs/decisions/081-rounding-half-up.md.
 */
import type { Campaign } from '../campaign';
import { discountShares } from './basket';
import { mulDivHalfUp, sumRemaining, type BasketState } from './lines';
import { multiBuySets, scopeLines, unitPlan } from './mechanics';
import type { Evaluation } from './types';

/** The amount still open on the lines (or the total) this coupon takes its discount from. */
function remainingFor(state: BasketState, campaign: Campaign): number {
  if (!state.lines) return state.remainingTotal;
  return Math.min(
    sumRemaining(
      state,
      discountShares(state, campaign).map((s) => s.index),
    ),
    state.remainingTotal,
  );
}

/** The highest tier whose minimum spend is reached, or null below the lowest. Tiers may come in any order. */
function reachedTier(tiers: readonly { minSpendMinor: number; amountOffMinor: number }[], eligible: number) {
  let best: { minSpendMinor: number; amountOffMinor: number } | null = null;
  for (const t of tiers) if (t.minSpendMinor <= eligible && (!best || t.minSpendMinor > best.minSpendMinor)) best = t;
  return best;
}

/** A unit mechanic's figure: the sum of its plan on what is left (a gift without lines: its declared value). */
function unitMechanic(campaign: Campaign, eligible: number, state: BasketState): Evaluation {
  const b = campaign.benefit;
  const ok = (raw: number): Evaluation => ({ ok: true, discountMinor: Math.max(0, Math.min(raw, state.remainingTotal)), eligibleMinor: eligible });
  const plan = unitPlan(state, campaign);
  if (!plan) return b.type === 'gift' ? ok(b.itemValueMinor) : { ok: false, reason: 'needs_items' };
  if (b.type === 'gift' && plan.length === 0) return { ok: false, reason: 'gift_item_missing', params: { sku: b.sku } };
  if (b.type === 'free_item' && plan.length === 0)
    return { ok: false, reason: 'free_item_missing', params: { items: [...b.skus, ...b.categories].join(', ') } };
  if (b.type === 'multi_buy') {
    const units = discountUnits(state, campaign);
    if (multiBuySets(b, units) === 0) {
      return { ok: false, reason: 'multi_buy_incomplete', params: { more: b.buyQuantity + b.freeQuantity - units, free: b.freeQuantity } };
    }
  }
  return ok(plan.reduce((s, x) => s + x.amount, 0));
}

/** Units of the scope's lines (what a multi-buy counts). */
function discountUnits(state: BasketState, campaign: Campaign): number {
  const lines = state.lines!;
  return scopeLines(lines, campaign).reduce((s, i) => s + lines[i]!.quantity, 0);
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
      const raw = mulDivHalfUp(open, benefit.percentOffBp, 10_000);
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
    case 'privilege':
      return { ok: true, discountMinor: 0, eligibleMinor: eligible };
    default:
      return unitMechanic(campaign, eligible, state);
  }
}
