import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from './app';
import { TEST_SCRYPT } from './services/auth/testing';
import { seedDemoLocally } from './demo/seedLocal';
import type { DemoSeed } from './demo/seed';
import { appCalls } from './testing/appCalls';

/** The symbology of a scan is recorded with the redemption, through the IPC contract (issue 12 item 4). */
let dir: string;
let app: TillApp;
let seed: DemoSeed;
const { call, value, codeOf, signIn } = appCalls(
  () => app,
  () => seed,
);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-symbology-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  seed = await seedDemoLocally(app, dir, Date.now());
  await signIn('cashier');
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const auditOf = (action: string) =>
  (app.db.prepare('SELECT detail FROM audit_log WHERE action = ? ORDER BY rowid').all(action) as { detail: string }[]).map(
    (r) => JSON.parse(r.detail) as Record<string, unknown>,
  );

describe('a scan symbology with the redemption', () => {
  it('is kept in the redemption audit, and in a refusal; a typed code records none', async () => {
    const basket = { id: 'b-sym', totalMinor: 25_000 };
    await value('till:coupon:redeem', { code: codeOf(1), basket, source: 'hid-pos', symbology: 'QR Code' });
    await value('till:coupon:redeem', { code: codeOf(3), basket, source: 'manual' });
    await value('till:coupon:redeem', { code: 'PLAIN-NOT-THERE', basket, source: 'wedge', symbology: 'Code 128' });
    expect(auditOf('redemption.redeem').map((d) => d.symbology)).toEqual(['QR Code', null]);
    expect(auditOf('redemption.refused').map((d) => d.symbology)).toEqual(['Code 128']);
  });

  it('a malformed symbology is refused and nothing is written', async () => {
    const before = auditOf('redemption.redeem').length;
    for (const symbology of ['', 'x'.repeat(65), 'QR\u0000Code', 'QR 码']) {
      const r = await call('till:coupon:redeem', { code: codeOf(1), basket: { id: 'b-bad', totalMinor: 25_000 }, source: 'camera', symbology });
      expect(r.ok, JSON.stringify(symbology)).toBe(false);
    }
    expect(auditOf('redemption.redeem').length).toBe(before);
  });
});
