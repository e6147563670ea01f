/**
 * The mechanics that work on the basket's units: a gift, a free item chosen from a group, the
 * cheapest item, and the repeating multi-buy. Each gives a plan: what it takes from which line.
 *
 * Units are ranked by what is still open on them (a line's remaining amount over its quantity; on a
 * fresh basket, the unit price), ties by the canonical line order, so the plan never depends on the
 * order the lines came in. A percentage of units is rounded half-up per unit (so per line: the
 * units times the unit's figure): these discounts are per line, as a receipt prints them.
 */
import type { Benefit, BasketLine, Campaign } from '../campaign';
import { compareLines, isGoods, lineInScope, matchesProducts, nonEmpty, type BasketState } from './lines';

/** What a coupon takes (or would take) from one line. */
export interface LineShare {
  index: number;
  amount: number;
}

/** Units of one line a mechanic uses. */
export interface LineUnits {
  index: number;
  units: number;
}

type MultiBuy = Extract<Benefit, { type: 'multi_buy' }>;
type FreeItem = Extract<Benefit, { type: 'free_item' }>;

/** remaining[a] / quantity[a] against remaining[b] / quantity[b], exactly. */
function compareUnitValue(state: BasketState, a: number, b: number): number {
  const lines = state.lines!;
  const left = state.remaining[a]! * lines[b]!.quantity;
  const right = state.remaining[b]! * lines[a]!.quantity;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left - right;
  const l = BigInt(state.remaining[a]!) * BigInt(lines[b]!.quantity);
  const r = BigInt(state.remaining[b]!) * BigInt(lines[a]!.quantity);
  return l > r ? 1 : l < r ? -1 : 0;
}

/** Line indexes by the value of their units, most valuable first (or least, for the cheapest item). */
function byUnitValue(state: BasketState, indexes: readonly number[], most: boolean): number[] {
  const lines = state.lines!;
  return [...indexes].sort((a, b) => {
    const v = most ? compareUnitValue(state, b, a) : compareUnitValue(state, a, b);
    return v || compareLines(lines[a]!, lines[b]!) || a - b;
  });
}

/**
 * What `units` of a line's `quantity` units are worth at bp/10000 of what is open on them: each unit's
 * figure rounded half-up, times the units (rounding each unit keeps the mechanics monotone: one more
 * unit never lowers the discount). Never more than is open on the line.
 */
export function unitsShare(remaining: number, units: number, quantity: number, bp: number): number {
  if (units >= quantity && bp === 10_000) return remaining;
  const perUnit = (2n * BigInt(remaining) * BigInt(bp) + BigInt(quantity) * 10_000n) / (2n * BigInt(quantity) * 10_000n);
  return Math.min(remaining, Number(perUnit) * units);
}

/** The first `wanted` units along `order`. */
function takeUnits(state: BasketState, order: readonly number[], wanted: number): LineUnits[] {
  const out: LineUnits[] = [];
  let left = wanted;
  for (const index of order) {
    if (left <= 0) break;
    const units = Math.min(left, state.lines![index]!.quantity);
    out.push({ index, units });
    left -= units;
  }
  return out;
}

/**
 * Which lines each campaign's scope covers, per basket (the same lines array) and campaign: the
 * engine asks many times per coupon (conditions, figure, discount split) and matching category
 * paths was most of an evaluation's time (bench:engine's profile). Lines and campaigns are never
 * changed after they are parsed, so the answer for a pair never changes.
 */
const scopeCache = new WeakMap<readonly BasketLine[], WeakMap<Campaign, readonly number[]>>();

/** The lines a campaign's scope covers (goods only), in line order. The array is shared: never change it. */
export function scopeLines(lines: readonly BasketLine[], campaign: Campaign): readonly number[] {
  let byCampaign = scopeCache.get(lines);
  if (!byCampaign) scopeCache.set(lines, (byCampaign = new WeakMap()));
  const known = byCampaign.get(campaign);
  if (known) return known;
  const out: number[] = [];
  const scope = campaign.rules.scope;
  for (let i = 0; i < lines.length; i++) if (lineInScope(lines[i]!, scope)) out.push(i);
  byCampaign.set(campaign, out);
  return out;
}

/** The line a gift coupon takes its item from: the goods line of that SKU with the most left, -1 if none. */
export function giftLine(state: BasketState, sku: string): number {
  let best = -1;
  const lines = state.lines ?? [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.sku !== sku || !isGoods(lines[i]!)) continue;
    const more = best < 0 ? 1 : state.remaining[i]! - state.remaining[best]! || -compareLines(lines[i]!, lines[best]!);
    if (more > 0) best = i;
  }
  return best;
}

/** The goods lines of a free item's group. */
function groupLines(state: BasketState, benefit: FreeItem): number[] {
  const lines = state.lines ?? [];
  const skus = nonEmpty(benefit.skus);
  const categories = nonEmpty(benefit.categories);
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (isGoods(lines[i]!) && matchesProducts(lines[i]!, skus, categories)) out.push(i);
  return out;
}

/** The units a gift or a free item gives away: they are not paid for, so they count toward no minimum. */
export function freeUnits(state: BasketState, benefit: Benefit): LineUnits[] {
  if (benefit.type === 'gift') {
    const g = giftLine(state, benefit.sku);
    return g < 0 ? [] : [{ index: g, units: 1 }];
  }
  if (benefit.type === 'free_item') return takeUnits(state, byUnitValue(state, groupLines(state, benefit), true), benefit.quantity);
  return [];
}

/** How many free positions lie before position x, when every set of `buy + free` gives its last `free`. */
function freeBefore(x: number, buy: number, free: number): number {
  const set = buy + free;
  return Math.floor(x / set) * free + Math.max(0, (x % set) - buy);
}

/** Sets a multi-buy makes of `units` units, within its maximum per basket. */
export function multiBuySets(benefit: MultiBuy, units: number): number {
  const sets = Math.floor(units / (benefit.buyQuantity + benefit.freeQuantity));
  return benefit.maxApplications !== undefined ? Math.min(sets, benefit.maxApplications) : sets;
}

/**
 * Multi-buy: the scope's units, most valuable first, in sets of buy + free; the last `free` of each
 * set (its cheapest) are discounted. Adding a unit never lowers the discount (monotone in quantity).
 */
function multiBuyPlan(state: BasketState, benefit: MultiBuy, indexes: readonly number[]): LineShare[] {
  const lines = state.lines!;
  const units = indexes.reduce((s, i) => s + lines[i]!.quantity, 0);
  const limit = multiBuySets(benefit, units) * (benefit.buyQuantity + benefit.freeQuantity);
  const out: LineShare[] = [];
  let at = 0;
  for (const index of byUnitValue(state, indexes, true)) {
    const q = lines[index]!.quantity;
    const free =
      freeBefore(Math.min(at + q, limit), benefit.buyQuantity, benefit.freeQuantity) -
      freeBefore(Math.min(at, limit), benefit.buyQuantity, benefit.freeQuantity);
    if (free > 0) out.push({ index, amount: unitsShare(state.remaining[index]!, free, q, benefit.percentOffBp) });
    at += q;
  }
  return out;
}

/**
 * The plan of a mechanic that works on units (gift, free_item, cheapest_item, multi_buy) on what is
 * left of the basket; null for the others (cash, percent, threshold, privilege).
 */
export function unitPlan(state: BasketState, campaign: Campaign): LineShare[] | null {
  const b = campaign.benefit;
  if (!state.lines) return null;
  const lines = state.lines;
  switch (b.type) {
    case 'gift': {
      const g = giftLine(state, b.sku);
      return g < 0 ? [] : [{ index: g, amount: Math.min(lines[g]!.unitPriceMinor, state.remaining[g]!) }];
    }
    case 'free_item':
      return freeUnits(state, b).map(({ index, units }) => {
        const open = unitsShare(state.remaining[index]!, units, lines[index]!.quantity, 10_000);
        return { index, amount: b.maxValueMinor !== undefined ? Math.min(open, b.maxValueMinor * units) : open };
      });
    case 'cheapest_item':
      return takeUnits(state, byUnitValue(state, scopeLines(lines, campaign), false), b.units).map(({ index, units }) => ({
        index,
        amount: unitsShare(state.remaining[index]!, units, lines[index]!.quantity, b.percentOffBp),
      }));
    case 'multi_buy':
      return multiBuyPlan(state, b, scopeLines(lines, campaign));
    default:
      return null;
  }
}
