/**
 * The conditions a coupon puts on the basket's lines, in the order the engine checks them:
 * trigger products, scope, minimum quantity (the minimum spend follows in index.ts).
 * What counts is what the customer pays for: goods lines (never a deposit or a fee), less the
 * units a gift or a free item gives away ("a free item never counts toward its own minimum").
 */
import type { Campaign } from '../campaign';
import { inCategories, isGoods, lineAmount, nonEmpty, type BasketState } from './lines';
import { freeUnits, scopeLines } from './mechanics';
import type { Refusal } from './types';

export type LineConditions = { ok: true; eligibleMinor: number; eligibleUnits: number } | Refusal;

/** Units of the trigger products on the basket. */
function triggerUnits(state: BasketState, trigger: NonNullable<Campaign['rules']['trigger']>): number {
  const skus = nonEmpty(trigger.skus);
  const categories = nonEmpty(trigger.categories);
  let units = 0;
  for (const line of state.lines ?? []) {
    if (!isGoods(line)) continue;
    if ((skus?.includes(line.sku) ?? false) || (categories !== null && inCategories(line, categories))) units += line.quantity;
  }
  return units;
}

/** Trigger, scope and minimum quantity on a basket with lines; the eligible amount and units the customer pays for. */
export function lineConditions(state: BasketState, campaign: Campaign): LineConditions {
  const lines = state.lines!;
  const { trigger, minQuantity } = campaign.rules;
  if (trigger) {
    const have = triggerUnits(state, trigger);
    if (have < trigger.minQuantity) {
      const items = [...trigger.skus, ...trigger.categories].join(', ');
      return { ok: false, reason: 'trigger_item_missing', params: { items, shortQuantity: trigger.minQuantity - have } };
    }
  }
  const indexes = scopeLines(lines, campaign);
  if (indexes.length === 0) return { ok: false, reason: 'out_of_scope' };
  const inScope = new Set(indexes);
  let amount = 0;
  let units = 0;
  for (const i of indexes) {
    amount += lineAmount(lines[i]!);
    units += lines[i]!.quantity;
  }
  for (const f of freeUnits(state, campaign.benefit)) {
    if (!inScope.has(f.index)) continue;
    amount -= lines[f.index]!.unitPriceMinor * f.units;
    units -= f.units;
  }
  if (minQuantity !== undefined && units < minQuantity) {
    return { ok: false, reason: 'below_minimum_quantity', params: { minQuantity, quantity: units, shortQuantity: minQuantity - units } };
  }
  return { ok: true, eligibleMinor: Math.max(0, Math.min(amount, state.remainingTotal)), eligibleUnits: units };
}
