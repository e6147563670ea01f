import { CampaignSchema, LINE_MECHANICS, type Campaign } from '../../shared/campaign';
import { decodeHlc } from '../../shared/hlc';
import type { RedemptionUpload } from '../../shared/redemption';
import { benefitDiscount } from '../../shared/rules/benefit';
import { freshState } from '../../shared/rules/basket';
import type { HqContext, Tx } from './context';

/**
 * What HQ checks in each redemption a till sends, since a till's credential can leak and a till
 * can misbehave. Nothing is refused for these: the item is stored with flags for a person, and a
 * clock that could not be honest (`clock_suspect`) ranks the item after every believable
 * redemption of its code (services/conflicts.ts), so it cannot win a conflict.
 */

/** How far ahead of HQ's clock a till's HLC may be at receipt (a till clock a little fast is normal). */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;

export type ClockProblem = 'names_another_till' | 'before_enrolment' | 'before_previous' | 'seq_reused' | 'ahead_of_hq';

/** Flags on a stored redemption (the `flags` JSON column), each with what a person needs to decide. */
export interface RedemptionFlags {
  clock_suspect?: { problem: ClockProblem; hlc: string };
  figures_mismatch?: {
    problem: 'more_than_basket' | 'more_than_campaign_gives' | 'eligible_more_than_basket';
    tillDiscountMinor: number;
    hqDiscountMinor: number;
  };
  not_verifiable?: { missing: ('eligibleMinor' | 'campaignVersion')[] };
  unknown_campaign?: { campaignId: number; version: number | null };
  wrong_campaign?: { tillCampaignId: number; codeCampaignId: number };
  unknown_code?: { couponKey: string };
  void_target_mismatch?: { targetStoreId: string; targetTillId: string };
}

export interface UploadCheck {
  clockSuspect: boolean;
  flags: RedemptionFlags;
}

export interface CheckedTill {
  tillId: string;
  storeId: string;
  /** When HQ enrolled the till (null: never, which a pushing till cannot be). */
  enrolledAt: number | null;
}

interface Item {
  index: number;
  upload: RedemptionUpload;
}

/** Checks every new item of one push (`items` are not yet stored). Reads only: retry-safe. */
export async function checkUploads(ctx: HqContext, trx: Tx, till: CheckedTill, items: readonly Item[]): Promise<Map<number, UploadCheck>> {
  const out = new Map<number, UploadCheck>();
  const clock = await checkClocks(ctx, trx, till, items);
  const figures = await checkFigures(
    trx,
    items.filter((i) => i.upload.kind === 'redeem'),
  );
  for (const i of items) {
    const problem = clock.get(i.index);
    const flags: RedemptionFlags = { ...(figures.get(i.index) ?? {}) };
    if (problem) flags.clock_suspect = { problem, hlc: i.upload.hlc };
    out.set(i.index, { clockSuspect: problem !== undefined, flags });
  }
  return out;
}

/**
 * The times a till could honestly have: its own node name, not before its enrolment, not before
 * its previous believable entry in outbox order (seq), not after HQ's time at receipt plus a skew.
 */
async function checkClocks(ctx: HqContext, trx: Tx, till: CheckedTill, items: readonly Item[]): Promise<Map<number, ClockProblem>> {
  const out = new Map<number, ClockProblem>();
  const latest = ctx.now() + MAX_CLOCK_AHEAD_MS;
  for (const i of items) {
    const t = decodeHlc(i.upload.hlc);
    if (t.node !== till.tillId) out.set(i.index, 'names_another_till');
    else if (till.enrolledAt !== null && t.wallMs < till.enrolledAt) out.set(i.index, 'before_enrolment');
    else if (t.wallMs > latest) out.set(i.index, 'ahead_of_hq');
  }
  const sequenced = items.filter((i) => i.upload.seq !== undefined).sort((a, b) => a.upload.seq! - b.upload.seq!);
  if (sequenced.length === 0) return out;
  const first = sequenced[0]!.upload.seq!;
  const before = await trx
    .selectFrom('redemptions')
    .select((eb) => eb.fn.max('hlc').as('hlc'))
    .where('till_id', '=', till.tillId)
    .where('seq', '<', first)
    .where('clock_suspect', '=', 0)
    .executeTakeFirst();
  const stored = await trx
    .selectFrom('redemptions')
    .select(['seq', 'hlc', 'clock_suspect'])
    .where('till_id', '=', till.tillId)
    .where('seq', '>=', first)
    .execute();
  const bySeq = new Map<number, { hlc: string; suspect: boolean }>();
  for (const r of stored) bySeq.set(Number(r.seq), { hlc: r.hlc, suspect: Number(r.clock_suspect) === 1 });
  const storedSeqs = [...bySeq.keys()].sort((a, b) => a - b);
  let maxBefore = before?.hlc ?? '';
  let k = 0;
  for (const i of sequenced) {
    const seq = i.upload.seq!;
    // Stored entries earlier in this till's outbox order raise the bar too.
    for (; k < storedSeqs.length && storedSeqs[k]! < seq; k++) {
      const s = bySeq.get(storedSeqs[k]!)!;
      if (!s.suspect && s.hlc > maxBefore) maxBefore = s.hlc;
    }
    if (!out.has(i.index)) {
      if (bySeq.has(seq)) out.set(i.index, 'seq_reused');
      else if (i.upload.hlc < maxBefore) out.set(i.index, 'before_previous');
    }
    if (!out.has(i.index)) {
      if (i.upload.hlc > maxBefore) maxBefore = i.upload.hlc;
      bySeq.set(seq, { hlc: i.upload.hlc, suspect: false });
    }
  }
  return out;
}

/** The campaign of a coupon key: from the key itself for signed codes, from the allow-list for plain ones (null: HQ never issued it). */
async function campaignsOfCodes(trx: Tx, keys: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const signed = keys.filter((k) => k.startsWith('s:'));
  const plain = keys.filter((k) => k.startsWith('p:'));
  for (let i = 0; i < signed.length; i += 500) {
    const chunk = signed.slice(i, i + 500);
    const rows = await trx.selectFrom('issued_codes').select(['coupon_key', 'campaign_id']).where('coupon_key', 'in', chunk).execute();
    const found = new Map(rows.map((r) => [r.coupon_key, Number(r.campaign_id)]));
    for (const k of chunk) out.set(k, found.get(k) ?? null);
  }
  const hashOf = (k: string) => Buffer.from(k.slice(2), 'hex').toString('base64url');
  for (let i = 0; i < plain.length; i += 500) {
    const chunk = plain.slice(i, i + 500);
    const rows = await trx.selectFrom('plain_codes').select(['hash', 'campaign_id']).where('hash', 'in', chunk.map(hashOf)).execute();
    const found = new Map(rows.map((r) => [r.hash, Number(r.campaign_id)]));
    for (const k of chunk) out.set(k, found.get(hashOf(k)) ?? null);
  }
  return out;
}

/** Every published version of the given campaigns, oldest first. */
async function campaignVersions(trx: Tx, ids: number[]): Promise<Map<number, { version: number; publishedAt: number; campaign: Campaign }[]>> {
  const out = new Map<number, { version: number; publishedAt: number; campaign: Campaign }[]>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await trx
      .selectFrom('campaign_versions')
      .selectAll()
      .where('campaign_id', 'in', unique.slice(i, i + 500))
      .orderBy('version')
      .execute();
    for (const r of rows) {
      const parsed = CampaignSchema.safeParse(JSON.parse(r.body));
      if (!parsed.success) continue;
      const list = out.get(Number(r.campaign_id)) ?? [];
      list.push({ version: Number(r.version), publishedAt: Number(r.published_at), campaign: parsed.data });
      out.set(Number(r.campaign_id), list);
    }
  }
  return out;
}

/**
 * The most a campaign can give on an eligible amount (nothing applied before it: other coupons
 * only lower it), never more than the basket. A gift's (or a free item's) worth is the item's price
 * in the till's basket, which HQ does not see: it is bounded by the basket alone. Percentages are
 * rounded half-up as the till rounds them (shared/rules/benefit.ts); a till on an older engine
 * rounded down, which is never more, so it is never flagged for it.
 */
export function maxDiscount(campaign: Campaign, eligibleMinor: number, basketTotalMinor: number): number {
  const eligible = Math.min(eligibleMinor, basketTotalMinor);
  if (campaign.rules.minSpendMinor !== undefined && eligible < campaign.rules.minSpendMinor) return 0;
  const type = campaign.benefit.type;
  if (type === 'gift' || type === 'free_item') return basketTotalMinor;
  // The unit mechanics discount units of their scope, which HQ does not see: at most their eligible amount.
  if (LINE_MECHANICS.has(type)) return eligible;
  const r = benefitDiscount(campaign, eligible, freshState({ id: 'hq-check', totalMinor: eligible }));
  return r.ok ? Math.min(r.discountMinor, basketTotalMinor) : 0;
}

/** The coupon's campaign, the campaign as it stood, and the largest discount it could give. */
async function checkFigures(trx: Tx, items: readonly Item[]): Promise<Map<number, RedemptionFlags>> {
  const out = new Map<number, RedemptionFlags>();
  if (items.length === 0) return out;
  const codes = await campaignsOfCodes(
    trx,
    items.map((i) => i.upload.couponKey),
  );
  const versions = await campaignVersions(
    trx,
    items.map((i) => i.upload.campaignId),
  );
  for (const { index, upload: u } of items) {
    const flags: RedemptionFlags = {};
    const codeCampaign = codes.get(u.couponKey) ?? null;
    const keyCampaign = u.couponKey.startsWith('s:') ? Number(u.couponKey.split(':')[1]) : codeCampaign;
    if (codeCampaign === null) flags.unknown_code = { couponKey: u.couponKey };
    if (keyCampaign !== null && keyCampaign !== u.campaignId) flags.wrong_campaign = { tillCampaignId: u.campaignId, codeCampaignId: keyCampaign };
    const missing = [
      ...(u.eligibleMinor === undefined ? ['eligibleMinor' as const] : []),
      ...(u.campaignVersion === undefined ? ['campaignVersion' as const] : []),
    ];
    if (missing.length > 0) flags.not_verifiable = { missing };
    const list = versions.get(u.campaignId) ?? [];
    const wall = decodeHlc(u.hlc).wallMs;
    // The version the till says it used; from an older till, the one in force at its HLC time.
    const used =
      u.campaignVersion !== undefined ? list.find((v) => v.version === u.campaignVersion) : (list.filter((v) => v.publishedAt <= wall).at(-1) ?? list[0]);
    if (!used) flags.unknown_campaign = { campaignId: u.campaignId, version: u.campaignVersion ?? null };
    const hq = used ? maxDiscount(used.campaign, u.eligibleMinor ?? u.basketTotalMinor, u.basketTotalMinor) : 0;
    const problem =
      u.discountMinor > u.basketTotalMinor
        ? 'more_than_basket'
        : u.eligibleMinor !== undefined && u.eligibleMinor > u.basketTotalMinor
          ? 'eligible_more_than_basket'
          : used && u.discountMinor > hq
            ? 'more_than_campaign_gives'
            : null;
    if (problem) flags.figures_mismatch = { problem, tillDiscountMinor: u.discountMinor, hqDiscountMinor: Math.min(hq, u.basketTotalMinor) };
    out.set(index, flags);
  }
  return out;
}

/** The flags a stored row carries (null when none), as the `flags` column keeps them. */
export function flagsColumn(flags: RedemptionFlags | undefined): string | null {
  return flags && Object.keys(flags).length > 0 ? JSON.stringify(flags) : null;
}
