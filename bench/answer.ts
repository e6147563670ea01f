/**
 * bench:answer — where main's answer to a scan goes, inside the till process, with no browser
 * and no socket: the same cashier-like scans (a new basket every 5, its 5th a repeat) through
 * each layer in turn, on a real file database (fsync per redemption):
 *   1. RedemptionService.redeem itself;
 *   2. TillRedemptions, what every caller goes through (the online-claim check's dry run, the redeem);
 *   3. the whole IPC loop (envelope + request schema, session and role, handler);
 *   4. 3 plus serialising the answer as the WebSocket host sends it;
 *   5. 4 on main's manual basket, as the cashier screen scans (the basket pushed to the window after each change).
 * bench:ui measures the same path from the page (socket and both event loops included).
 *
 *   npm run bench:answer      (SCANS=2000 per layer)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTillApp, type TillApp } from '../electron/app';
import { applyRuleSetUpdate } from '../electron/services/ruleSet';
import { TillRedemptions } from '../electron/services/tillRedemptions';
import { generateIssuingKey, mintCode, toBase64Url } from '../electron/services/codeSigning';
import { dayNumber } from '../shared/couponCode';
import { BENCH_USERS, benchCampaigns } from './uiHarness';

const SCANS = Math.max(500, Number(process.env.SCANS ?? 2000));
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;

function openBenchTill(): { app: TillApp; mint: (serial: number) => string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'till-bench-answer-'));
  const now = Date.now();
  const key = generateIssuingKey(1);
  const app = openTillApp({ dataDir: dir, shell: 'host', version: 'bench', startSync: false, scrypt: { N: 1024, r: 8, p: 1 } });
  app.redemption.configure({ storeId: 'S1', tillId: 'T1', storeName: 'Bench store', timeZone: 'Asia/Shanghai' });
  const applied = applyRuleSetUpdate(
    app.db,
    {
      formatVersion: 1,
      fromVersion: 0,
      toVersion: 1,
      reset: true,
      store: { id: 'S1', name: 'Bench store', timeZone: 'Asia/Shanghai' },
      campaigns: benchCampaigns(now),
      keys: [{ keyId: key.keyId, publicKey: toBase64Url(key.publicKey), status: 'active' }],
    },
    now,
  );
  if (!applied.ok) throw new Error(applied.error);
  const today = dayNumber(now);
  return { app, dir, mint: (serial) => mintCode(key, { campaignId: 1 + (serial % 2), serial, issueDay: today - 1, expiryDay: today + 30 }) };
}

type Layer = (code: string, basketId: string, i: number) => unknown | Promise<unknown>;

async function measure(name: string, make: (app: TillApp, cashierId: string) => Layer): Promise<number[]> {
  const { app, mint, dir } = openBenchTill();
  try {
    const manager = await app.auth.createUser('bench', BENCH_USERS.manager);
    const signedIn = await app.api.call(
      'till:auth:signIn',
      { kind: 'window' as const, clientId: 'w1', trusted: true },
      { request: { userId: manager.id, pin: BENCH_USERS.manager.pin } },
    );
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    const layer = make(app, manager.id);
    const times: number[] = [];
    const cpu: number[] = [];
    let serial = 1;
    for (let i = 0; i < SCANS; i++) {
      const code = i % 5 === 4 ? mint(serial - 3) : mint(serial++);
      const basketId = `b${Math.floor(i / 5)}`;
      const c = process.cpuUsage();
      const t = performance.now();
      await layer(code, basketId, i);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    // The first 100 warm the caches and the JIT.
    const s = sorted(times.slice(100));
    const c = sorted(cpu.slice(100));
    const f = (x: number) => x.toFixed(3).padStart(7);
    console.log(`  ${name.padEnd(50)} wall p50 ${f(pct(s, 50))} p95 ${f(pct(s, 95))} | CPU p50 ${f(pct(c, 50))} p95 ${f(pct(c, 95))} ms`);
    return c;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`bench:answer: ${SCANS} cashier scans per layer (4 fresh + 1 repeat per basket), file database, fsync per redemption`);
  const request = (code: string, basketId: string) => ({ code, basket: { id: basketId, totalMinor: 15000 }, source: 'wedge' as const });
  const service = await measure(
    '1. RedemptionService.redeem',
    (app, cashierId) => (code, basketId) => app.redemption.redeem(request(code, basketId), { cashierId }),
  );
  await measure('2. TillRedemptions (online-claim dry run, redeem)', (app, cashierId) => {
    const till = new TillRedemptions(app.redemption, app.db, null);
    return (code, basketId) => till.redeem(request(code, basketId), { cashierId, approvedBy: null, selfApproves: true });
  });
  const loop = await measure(
    '3. the IPC loop (api.call)',
    (app) => (code, basketId) =>
      app.api.call('till:coupon:redeem', { kind: 'window' as const, clientId: 'w1', trusted: true }, { request: request(code, basketId) }),
  );
  const wire = await measure('4. the IPC loop + the answer serialised', (app) => async (code, basketId) => {
    const result = await app.api.call('till:coupon:redeem', { kind: 'window' as const, clientId: 'w1', trusted: true }, { request: request(code, basketId) });
    return JSON.stringify({ type: 'result', id: 1, result });
  });
  // What the cashier screen does: scans on main's manual basket (its total kept, the basket pushed to
  // the window after each accepted coupon, serialised as the host sends it), a new basket every 5.
  const pushed = { bytes: 0 };
  const basket = await measure('5. 4 on the manual basket, with its push to the window', (app) => {
    const win = { kind: 'window' as const, clientId: 'w1', trusted: true };
    app.setPush((clientId, event, payload) => void (pushed.bytes += JSON.stringify({ type: 'event', event, payload }).length));
    let basketId = '';
    return async (code, _b, i) => {
      if (i % 5 === 0) {
        const fresh = await app.api.call('till:basket:new', win, { request: {} });
        if (!fresh.ok) throw new Error(fresh.error.message);
        basketId = (fresh.value as { basketId: string }).basketId;
      }
      const result = await app.api.call('till:coupon:redeem', win, { request: request(code, basketId) });
      return JSON.stringify({ type: 'result', id: 1, result });
    };
  });
  // CPU time is what the layers cost; wall time on a shared machine mostly says how busy the others are.
  console.log(
    `  CPU beyond the service at p50: the IPC loop ${(pct(loop, 50) - pct(service, 50)).toFixed(3)} ms, serialising ${(pct(wire, 50) - pct(loop, 50)).toFixed(3)} ms, the manual basket and its push ${(pct(basket, 50) - pct(wire, 50)).toFixed(3)} ms (${Math.round(pushed.bytes / SCANS)} bytes pushed per scan)`,
  );
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores, shared)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
