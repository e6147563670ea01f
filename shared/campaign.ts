import { z } from 'zod';
import { MinorSchema } from './money';
import { textProblem } from './text';

/** Names and labels a cashier reads: no control, bidi-override or unpaired-surrogate characters (shared/text.ts). */
function noControl(value: string, ctx: z.RefinementCtx): void {
  const problem = textProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `contains ${problem}` });
}

/**
 * A campaign is what HQ defines: the benefit a coupon gives and the rules for using it.
 * Every code (signed or plain) belongs to exactly one campaign, by its numeric id.
 * This schema is the one definition shared by HQ, the till's rule-set cache and the rule engine.
 */

/** Local time of day "HH:MM" (24h) in the store's time zone. */
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const BenefitSchema = z.discriminatedUnion('type', [
  /** 代金券: fixed amount off. */
  z.object({ type: z.literal('cash'), amountOffMinor: MinorSchema.min(1) }),
  /** 折扣券: percentage off (basis points: 1500 = 15%), with an optional cap. */
  z.object({
    type: z.literal('percent'),
    percentOffBp: z.number().int().min(1).max(10_000),
    capMinor: MinorSchema.min(1).optional(),
  }),
  /** 满减券: tiered, the highest tier reached applies ("spend 99 get 15 off, spend 199 get 40 off"). */
  z.object({
    type: z.literal('threshold'),
    tiers: z
      .array(z.object({ minSpendMinor: MinorSchema.min(1), amountOffMinor: MinorSchema.min(1) }))
      .min(1)
      .max(20),
  }),
  /** 礼品券: one free item by SKU; its value is the item's price in the basket (or itemValueMinor when only a total is known). */
  z.object({ type: z.literal('gift'), sku: z.string().min(1).max(64), itemValueMinor: MinorSchema }),
  /** 特权券: a non-monetary right (free upgrade, priority service). Recorded, worth 0 off the basket. */
  z.object({ type: z.literal('privilege'), privilege: z.string().min(1).max(200).superRefine(noControl) }),
  /**
   * 买赠 / 多件优惠 that repeats: among the scope's units, every set of buyQuantity + freeQuantity gives
   * freeQuantity units (the cheapest of the set) free, or percentOffBp off; at most maxApplications sets
   * per basket. "Buy 2 get 1 free" and "3 for the price of 2" are both buy 2, free 1.
   */
  z.object({
    type: z.literal('multi_buy'),
    buyQuantity: z.number().int().min(1).max(99),
    freeQuantity: z.number().int().min(1).max(99),
    percentOffBp: z.number().int().min(1).max(10_000).default(10_000),
    maxApplications: z.number().int().min(1).max(1_000).optional(),
  }),
  /** The cheapest `units` units among the scope's lines (a mixed group of products), free or percentOffBp off. */
  z.object({
    type: z.literal('cheapest_item'),
    percentOffBp: z.number().int().min(1).max(10_000).default(10_000),
    units: z.number().int().min(1).max(99).default(1),
  }),
  /**
   * A free item chosen from a group ("any one snack"): `quantity` units of any line of the group
   * (by SKU or category), the most valuable first, each worth at most maxValueMinor when set.
   */
  z.object({
    type: z.literal('free_item'),
    skus: z.array(z.string().min(1).max(64)).max(1_000).default([]),
    categories: z.array(z.string().min(1).max(64)).max(200).default([]),
    quantity: z.number().int().min(1).max(99).default(1),
    maxValueMinor: MinorSchema.min(1).optional(),
  }),
]);
export type Benefit = z.infer<typeof BenefitSchema>;
export type CouponType = Benefit['type'];
export const COUPON_TYPES: readonly CouponType[] = ['cash', 'percent', 'threshold', 'gift', 'privilege', 'multi_buy', 'cheapest_item', 'free_item'];

export const CampaignRulesSchema = z.object({
  /** Absolute validity window, UTC epoch ms (from inclusive, until exclusive). */
  validFrom: z.number().int().optional(),
  validUntil: z.number().int().optional(),
  /** Relative validity: a code is good for N days after its issue day (inclusive of the issue day + N). */
  daysAfterIssue: z.number().int().min(0).max(3650).optional(),
  /** ISO weekdays (1 = Monday .. 7 = Sunday) in the store's time zone. Empty/absent = every day. */
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  /** Time-of-day windows in the store's time zone; start inclusive, end exclusive; end < start wraps past midnight. */
  timeWindows: z
    .array(z.object({ start: TimeOfDay, end: TimeOfDay }))
    .max(8)
    .optional(),
  /** 门店限用: store ids. A store on the deny list is refused; when an allow list is set, only those stores. */
  storesAllow: z.array(z.string().min(1)).max(10_000).optional(),
  storesDeny: z.array(z.string().min(1)).max(10_000).optional(),
  /** 使用门槛: minimum eligible basket spend, minor units (the gift's own unit is not counted: it is not paid for). */
  minSpendMinor: MinorSchema.optional(),
  /** Minimum quantity ("buy 3 of these"): at least N units of the scope's lines (the gift's own unit not counted). */
  minQuantity: z.number().int().min(1).max(100_000).optional(),
  /**
   * Trigger products, separate from the discounted ones ("with the coffee machine, capsules 100% off up
   * to 40"): the basket must hold minQuantity units of lines matching skus or categories. The scope says
   * what the discount applies to.
   */
  trigger: z
    .strictObject({
      skus: z.array(z.string().min(1).max(64)).max(1_000).default([]),
      categories: z.array(z.string().min(1).max(64)).max(200).default([]),
      minQuantity: z.number().int().min(1).max(1_000).default(1),
    })
    .refine((t) => t.skus.length + t.categories.length > 0, 'a trigger names at least one SKU or category')
    .optional(),
  /** How many times one code may be used (1 = single-use). */
  usesPerCode: z.number().int().min(1).max(1_000_000).default(1),
  /**
   * Member tiers this campaign is for (seed: gold members get tier-only coupons). Absent or empty:
   * every customer. Set: the basket's memberTier (from the POS, or the cashier's member field) must be one of them.
   */
  memberTiers: z.array(z.string().min(1).max(32)).max(50).optional(),
  /**
   * When every item a single-use coupon discounted is returned: 'reinstate' gives the code back
   * (its redemption is voided, so it can be used again); 'keep_used' (the default) keeps it used.
   */
  returnPolicy: z.enum(['reinstate', 'keep_used']).optional(),
  /** Per identified member, how many redemptions of this campaign. */
  perMemberLimit: z.number().int().min(1).optional(),
  /** Campaign-wide cap on redemptions (as far as this till knows). */
  campaignCap: z.number().int().min(1).optional(),
  /** 叠加规则. exclusive: no other coupon on the basket. combinable: only with coupons of the same group. */
  stacking: z
    .object({
      mode: z.enum(['exclusive', 'combinable']),
      group: z.string().min(1).max(64).optional(),
      /** At most K coupons on one basket (counting this one). */
      maxPerBasket: z.number().int().min(1).max(50).optional(),
      /**
       * Where this coupon comes in the stack (lower first). Absent: line-level before order-level,
       * percentages before fixed amounts (shared/rules/stacking.ts, stackingRank).
       */
      priority: z.number().int().min(0).max(999).optional(),
    })
    .default({ mode: 'exclusive' }),
  /** Product scope: which basket lines the benefit applies to. Absent = the whole basket. */
  scope: z
    .object({
      skus: z.array(z.string().min(1)).optional(),
      categories: z.array(z.string().min(1)).optional(),
      excludeSkus: z.array(z.string().min(1)).optional(),
      excludeCategories: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  /** High-value campaigns: a single-use code must be claimed at HQ online, unless a manager overrides. */
  requiresOnlineClaim: z.boolean().default(false),
  /**
   * Bounce-back (mechanic 8, decision 086): this campaign's codes are handed out at the till, one per
   * closed order that paid at least minSpendMinor, for the customer's next visit. HQ signs them in
   * blocks of blockSize for each till; a till never holds more than 1.5 blocks it has not handed out.
   */
  bounceBack: z
    .strictObject({
      minSpendMinor: MinorSchema,
      blockSize: z.number().int().min(10).max(1_000).default(100),
    })
    .optional(),
});
export type CampaignRules = z.infer<typeof CampaignRulesSchema>;

export const CampaignSchema = z
  .object({
    /** Numeric campaign id, embedded in signed codes. */
    id: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
    name: z.string().min(1).max(200).superRefine(noControl),
    benefit: BenefitSchema,
    rules: CampaignRulesSchema,
    status: z.enum(['active', 'ended']).default('active'),
    /**
     * HQ's version of this campaign (1, 2, ...), set by HQ when it publishes it (an admin's value is
     * ignored). A till sends it back with each redemption, so HQ can recompute the figures from the
     * campaign exactly as the till held it. Absent from older HQs.
     */
    version: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .optional(),
    /**
     * The rule engine version the campaign needs (shared/rules/engineVersion.ts), set by HQ when it
     * publishes; absent: 1. On a till whose engine is older HQ sends an ended stand-in carrying it.
     */
    engineVersion: z.number().int().min(1).max(1_000).optional(),
  })
  .superRefine(campaignProblems);
export type Campaign = z.infer<typeof CampaignSchema>;
export type CampaignInput = z.input<typeof CampaignSchema>;

/** Mechanics that work on the basket's units: they need its lines. */
export const LINE_MECHANICS: ReadonlySet<string> = new Set(['multi_buy', 'cheapest_item', 'free_item']);

/** What a campaign cannot mean, said plainly: HQ refuses it before any till sees it. */
function campaignProblems(c: { benefit: Benefit }, ctx: z.RefinementCtx): void {
  const b = c.benefit;
  if (b.type === 'free_item' && b.skus.length + b.categories.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['benefit', 'skus'], message: 'a free item names the group it is chosen from: skus or categories' });
  }
}

/**
 * What a line is: goods (the default), or a deposit (bottle deposit) or a fixed fee (eco-fee, bag
 * levy). Deposits and fees are in the basket's total but never discounted by a coupon and never
 * count toward a minimum spend or quantity: they are not goods the customer buys.
 */
export const LINE_KINDS = ['goods', 'deposit', 'fee'] as const;
export const LineKindSchema = z.enum(LINE_KINDS);

/** A category path, from the top of the tree down ("food" > "dairy" > "yogurt"). */
export const CategoryPathSchema = z.array(z.string().min(1).max(64)).min(1).max(8);

/** A basket line. */
export const BasketLineSchema = z.object({
  sku: z.string().min(1).max(64),
  category: z.string().min(1).max(64).optional(),
  /** The line's category and its parents: a campaign on "dairy" covers a line whose path holds "dairy". */
  categoryPath: CategoryPathSchema.optional(),
  kind: LineKindSchema.optional(),
  unitPriceMinor: MinorSchema,
  quantity: z.number().int().min(1).max(100_000),
});
export type BasketLine = z.infer<typeof BasketLineSchema>;

/**
 * The basket a coupon is applied to. A till may know only the total (cashier typed it),
 * or the lines (from the POS). When lines are given, the total must equal their sum.
 */
export const BasketSchema = z
  .object({
    id: z.string().min(1).max(64),
    totalMinor: MinorSchema,
    lines: z.array(BasketLineSchema).max(1000).optional(),
    memberId: z.string().min(1).max(64).optional(),
    /** The member's tier (gold, silver, ...) as the POS or the cashier gave it: campaigns may be for some tiers only. */
    memberTier: z.string().min(1).max(32).optional(),
  })
  .refine((b) => !b.lines || b.lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0) === b.totalMinor, {
    message: 'basket total must equal the sum of its lines',
  });
export type Basket = z.infer<typeof BasketSchema>;
