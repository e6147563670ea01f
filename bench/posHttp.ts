/**
 * bench:pos, the HTTP leg: apply-a-code through the till's real POS API (Fastify on 127.0.0.1,
 * bearer credential checked against the pairings, the register loop, the order services, fsync)
 * on a 50-line order, in a real TillApp on a temp data folder. Codes are minted with a bench key
 * added to the demo's rule set (the same applyRuleSetUpdate a pull uses).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dayNumber } from '../shared/couponCode';
import { openTillApp } from '../electron/app';
import { TEST_SCRYPT } from '../electron/services/auth/testing';
import { demoCampaigns, DEMO_STORE } from '../electron/demo/campaigns';
import { seedDemoLocally } from '../electron/demo/seedLocal';
import { generateIssuingKey, mintCode, toBase64Url } from '../electron/services/codeSigning';
import { applyRuleSetUpdate, currentRuleSetVersion } from '../electron/services/ruleSet';

export interface Line {
  lineId: string;
  sku: string;
  category: string;
  quantity: number;
  unitPriceMinor: number;
}

/** Applies `runs` codes through HTTP, one fresh 50-line order each; answers the apply times in ms. */
export async function applyOverHttp(runs: number, lines: Line[]): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pos-http-'));
  const app = openTillApp({ dataDir: dir, shell: 'host', version: 'bench', scrypt: TEST_SCRYPT, startSync: false });
  try {
    const now = Date.now();
    await seedDemoLocally(app, dir, now);
    const key = generateIssuingKey(7);
    const from = currentRuleSetVersion(app.db);
    const applied = applyRuleSetUpdate(
      app.db,
      {
        formatVersion: 1,
        fromVersion: from,
        toVersion: from + 1,
        reset: false,
        store: DEMO_STORE,
        campaigns: demoCampaigns(now),
        keys: [{ keyId: key.keyId, publicKey: toBase64Url(key.publicKey), status: 'active' }],
      },
      now,
    );
    if (!applied.ok) throw new Error(applied.error);
    const url = (await app.startPosApi()).url!;
    const { code } = app.pairings.createCode('bench', 'Bench POS');
    const paired = await fetch(`${url}/pos/v1/pairings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const auth = {
      authorization: `Bearer ${((await paired.json()) as { value: { credential: string } }).value.credential}`,
      'content-type': 'application/json',
    };
    const totalMinor = lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
    const today = dayNumber(now);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await fetch(`${url}/pos/v1/orders`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': `o${i}` },
        body: JSON.stringify({ orderId: `H${i}`, lines, totalMinor }),
      });
      const body = JSON.stringify({ code: mintCode(key, { campaignId: 1, serial: 100_000 + i, issueDay: today - 1, expiryDay: today + 30 }) });
      const a = performance.now();
      const res = await fetch(`${url}/pos/v1/orders/H${i}/coupons`, { method: 'POST', headers: { ...auth, 'idempotency-key': `a${i}` }, body });
      const answer = (await res.json()) as { ok: boolean; value?: { verdict: { ok: boolean } } };
      times.push(performance.now() - a);
      if (!answer.ok || !answer.value?.verdict.ok) throw new Error(`HTTP apply refused: ${JSON.stringify(answer)}`);
    }
    return times;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
