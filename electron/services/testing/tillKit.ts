/**
 * Test and benchmark kit: a real till database (real migrations) with a configured till,
 * real Ed25519 issuing keys and a rule set holding one campaign of each coupon type.
 * Not used by the app itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CampaignInput } from '../../../shared/campaign';
import { dayNumber } from '../../../shared/couponCode';
import type { RuleSetUpdateInput } from '../../../shared/ruleSet';
import { closeTillDatabase, openTillDatabase, type TillDatabase } from '../../db/connection';
import { generateIssuingKey, mintCode, toBase64Url, type IssuingKey } from '../codeSigning';
import { plainCodeHashB64 } from '../plainCodes';
import { RedemptionService } from '../redemption';
import { applyRuleSetUpdate } from '../ruleSet';

export const STORE = { id: 'S001', name: 'Nanjing Road', timeZone: 'Asia/Shanghai' };
export const TILL_ID = 'T01';
/** Monday 23 Nov 2026, 12:00 in Shanghai. */
export const NOON = Date.UTC(2026, 10, 23, 4, 0);

export const CAMPAIGNS = {
  cash: { id: 1, name: 'Cash 5', benefit: { type: 'cash', amountOffMinor: 500 }, rules: { stacking: { mode: 'combinable', group: 'a', maxPerBasket: 3 } } },
  percent: {
    id: 2,
    name: '10% off',
    benefit: { type: 'percent', percentOffBp: 1000, capMinor: 2000 },
    rules: { stacking: { mode: 'combinable', group: 'a' } },
  },
  threshold: {
    id: 3,
    name: 'Spend 99 get 15',
    benefit: {
      type: 'threshold',
      tiers: [
        { minSpendMinor: 9900, amountOffMinor: 1500 },
        { minSpendMinor: 19900, amountOffMinor: 4000 },
      ],
    },
    rules: {},
  },
  gift: { id: 4, name: 'Free tea', benefit: { type: 'gift', sku: 'TEA-1', itemValueMinor: 300 }, rules: { stacking: { mode: 'combinable', group: 'a' } } },
  privilege: {
    id: 5,
    name: 'Upgrade',
    benefit: { type: 'privilege', privilege: 'free size upgrade' },
    rules: { stacking: { mode: 'combinable', group: 'a' } },
  },
  multiUse: {
    id: 6,
    name: 'Cash 1 x3',
    benefit: { type: 'cash', amountOffMinor: 100 },
    rules: { usesPerCode: 3, perMemberLimit: 2, stacking: { mode: 'combinable', group: 'a' } },
  },
} satisfies Record<string, CampaignInput>;

export interface TillKit {
  db: TillDatabase;
  service: RedemptionService;
  key: IssuingKey;
  retiredKey: IssuingKey;
  strangerKey: IssuingKey;
  /** The clock the service sees; tests move it. */
  clock: { now: number };
  mint(campaignId: number, serial: number, opts?: { key?: IssuingKey; holder?: Uint8Array; issueDay?: number; expiryDay?: number }): string;
  file: string;
  close(): void;
}

export function tempDir(prefix = 'coupon-till-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The first rule set a fresh till receives: every campaign, two keys (one retired), some plain codes. */
export function baseRuleSet(key: IssuingKey, retiredKey: IssuingKey, plainCodes: { code: string; campaignId: number }[] = []): RuleSetUpdateInput {
  return {
    formatVersion: 1,
    fromVersion: 0,
    toVersion: 1,
    reset: true,
    store: STORE,
    campaigns: Object.values(CAMPAIGNS),
    keys: [
      { keyId: key.keyId, publicKey: toBase64Url(key.publicKey), status: 'active' },
      { keyId: retiredKey.keyId, publicKey: toBase64Url(retiredKey.publicKey), status: 'retired' },
    ],
    plainCodes: plainCodes.map((p) => ({ hash: plainCodeHashB64(p.code), campaignId: p.campaignId })),
  };
}

export const PLAIN_CODES = [
  { code: 'PLAIN-CASH-0001', campaignId: 1 },
  { code: 'PLAIN-CASH-0002', campaignId: 1 },
  { code: 'PLAIN-GIFT-0001', campaignId: 4 },
];

/** A configured till on a temp-file database with the base rule set applied. */
export function makeTill(options: { file?: string; ruleSet?: boolean } = {}): TillKit {
  const tmp = options.file ? null : tempDir();
  const file = options.file ?? join(tmp!.dir, 'till.db');
  const db = openTillDatabase(file);
  const clock = { now: NOON };
  const service = new RedemptionService(db, { now: () => clock.now });
  service.configure({ storeId: STORE.id, tillId: TILL_ID, storeName: STORE.name, timeZone: STORE.timeZone });
  const key = generateIssuingKey(7);
  const retiredKey = generateIssuingKey(3);
  const strangerKey = generateIssuingKey(9);
  if (options.ruleSet !== false) {
    const applied = applyRuleSetUpdate(db, baseRuleSet(key, retiredKey, PLAIN_CODES), NOON);
    if (!applied.ok) throw new Error(applied.error);
  }
  const today = dayNumber(NOON);
  return {
    db,
    service,
    key,
    retiredKey,
    strangerKey,
    clock,
    file,
    mint: (campaignId, serial, o = {}) =>
      mintCode(o.key ?? key, {
        campaignId,
        serial,
        issueDay: o.issueDay ?? today - 1,
        expiryDay: o.expiryDay ?? today + 30,
        ...(o.holder ? { holder: o.holder } : {}),
      }),
    close: () => {
      closeTillDatabase(db);
      tmp?.remove();
    },
  };
}
