/**
 * The till process of bench:ui: the real app (openTillApp + the Node host) on a fresh data
 * folder with a seeded rule set and a manager, in its own Node process as `npm start` runs it,
 * so the Playwright client driving Chromium does not share the till's event loop.
 *
 *   argv: <dataDir> <keyId> <publicKey base64url>     stdout: one JSON line {"url": "..."}
 * It stops when its stdin closes (the bench ended or died), printing a second line first: how
 * long each redeem took inside this process (the API call; the reply's serialisation and send)
 * and how late its event loop ran (the time a message can wait before it is even read).
 */
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openTillApp } from '../electron/app';
import { startHost } from '../electron/host/server';
import { applyRuleSetUpdate } from '../electron/services/ruleSet';
import { BENCH_USERS, benchCampaigns } from './uiHarness';

async function main(): Promise<void> {
  const [dataDir, keyIdText, publicKey] = process.argv.slice(2);
  if (!dataDir || !keyIdText || !publicKey) throw new Error('usage: uiTill.ts <dataDir> <keyId> <publicKey>');
  const now = Date.now();
  const app = openTillApp({ dataDir, shell: 'host', version: 'bench', startSync: false, scrypt: { N: 1024, r: 8, p: 1 } });
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
      keys: [{ keyId: Number(keyIdText), publicKey, status: 'active' }],
    },
    now,
  );
  if (!applied.ok) throw new Error(`rule set refused: ${applied.error}`);
  await app.auth.createUser('bench', BENCH_USERS.manager);
  const served: { serve: number[]; reply: number[] } = { serve: [], reply: [] };
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const host = await startHost({
    api: app.api,
    rendererDir: resolve('dist/renderer'),
    onClientGone: (id) => app.clientGone(id),
    onCallServed: (channel, ms) => {
      if (channel !== 'till:coupon:redeem') return;
      served.serve.push(ms.serve);
      served.reply.push(ms.reply);
    },
  });
  app.setPush((clientId, event, payload) => host.emit(clientId, event, payload));
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
  const stop = async () => {
    const ms = (ns: number) => ns / 1e6;
    const loop = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
    process.stdout.write(`${JSON.stringify({ redeemServeMs: served.serve, redeemReplyMs: served.reply, eventLoopDelayMs: loop })}\n`);
    await host.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
