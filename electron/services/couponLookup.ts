import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/campaign';
import { readCode } from '../../shared/couponCode';
import type { Basket } from '../../shared/campaign';
import type { ReasonCode } from '../../shared/reasons';
import type { AppliedCoupon, CouponCandidate, UsageFacts } from '../../shared/rules';
import { countCampaignUses, countCodeUses, countMemberUses, type LedgerEntry } from '../db/repos/ledger';
import { isRevoked, plainCodeCampaign, spentElsewhereUses } from '../db/repos/ruleSet';
import type { KeyRing } from './codeSigning';
import { plainCodeHash, plainCouponKey } from './plainCodes';
import { spentListUsesElsewhere } from './spentLists';

/**
 * From scanned text to a rule-engine candidate, and the usage facts the engine needs, all
 * from the till's own database: this is the offline half of "is this coupon good?".
 */

export type Identified = { ok: true; candidate: CouponCandidate } | { ok: false; reason: ReasonCode; couponKey?: string; campaignId?: number };

/**
 * Signed code texts whose signature verified under the current key ring. The same scan is
 * usually validated, then redeemed: the second Ed25519 verify is skipped. Keyed by the exact
 * text (same text = same payload and signature); dropped whenever the rule set changes.
 */
export class VerifiedCodes {
  private readonly texts = new Set<string>();
  constructor(private readonly capacity = 512) {}
  has(text: string): boolean {
    return this.texts.has(text);
  }
  add(text: string): void {
    if (this.texts.size >= this.capacity) this.texts.delete(this.texts.values().next().value!);
    this.texts.add(text);
  }
}

/** Reads the code, verifies a signed one, finds a plain one in the allow-list, and matches its campaign. */
export function identifyCoupon(db: Database.Database, raw: string, keyRing: KeyRing, campaigns: Map<number, Campaign>, verified?: VerifiedCodes): Identified {
  const read = readCode(raw);
  if (!read.ok) return { ok: false, reason: read.reason };
  const code = read.code;
  if (code.kind === 'signed') {
    const couponKey = code.couponKey;
    const campaignId = code.payload.campaignId;
    if (!verified?.has(code.text)) {
      const check = keyRing.verify(code);
      if (!check.ok) return { ok: false, reason: check.reason, couponKey, campaignId };
      verified?.add(code.text);
    }
    const campaign = campaigns.get(campaignId);
    if (!campaign) return { ok: false, reason: 'unknown_campaign', couponKey, campaignId };
    const p = code.payload;
    return { ok: true, candidate: { couponKey, campaign, issueDay: p.issueDay, expiryDay: p.expiryDay, ...(p.holder ? { holder: p.holder } : {}) } };
  }
  const hash = plainCodeHash(code.text);
  const campaignId = plainCodeCampaign(db, hash);
  if (campaignId === null) return { ok: false, reason: 'not_found' };
  const couponKey = plainCouponKey(hash);
  const campaign = campaigns.get(campaignId);
  if (!campaign) return { ok: false, reason: 'unknown_campaign', couponKey, campaignId };
  return { ok: true, candidate: { couponKey, campaign } };
}

/** The live coupons on a basket, in the order they were redeemed, as the engine's `applied`. */
export function appliedOnBasket(entries: readonly LedgerEntry[], campaigns: Map<number, Campaign>): AppliedCoupon[] {
  const applied: AppliedCoupon[] = [];
  for (const e of entries) {
    if (e.kind !== 'redeem' || e.voided) continue;
    const campaign = campaigns.get(e.campaignId);
    if (campaign) applied.push({ couponKey: e.couponKey, campaign, discountMinor: e.discountMinor });
  }
  return applied;
}

/**
 * Usage facts from the ledger (live local redemptions), spent-elsewhere and revoked tables.
 * The engine itself counts the coupons already on the basket (`applied`), so this basket's
 * own ledger entries are taken out here to count each use once.
 */
export function usageFacts(db: Database.Database, candidate: CouponCandidate, basket: Basket, basketEntries: readonly LedgerEntry[]): UsageFacts {
  const campaignId = candidate.campaign.id;
  const live = basketEntries.filter((e) => e.kind === 'redeem' && !e.voided);
  const onBasket = (pred: (e: LedgerEntry) => boolean) => live.filter(pred).length;
  const member = basket.memberId;
  const rules = candidate.campaign.rules;
  // Counting a whole campaign costs a range scan: only when a rule will read the count.
  return {
    codeUsesHere: countCodeUses(db, candidate.couponKey) - onBasket((e) => e.couponKey === candidate.couponKey),
    // Per-code counts (HQs before spent lists, multi-use codes), or HQ's lists (decision 072): O(1) either way.
    codeUsesElsewhere: Math.max(spentElsewhereUses(db, candidate.couponKey), spentListUsesElsewhere(db, candidate.couponKey, candidate.campaign)),
    revoked: isRevoked(db, candidate.couponKey),
    memberUses:
      member && rules.perMemberLimit !== undefined
        ? countMemberUses(db, member, campaignId) - onBasket((e) => e.memberId === member && e.campaignId === campaignId)
        : 0,
    campaignUses: rules.campaignCap !== undefined ? countCampaignUses(db, campaignId) - onBasket((e) => e.campaignId === campaignId) : 0,
  };
}

/** What a gift or privilege coupon hands over, for the cashier's screen. */
export function benefitText(campaign: Campaign): string | undefined {
  const b = campaign.benefit;
  if (b.type === 'gift') return b.sku;
  if (b.type === 'free_item') return [...b.skus, ...b.categories].join(', ');
  if (b.type === 'privilege') return b.privilege;
  return undefined;
}
