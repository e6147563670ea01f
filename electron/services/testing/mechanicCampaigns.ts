import type Database from 'better-sqlite3';
import type { CampaignInput } from '../../../shared/campaign';
import { getRuleSetVersion } from '../../db/repos/ruleSet';
import { applyRuleSetUpdate } from '../ruleSet';
import { NOON } from './tillKit';

/** Campaigns with the unit mechanics (issue 16), for tests of the till's redemption and its POS orders. */
export const MECHANIC_CAMPAIGNS = {
  yogurt3for2: {
    id: 31,
    name: 'Yogurt 3 for 2',
    benefit: { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1, maxApplications: 3 },
    rules: { scope: { skus: ['YOG'] }, stacking: { mode: 'combinable', group: 'a' } },
  },
  cheapestSnack: {
    id: 32,
    name: 'Cheapest snack free',
    benefit: { type: 'cheapest_item' },
    rules: { scope: { categories: ['snacks'] }, minQuantity: 3, stacking: { mode: 'combinable', group: 'a' } },
  },
} satisfies Record<string, CampaignInput>;

/** Adds them to the rule set the till holds (the next version). */
export function addMechanicCampaigns(db: Database.Database): void {
  const from = getRuleSetVersion(db);
  const r = applyRuleSetUpdate(db, { formatVersion: 1, fromVersion: from, toVersion: from + 1, campaigns: Object.values(MECHANIC_CAMPAIGNS) }, NOON);
  if (!r.ok) throw new Error(r.error);
}
