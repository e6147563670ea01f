/**
 * The basket's lines as the engine sees them: integer money helpers, which lines a campaign's scope
 * covers (category trees, deposits and fees), and one canonical order of lines, so that nothing the
 * engine decides depends on the order the lines were scanned in.
 */
import type { Basket, BasketLine, CampaignRules } from '../campaign';

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

/**
 * a * b / c rounded half-up to the minor unit (what a receipt from the POS or the ERP shows:
 * 10% of 16.27 is 1.63). Never more than a when b <= c.
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(2 * p + c)) return Math.floor((2 * p + c) / (2 * c));
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));
}

export function nonEmpty(list: readonly string[] | undefined): readonly string[] | null {
  return list && list.length > 0 ? list : null;
}

type Scope = NonNullable<CampaignRules['scope']>;

/** True when the campaign limits itself to some products (includes or exclusions). */
export function hasProductScope(rules: CampaignRules): boolean {
  const s = rules.scope;
  return !!s && !!(nonEmpty(s.skus) || nonEmpty(s.categories) || nonEmpty(s.excludeSkus) || nonEmpty(s.excludeCategories));
}

/** Goods, as opposed to a deposit or a fixed fee: only goods are discounted or counted toward a condition. */
export function isGoods(line: BasketLine): boolean {
  return line.kind === undefined || line.kind === 'goods';
}

/** The line's category, or one of its parents in its category path, is in the list (a tree: "dairy" covers "yogurt"). */
export function inCategories(line: BasketLine, categories: readonly string[]): boolean {
  if (line.category !== undefined && categories.includes(line.category)) return true;
  return line.categoryPath?.some((c) => categories.includes(c)) ?? false;
}

/** A line matches a product list when its SKU is listed or its category (or a parent) is. */
export function matchesProducts(line: BasketLine, skus: readonly string[] | null, categories: readonly string[] | null): boolean {
  return (skus?.includes(line.sku) ?? false) || (categories !== null && inCategories(line, categories));
}

/** A goods line is in scope when it matches an include list (none set = every line) and no exclusion. */
export function lineInScope(line: BasketLine, scope: Scope | undefined): boolean {
  if (!isGoods(line)) return false;
  if (!scope) return true;
  const skus = nonEmpty(scope.skus);
  const categories = nonEmpty(scope.categories);
  if ((skus || categories) && !matchesProducts(line, skus, categories)) return false;
  if (scope.excludeSkus?.includes(line.sku)) return false;
  const excluded = nonEmpty(scope.excludeCategories);
  return !(excluded && inCategories(line, excluded));
}

export function lineAmount(line: BasketLine): number {
  return asMinor(line.unitPriceMinor * line.quantity);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One order of lines that does not depend on the order they came in: by SKU, price, quantity,
 * category, path and kind. Two lines that compare equal are interchangeable for every decision.
 */
export function compareLines(a: BasketLine, b: BasketLine): number {
  return (
    compareText(a.sku, b.sku) ||
    a.unitPriceMinor - b.unitPriceMinor ||
    a.quantity - b.quantity ||
    compareText(a.category ?? '', b.category ?? '') ||
    compareText((a.categoryPath ?? []).join('\u0000'), (b.categoryPath ?? []).join('\u0000')) ||
    compareText(a.kind ?? 'goods', b.kind ?? 'goods')
  );
}

/** The basket before any coupon. */
export function freshState(basket: Basket): BasketState {
  const lines = basket.lines && basket.lines.length > 0 ? basket.lines : null;
  const remaining = lines ? lines.map(lineAmount) : [];
  const linesTotal = remaining.reduce((s, x) => s + x, 0);
  const total = asMinor(basket.totalMinor);
  return { lines, remaining, remainingTotal: lines ? Math.min(total, linesTotal) : total };
}

export function sumRemaining(state: BasketState, indexes: readonly number[]): number {
  let sum = 0;
  for (const i of indexes) sum += state.remaining[i]!;
  return sum;
}
