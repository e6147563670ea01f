/**
 * What is left to discount on a basket, and which lines a campaign applies to.
 *
 * With lines, the remaining amount is tracked per line: a coupon's discount is taken from its own
 * lines (a whole-amount discount from its eligible lines, proportionally to what each still has; a
 * unit mechanic from the lines of its plan, shared/rules/mechanics.ts), so a scoped coupon cannot
 * take from lines another coupon has already zeroed. Rounding remainders go to the lines with the
 * largest fractions (largest-remainder), ties by the canonical line order: a coupon's line shares
 * always sum exactly to its discount, and never depend on the order the lines came in.
 * With a total only, one remaining amount is tracked.
 */
import type { BasketLine, Campaign } from '../campaign';
import { compareLines, type BasketState } from './lines';
import { scopeLines, unitPlan, type LineShare } from './mechanics';

export { asMinor, freshState, hasProductScope, lineAmount, lineInScope, mulDiv, mulDivHalfUp, sumRemaining, type BasketState } from './lines';
export { giftLine } from './mechanics';

/** Indexes of the lines a campaign's scope covers (goods only: never a deposit or a fee). */
export function eligibleLines(lines: readonly BasketLine[], campaign: Campaign): readonly number[] {
  return scopeLines(lines, campaign);
}

/** What this campaign's discount is taken from, and in what proportion (each weight at most the line's remaining amount). */
export function discountShares(state: BasketState, campaign: Campaign): LineShare[] {
  if (!state.lines) return [];
  const plan = unitPlan(state, campaign);
  if (plan) return plan.filter((s) => s.amount > 0);
  return scopeLines(state.lines, campaign).map((index) => ({ index, amount: state.remaining[index]! }));
}

/** The lines a discount of this campaign is taken from. */
export function discountLines(state: BasketState, campaign: Campaign): number[] {
  return discountShares(state, campaign).map((s) => s.index);
}

/** amount * weight / total as a floor and the remainder's numerator (exact on large amounts). */
function split(amount: number, weight: number, total: number): [number, number] {
  const p = amount * weight;
  if (Number.isSafeInteger(p)) return [Math.floor(p / total), p % total];
  const big = BigInt(amount) * BigInt(weight);
  return [Number(big / BigInt(total)), Number(big % BigInt(total))];
}

/** Takes up to `amount` from the shares' lines, in proportion to their weights; returns what was taken. Mutates state. */
function takeFromShares(state: BasketState, shares: readonly LineShare[], amount: number): number {
  const available = shares.reduce((s, x) => s + x.amount, 0);
  if (amount >= available) {
    for (const s of shares) state.remaining[s.index] = state.remaining[s.index]! - s.amount;
    return available;
  }
  const parts = shares.map((s) => split(amount, s.amount, available));
  let left = amount - parts.reduce((s, [floor]) => s + floor, 0);
  // Each floored part lost less than 1; the `left` largest fractions get 1 more (each has room: its part < its weight).
  const lines = state.lines!;
  // Only shares with a fraction can get one more; with nothing left over none does (no sort at all).
  const order = (left > 0 ? shares.map((_, k) => k).filter((k) => parts[k]![1] > 0) : []).sort(
    (a, b) => parts[b]![1] - parts[a]![1] || compareLines(lines[shares[a]!.index]!, lines[shares[b]!.index]!) || shares[a]!.index - shares[b]!.index,
  );
  for (const k of order) {
    if (left <= 0) break;
    if (parts[k]![1] > 0) {
      parts[k]![0] += 1;
      left -= 1;
    }
  }
  shares.forEach((s, k) => (state.remaining[s.index] = state.remaining[s.index]! - parts[k]![0]));
  return amount;
}

/** Records a discount on the basket state. Mutates state; returns what was actually taken. */
export function takeDiscount(state: BasketState, campaign: Campaign, amount: number): number {
  const wanted = Math.min(Number.isSafeInteger(amount) && amount > 0 ? amount : 0, state.remainingTotal);
  const taken = state.lines ? takeFromShares(state, discountShares(state, campaign), wanted) : wanted;
  state.remainingTotal -= taken;
  return taken;
}
