/**
 * An order's price modifiers: what each coupon takes off each line, and the pro-rata reversal when
 * lines come back. Pure: the till computes them, the POS and HQ can recompute them.
 *
 * EFFECTS. The coupons on an order are replayed in the order given (the till gives them in stack
 * order, shared/rules/stacking.ts, decision 080), exactly as the rule engine took their discounts (shared/rules/basket.ts: each from its own eligible lines,
 * proportionally to what each line still has, remainders to the earliest lines; a gift from its
 * gift line). A coupon's line modifiers sum to its discount, and no line is discounted below 0,
 * whenever the discount still fits the lines (it always does on the lines it was decided on).
 *
 * REVERSAL. After R of a line's Q units are back, floor(m * R / Q) of a modifier m is reversed, all
 * of m when R = Q. A return reverses the difference, so the total reversed depends only on how many
 * units are back, never on the order or the split of the returns.
 */
import type { Campaign, BasketLine } from '../campaign';
import { freshState, mulDiv, takeDiscount } from '../rules/basket';
import type { LineEffect, LineModifier, OrderLine } from './orders';

/** A coupon on the order, as the ledger recorded it. */
export interface CouponOnOrder {
  redemptionId: string;
  campaignId: number;
  discountMinor: number;
  /** The campaign as the till holds it (scope, gift SKU); absent: its discount counts on every line. */
  campaign?: Campaign;
}

/** A campaign the till no longer holds: its recorded discount is taken from every line. */
const WHOLE_ORDER: Campaign = {
  id: 1,
  name: '-',
  benefit: { type: 'cash', amountOffMinor: 1 },
  rules: { usesPerCode: 1, stacking: { mode: 'exclusive' }, requiresOnlineClaim: false },
  status: 'active',
};

export interface Effects {
  lines: LineEffect[];
  /** What each coupon took, by redemption id: equal to its discount when it fits. */
  taken: Map<string, number>;
}

/** An order line as the rule engine sees it (its category path and kind included). */
export function basketLineOf(l: OrderLine): BasketLine {
  return {
    sku: l.sku,
    unitPriceMinor: l.unitPriceMinor,
    quantity: l.quantity,
    ...(l.category ? { category: l.category } : {}),
    ...(l.categoryPath ? { categoryPath: l.categoryPath } : {}),
    ...(l.kind ? { kind: l.kind } : {}),
  };
}

export function orderEffects(lines: readonly OrderLine[], coupons: readonly CouponOnOrder[]): Effects {
  const basketLines = lines.map(basketLineOf);
  const totalMinor = basketLines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const state = freshState({ id: 'order', totalMinor, lines: basketLines });
  const modifiers: LineModifier[][] = lines.map(() => []);
  const taken = new Map<string, number>();
  for (const c of coupons) {
    const before = state.remaining.slice();
    taken.set(c.redemptionId, takeDiscount(state, c.campaign ?? WHOLE_ORDER, c.discountMinor));
    before.forEach((was, i) => {
      const amountMinor = was - state.remaining[i]!;
      if (amountMinor > 0) modifiers[i]!.push({ redemptionId: c.redemptionId, campaignId: c.campaignId, amountMinor });
    });
  }
  const effects = lines.map((l, i): LineEffect => {
    const grossMinor = l.unitPriceMinor * l.quantity;
    const discountMinor = modifiers[i]!.reduce((s, m) => s + m.amountMinor, 0);
    return { lineId: l.lineId, grossMinor, modifiers: modifiers[i]!, discountMinor, netMinor: grossMinor - discountMinor };
  });
  return { lines: effects, taken };
}

/** How much of a line modifier is reversed once `returned` of the line's `quantity` units are back. */
export function reversedPart(modifierMinor: number, quantity: number, returned: number): number {
  if (returned >= quantity) return modifierMinor;
  return returned <= 0 ? 0 : mulDiv(modifierMinor, returned, quantity);
}

/** What returning `quantity` more units of a line reverses of one modifier, given `before` units already back. */
export function reversalOf(modifierMinor: number, lineQuantity: number, before: number, quantity: number): number {
  return reversedPart(modifierMinor, lineQuantity, before + quantity) - reversedPart(modifierMinor, lineQuantity, before);
}
