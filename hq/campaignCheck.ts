/**
 * `npm run hq -- campaign check --file campaign.json [--basket lines.json]`: a campaign checked
 * where it is written, before HQ or any till sees it. Offline (no HQ, no token): the same schema HQ
 * and the tills parse with, every problem in words, its place in the stack, and, given basket lines,
 * what it gives on them or why it is refused. A file may be a campaign, or an example as in
 * docs/campaigns/ ({ "about", "campaign", "basket" }).
 */
import { BasketLineSchema, CampaignSchema } from '../shared/campaign';
import { reasonMessage } from '../shared/i18n/reasons';
import { evaluateOnBasket, stackingRank } from '../shared/rules';

export type CampaignCheck =
  | { valid: false; problems: string[] }
  | {
      valid: true;
      id: number;
      name: string;
      type: string;
      stackingRank: number;
      onBasket?: { ok: true; discountMinor: number; eligibleMinor: number } | { ok: false; reason: string; message: string; messageZh: string };
    };

function problemsOf(issues: readonly { path: PropertyKey[]; message: string }[], prefix: string): string[] {
  return issues.slice(0, 20).map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(campaign)'}: ${i.message}`);
}

/** Checks a campaign (or an example holding one), and its basket when one is given or the example has one. */
export function checkCampaign(input: unknown, basketInput?: unknown): CampaignCheck {
  const example = typeof input === 'object' && input !== null && 'campaign' in input ? (input as { campaign: unknown; basket?: unknown }) : null;
  const parsed = CampaignSchema.safeParse(example ? example.campaign : input);
  if (!parsed.success) return { valid: false, problems: problemsOf(parsed.error.issues, '') };
  const campaign = parsed.data;
  const out: CampaignCheck = { valid: true, id: campaign.id, name: campaign.name, type: campaign.benefit.type, stackingRank: stackingRank(campaign) };
  const linesInput = basketInput ?? example?.basket;
  if (linesInput === undefined) return out;
  const lines = BasketLineSchema.array().min(1).max(1000).safeParse(linesInput);
  if (!lines.success) return { valid: false, problems: problemsOf(lines.error.issues, 'basket') };
  const totalMinor = lines.data.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const r = evaluateOnBasket({ couponKey: `s:${campaign.id}:0`, campaign }, { id: 'check', totalMinor, lines: lines.data }, []);
  out.onBasket = r.ok
    ? { ok: true, discountMinor: r.discountMinor, eligibleMinor: r.eligibleMinor }
    : { ok: false, reason: r.reason, message: reasonMessage(r.reason, 'en', r.params), messageZh: reasonMessage(r.reason, 'zh-CN', r.params) };
  return out;
}
