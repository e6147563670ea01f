import { dayNumber, normalisePlainCode } from '../../shared/couponCode';
import type { RuleSetUpdateInput } from '../../shared/ruleSet';
import type { TillApp } from '../app';
import { generateIssuingKey, mintCode, toBase64Url } from '../services/codeSigning';
import { plainCodeHashB64 } from '../services/plainCodes';
import { applyRuleSetUpdate, currentRuleSetVersion } from '../services/ruleSet';
import { DEMO_PLAIN_CAMPAIGN, DEMO_PLAIN_CODES, DEMO_SIGNED_CAMPAIGNS, DEMO_STORE, DEMO_USERS, demoCampaigns } from './campaigns';
import { markDemo, seedUsers, writeQrs, type DemoCode, type DemoSeed } from './seed';

/**
 * First run without an HQ: the till applies a rule set it made itself (through the same
 * applyRuleSetUpdate a pull uses) and mints codes with a throwaway issuing key whose private half
 * is dropped afterwards. The till stays unenrolled: nothing syncs until a manager enrolls it.
 */
export async function seedDemoLocally(app: TillApp, dataDir: string, now: number): Promise<DemoSeed> {
  app.redemption.configure({ storeId: DEMO_STORE.id, tillId: 'till-demo-1', storeName: DEMO_STORE.name, timeZone: DEMO_STORE.timeZone });
  const key = generateIssuingKey(1);
  const campaigns = demoCampaigns(now);
  const from = currentRuleSetVersion(app.db);
  const update: RuleSetUpdateInput = {
    formatVersion: 1,
    fromVersion: from,
    toVersion: from + 1,
    reset: from === 0,
    store: DEMO_STORE,
    campaigns,
    keys: [{ keyId: key.keyId, publicKey: toBase64Url(key.publicKey), status: 'active' }],
    plainCodes: DEMO_PLAIN_CODES.map((c) => ({ hash: plainCodeHashB64(normalisePlainCode(c)!), campaignId: DEMO_PLAIN_CAMPAIGN })),
  };
  const applied = applyRuleSetUpdate(app.db, update, now);
  if (!applied.ok) throw new Error(`the demo rule set was refused: ${applied.error}`);
  const today = dayNumber(now);
  const codes: Omit<DemoCode, 'qrFile'>[] = [];
  for (const id of DEMO_SIGNED_CAMPAIGNS) {
    const name = campaigns.find((c) => c.id === id)!.name;
    for (let serial = 1; serial <= 3; serial++) {
      codes.push({ campaignId: id, campaignName: name, code: mintCode(key, { campaignId: id, serial, issueDay: today - 1, expiryDay: today + 365 }) });
    }
  }
  const plainName = campaigns.find((c) => c.id === DEMO_PLAIN_CAMPAIGN)!.name;
  for (const code of DEMO_PLAIN_CODES.slice(0, 3)) codes.push({ campaignId: DEMO_PLAIN_CAMPAIGN, campaignName: plainName, code });
  await seedUsers(app);
  markDemo(app);
  return { via: 'local', users: DEMO_USERS, codes: await writeQrs(dataDir, codes) };
}
