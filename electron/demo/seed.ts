import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { TillApp } from '../app';
import { DEMO_PLAIN_CAMPAIGN, DEMO_PLAIN_CODES, DEMO_SIGNED_CAMPAIGNS, DEMO_STORE, DEMO_USERS, demoCampaigns } from './campaigns';

export interface DemoCode {
  campaignId: number;
  campaignName: string;
  code: string;
  /** PNG of the code as a QR, in the data folder. */
  qrFile: string;
}

export interface DemoSeed {
  via: 'embedded-hq' | 'local';
  users: typeof DEMO_USERS;
  codes: DemoCode[];
}

/** The admin half of an HQ: the HTTP admin API of the embedded HQ (hq/), or a local stand-in. */
export interface DemoHq {
  post(path: string, body: unknown, contentType?: string): Promise<unknown>;
  url: string;
}

async function writeQrs(dataDir: string, codes: Omit<DemoCode, 'qrFile'>[]): Promise<DemoCode[]> {
  const dir = join(dataDir, 'demo-codes');
  await mkdir(dir, { recursive: true });
  const out: DemoCode[] = [];
  const perCampaign = new Map<number, number>();
  for (const c of codes) {
    const n = (perCampaign.get(c.campaignId) ?? 0) + 1;
    perCampaign.set(c.campaignId, n);
    const qrFile = join(dir, `campaign-${c.campaignId}-${n}.png`);
    await QRCode.toFile(qrFile, c.code, { errorCorrectionLevel: 'M', margin: 2, width: 360 });
    out.push({ ...c, qrFile });
  }
  const list = out.map((c) => `${c.campaignName}\t${c.code}\t${c.qrFile}`).join('\n');
  await writeFile(join(dir, 'codes.txt'), list + '\n');
  return out;
}

async function seedUsers(app: TillApp): Promise<void> {
  for (const u of DEMO_USERS) await app.auth.createUser('demo', u);
}

/**
 * First run through the embedded HQ: a store, this till (enrolled with a one-time token, so it
 * syncs like a real one), campaigns of every type, signed and plain codes; then the till pulls
 * the rule set. Users are created on the till (HQ has no user list yet).
 */
export async function seedDemoViaHq(app: TillApp, hq: DemoHq, dataDir: string, now: number): Promise<DemoSeed> {
  await hq.post('/admin/stores', DEMO_STORE);
  const till = (await hq.post('/admin/tills', { storeId: DEMO_STORE.id, name: 'Till 1' })) as { enrollmentToken: string };
  const campaigns = demoCampaigns(now);
  for (const c of campaigns) await hq.post('/admin/campaigns', c);
  // A fresh HQ has no issuing key yet: make the first one.
  await hq.post('/admin/keys/rotate', '', 'application/json');
  const minted: Omit<DemoCode, 'qrFile'>[] = [];
  for (const id of DEMO_SIGNED_CAMPAIGNS) {
    const r = (await hq.post('/admin/codes/mint', { campaignId: id, count: 3 })) as { codes: { code: string }[] };
    const name = campaigns.find((c) => c.id === id)!.name;
    for (const m of r.codes) minted.push({ campaignId: id, campaignName: name, code: m.code });
  }
  await hq.post(`/admin/codes/import?campaignId=${DEMO_PLAIN_CAMPAIGN}`, DEMO_PLAIN_CODES.join('\n') + '\n', 'text/csv');
  const plainName = campaigns.find((c) => c.id === DEMO_PLAIN_CAMPAIGN)!.name;
  for (const code of DEMO_PLAIN_CODES.slice(0, 3)) minted.push({ campaignId: DEMO_PLAIN_CAMPAIGN, campaignName: plainName, code });

  await app.sync.enroll(hq.url, till.enrollmentToken);
  const run = await app.sync.syncNow();
  if (!run.ok) throw new Error(`the first sync with the embedded HQ failed: ${run.error ?? 'unknown error'}`);
  await seedUsers(app);
  markDemo(app);
  return { via: 'embedded-hq', users: DEMO_USERS, codes: await writeQrs(dataDir, minted) };
}

export function markDemo(app: TillApp): void {
  app.db.prepare("INSERT INTO app_settings (key, value) VALUES ('demo', 'true') ON CONFLICT (key) DO NOTHING").run();
}

export function isSeeded(app: TillApp): boolean {
  return app.auth.hasUsers();
}

export { seedUsers, writeQrs };
