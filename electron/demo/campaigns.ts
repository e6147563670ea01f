import type { CampaignInput } from '../../shared/campaign';

const DAY = 24 * 3600_000;

/**
 * The demo's campaigns: one of every coupon type, plus a plain-code batch and a high-value
 * campaign that needs an online claim (so the manager override can be tried).
 */
export function demoCampaigns(now: number): CampaignInput[] {
  const window = { validFrom: now - DAY, validUntil: now + 365 * DAY };
  const together = { mode: 'combinable' as const, group: 'demo', maxPerBasket: 3 };
  return [
    { id: 1, name: '¥10 off 代金券', benefit: { type: 'cash', amountOffMinor: 1000 }, rules: { ...window, minSpendMinor: 5000, stacking: together } },
    { id: 2, name: '15% off (max ¥30) 折扣券', benefit: { type: 'percent', percentOffBp: 1500, capMinor: 3000 }, rules: { ...window, stacking: together } },
    {
      id: 3,
      name: 'Spend 99 get 15, 199 get 40 满减券',
      benefit: {
        type: 'threshold',
        tiers: [
          { minSpendMinor: 9900, amountOffMinor: 1500 },
          { minSpendMinor: 19900, amountOffMinor: 4000 },
        ],
      },
      rules: { ...window, stacking: together },
    },
    {
      id: 4,
      name: 'Free coffee 礼品券',
      benefit: { type: 'gift', sku: 'COFFEE-S', itemValueMinor: 1200 },
      rules: { ...window, stacking: { mode: 'exclusive' } },
    },
    { id: 5, name: 'Free size upgrade 特权券', benefit: { type: 'privilege', privilege: 'Free size upgrade' }, rules: { ...window, stacking: together } },
    { id: 6, name: '¥5 off (merchant batch) 代金券', benefit: { type: 'cash', amountOffMinor: 500 }, rules: { ...window, stacking: together } },
    {
      id: 7,
      name: '¥100 off high-value 代金券 (online claim)',
      benefit: { type: 'cash', amountOffMinor: 10_000 },
      rules: { ...window, minSpendMinor: 50_000, requiresOnlineClaim: true, stacking: { mode: 'exclusive' } },
    },
  ];
}

/** Campaign 6's plain codes (a merchant's printed serials). */
export const DEMO_PLAIN_CODES = ['DEMO-PLAIN-0001', 'DEMO-PLAIN-0002', 'DEMO-PLAIN-0003', 'DEMO-PLAIN-0004', 'DEMO-PLAIN-0005'];
export const DEMO_PLAIN_CAMPAIGN = 6;
export const DEMO_SIGNED_CAMPAIGNS = [1, 2, 3, 4, 5, 7];

/** The demo users' PINs (supervisors and managers need 6 digits: shared/auth/pinRules.ts). Tests sign in with these, never with literals. */
export const DEMO_PINS = { cashier: '1111', supervisor: '222222', manager: '999999' } as const;

export const DEMO_USERS = [
  { name: 'Cashier Chen 陈', role: 'cashier' as const, pin: DEMO_PINS.cashier },
  { name: 'Supervisor Sun 孙', role: 'supervisor' as const, pin: DEMO_PINS.supervisor },
  { name: 'Manager Ma 马', role: 'manager' as const, pin: DEMO_PINS.manager },
];

export const DEMO_STORE = { id: 'store-demo', name: 'Demo Store 演示门店', timeZone: 'Asia/Shanghai' };
