/**
 * The till process of bench:ui: the real app (openTillApp + the Node host) on a fresh data
 * folder with a seeded rule set and a manager, in its own Node process as `npm start` runs it,
 * so the Playwright client driving Chromium does not share the till's event loop.
 *
 *   argv: <dataDir> <keyId> <publicKey base64url>     stdout: one JSON line {"url": "..."}
 * It stops when its stdin closes (the bench ended or died).
 */
import { resolve } from 'node:path';
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
  const host = await startHost({ api: app.api, rendererDir: resolve('dist/renderer'), onClientGone: (id) => app.clientGone(id) });
  app.setPush((clientId, event, payload) => host.emit(clientId, event, payload));
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
  const stop = async () => {
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
