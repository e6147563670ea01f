/**
 * Tests of the POS order services: a real till (tillKit) with its base campaigns plus a tier-only
 * one, a reinstate-on-return one and a high-value one that needs an online claim, and PosOrders over it.
 */
import type { CampaignInput } from '../../../shared/campaign';
import { applyRuleSetUpdate } from '../ruleSet';
import { baseRuleSet, CAMPAIGNS, makeTill, NOON, PLAIN_CODES, type TillKit } from '../testing/tillKit';
import { TillRedemptions, type OnlineClaim } from '../tillRedemptions';
import { PosOrders, type PosCaller } from './orders';

export const POS_CAMPAIGNS = {
  goldOnly: { id: 21, name: 'Gold 20 off', benefit: { type: 'cash', amountOffMinor: 2000 }, rules: { memberTiers: ['gold'] } },
  giveBack: { id: 22, name: 'Cash 30 back on return', benefit: { type: 'cash', amountOffMinor: 3000 }, rules: { returnPolicy: 'reinstate' } },
  keepUsed: { id: 23, name: 'Cash 30 kept on return', benefit: { type: 'cash', amountOffMinor: 3000 }, rules: { returnPolicy: 'keep_used' } },
  drinks: {
    id: 24,
    name: '50% off drinks',
    benefit: { type: 'percent', percentOffBp: 5000 },
    rules: { scope: { categories: ['drinks'] }, stacking: { mode: 'combinable', group: 'a' } },
  },
  online: { id: 25, name: 'Big 100', benefit: { type: 'cash', amountOffMinor: 10_000 }, rules: { requiresOnlineClaim: true } },
} satisfies Record<string, CampaignInput>;

export interface PosKit extends TillKit {
  orders: PosOrders;
  pos: PosCaller;
  /** The same POS with an idempotency key on this call. */
  keyed(key: string): PosCaller;
  hq: { decision: 'claimed' | 'refused' | 'unknown'; claims: number };
  counts(): Record<string, number>;
}

export function makePosTill(): PosKit {
  const till = makeTill({ ruleSet: false });
  const update = baseRuleSet(till.key, till.retiredKey, PLAIN_CODES);
  const applied = applyRuleSetUpdate(till.db, { ...update, campaigns: [...Object.values(CAMPAIGNS), ...Object.values(POS_CAMPAIGNS)] }, NOON);
  if (!applied.ok) throw new Error(applied.error);
  const hq = { decision: 'claimed' as 'claimed' | 'refused' | 'unknown', claims: 0 };
  const online: OnlineClaim = {
    claim: async () => ((hq.claims += 1), { decision: hq.decision, latencyMs: 1 }),
    maybeOnline: () => true,
    notify: () => undefined,
  };
  const redemptions = new TillRedemptions(till.service, till.db, online, () => till.clock.now);
  const orders = new PosOrders({ db: till.db, ledger: till.service, redemptions, now: () => till.clock.now });
  const pos: PosCaller = { actorId: 'pos:test-pos', scope: 'test-pos' };
  const tables = ['redemptions', 'outbox', 'audit_log', 'pos_orders', 'pos_order_returns', 'pos_order_reversals', 'pos_order_events', 'pos_idempotency'];
  return {
    ...till,
    orders,
    pos,
    hq,
    keyed: (key) => ({ ...pos, idempotencyKey: key }),
    counts: () => Object.fromEntries(tables.map((t) => [t, (till.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])),
  };
}
