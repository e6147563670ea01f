/**
 * What is left to discount on a basket, and which lines a campaign applies to.
 *
 * With lines, the remaining amount is tracked per line: a coupon's discount is taken from its own
 * eligible lines (proportionally to what each still has, remainders to the earliest lines), and a
 * gift coupon's from its gift line, so a scoped coupon cannot take from lines another coupon has
 * already zeroed. With a total only, one remaining amount is tracked.
 */
import type { Basket, BasketLine, Benefit, Campaign, CampaignRules } from '../campaign';

export interface BasketState {
  /** null when the basket was entered as a total only. */
  lines: readonly BasketLine[] | null;
  /** Remaining amount per line (parallel to `lines`). */
  remaining: number[];
  /** Remaining amount of the whole basket; never below 0. */
  remainingTotal: number;
}

/** A money amount as the engine trusts it: a non-negative safe integer, anything else counts as 0. */
export function asMinor(x: number): number {
  return Number.isSafeInteger(x) && x > 0 ? x : 0;
}

/** floor(a * b / c) without losing precision on large amounts. */
export function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return Math.floor(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

type Scope = NonNullable<CampaignRules['scope']>;

function nonEmpty(list: readonly string[] | undefined): readonly string[] | null {
  return list && list.length > 0 ? list : null;
}

/** True when the campaign limits itself to some products (includes or exclusions). */
export function hasProductScope(rules: CampaignRules): boolean {
  const s = rules.scope;
  return !!s && !!(nonEmpty(s.skus) || nonEmpty(s.categories) || nonEmpty(s.excludeSkus) || nonEmpty(s.excludeCategories));
}

/** A line is in scope when it matches an include list (sku OR category; none set = every line) and no exclusion. */
export function lineInScope(line: BasketLine, scope: Scope | undefined): boolean {
  if (!scope) return true;
  const skus = nonEmpty(scope.skus);
  const categories = nonEmpty(scope.categories);
  if (skus || categories) {
    const included = (skus?.includes(line.sku) ?? false) || (!!line.category && (categories?.includes(line.category) ?? false));
    if (!included) return false;
  }
  if (scope.excludeSkus?.includes(line.sku)) return false;
  if (line.category && scope.excludeCategories?.includes(line.category)) return false;
  return true;
}

/** Indexes of the lines a campaign applies to. */
export function eligibleLines(lines: readonly BasketLine[], campaign: Campaign): number[] {
  const out: number[] = [];
  const scope = campaign.rules.scope;
  for (let i = 0; i < lines.length; i++) if (lineInScope(lines[i]!, scope)) out.push(i);
  return out;
}

export function lineAmount(line: BasketLine): number {
  return asMinor(line.unitPriceMinor * line.quantity);
}

/** The line a gift coupon takes its item from: the line of that SKU with the most left (first on ties); -1 if none. */
export function giftLine(state: BasketState, sku: string): number {
  let best = -1;
  const lines = state.lines ?? [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.sku === sku && (best < 0 || state.remaining[i]! > state.remaining[best]!)) best = i;
  }
  return best;
}

export function sumRemaining(state: BasketState, indexes: readonly number[]): number {
  let sum = 0;
  for (const i of indexes) sum += state.remaining[i]!;
  return sum;
}

/** Takes up to `amount` from the given lines, proportionally; returns what was taken. Mutates state. */
function takeFromLines(state: BasketState, indexes: readonly number[], amount: number): number {
  const available = sumRemaining(state, indexes);
  if (amount >= available) {
    for (const i of indexes) state.remaining[i] = 0;
    return available;
  }
  const shares = indexes.map((i) => mulDiv(amount, state.remaining[i]!, available));
  let left = amount - shares.reduce((s, x) => s + x, 0);
  // Each floored share lost less than 1, and every line with something left has room for 1 more.
  for (let k = 0; k < indexes.length && left > 0; k++) {
    if (state.remaining[indexes[k]!]! - shares[k]! > 0) {
      shares[k]! += 1;
      left -= 1;
    }
  }
  indexes.forEach((i, k) => (state.remaining[i] = state.remaining[i]! - shares[k]!));
  return amount;
}

/** The lines a discount of this benefit/campaign is taken from. */
export function discountLines(state: BasketState, campaign: Campaign): number[] {
  if (!state.lines) return [];
  const benefit: Benefit = campaign.benefit;
  if (benefit.type === 'gift') {
    const g = giftLine(state, benefit.sku);
    return g < 0 ? [] : [g];
  }
  return eligibleLines(state.lines, campaign);
}

/** Records a discount on the basket state. Mutates state; returns what was actually taken. */
export function takeDiscount(state: BasketState, campaign: Campaign, amount: number): number {
  const wanted = Math.min(asMinor(amount), state.remainingTotal);
  const taken = state.lines ? takeFromLines(state, discountLines(state, campaign), wanted) : wanted;
  state.remainingTotal -= taken;
  return taken;
}

/** The basket before any coupon. */
export function freshState(basket: Basket): BasketState {
  const lines = basket.lines && basket.lines.length > 0 ? basket.lines : null;
  const remaining = lines ? lines.map(lineAmount) : [];
  const linesTotal = remaining.reduce((s, x) => s + x, 0);
  const total = asMinor(basket.totalMinor);
  return { lines, remaining, remainingTotal: lines ? Math.min(total, linesTotal) : total };
}
