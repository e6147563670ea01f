/**
 * The rule engine's version: which mechanics a till understands. A till sends it on every pull;
 * HQ holds back a campaign the till's engine would get wrong (an older till's schema drops what it
 * does not know, a trigger or a minimum quantity, and would figure the campaign without it), and
 * sends in its place an ended stand-in that says why (decision 083).
 *
 *  1  cash, percent, threshold, gift, privilege; scope, minimum spend, stacking groups, tiers.
 *  2  issue 16: multi_buy, cheapest_item, free_item; trigger products, minimum quantity, a stacking
 *     priority (category paths and deposit/fee lines come with the basket, not the campaign).
 */
import { LINE_MECHANICS, type Campaign } from '../campaign';

export const ENGINE_VERSION = 2;

/** The oldest engine that figures this campaign as HQ means it. */
export function engineVersionNeeded(campaign: Pick<Campaign, 'benefit' | 'rules'>): number {
  const r = campaign.rules;
  if (LINE_MECHANICS.has(campaign.benefit.type) || r.trigger !== undefined || r.minQuantity !== undefined || r.stacking?.priority !== undefined) return 2;
  return 1;
}

/**
 * What HQ sends a till whose engine is older than a campaign needs: the same id, name and version,
 * ended (an engine-1 till refuses its codes as campaign_ended), with a benefit every engine reads
 * and the engine version it needs (a newer till refuses them as till_update_needed).
 */
export function heldBackCampaign(campaign: Campaign, needed: number): Campaign {
  return {
    id: campaign.id,
    name: campaign.name,
    benefit: { type: 'privilege', privilege: `needs rule engine ${needed}` },
    rules: { usesPerCode: 1, stacking: { mode: 'exclusive' }, requiresOnlineClaim: false },
    status: 'ended',
    ...(campaign.version !== undefined ? { version: campaign.version } : {}),
    engineVersion: needed,
  };
}

/** True when a campaign needs a newer engine than this one. */
export function beyondThisEngine(campaign: { engineVersion?: number }): boolean {
  return (campaign.engineVersion ?? 1) > ENGINE_VERSION;
}
