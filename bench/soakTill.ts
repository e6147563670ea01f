/**
 * The till process of bench:soak: the real app (openTillApp + the Node host, sync running) on a
 * fresh data folder, enrolled with the HQ the bench runs, in its own Node process as `npm start`
 * runs it, so its memory is the till's alone.
 *
 *   argv: <dataDir> <hqUrl> <enrollment token>     stdout: one JSON line {"url": "..."}
 * It stops when its stdin closes (the bench ended or died). A line "gc" on stdin runs a full
 * garbage collection (it runs with --expose-gc) and answers {"gc":true, heapMb, externalMb, dbMb}: the
 * bench samples memory after it too, so what the process keeps is told apart from garbage not yet
 * collected, and the JS heap from the database file that SQLite's page cache fills from.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openTillApp } from '../electron/app';
import { startHost } from '../electron/host/server';
import { BENCH_USERS } from './uiHarness';

async function main(): Promise<void> {
  const [dataDir, hqUrl, token] = process.argv.slice(2);
  if (!dataDir || !hqUrl || !token) throw new Error('usage: soakTill.ts <dataDir> <hqUrl> <token>');
  const app = openTillApp({ dataDir, shell: 'host', version: 'soak', startSync: false, scrypt: { N: 1024, r: 8, p: 1 } });
  await app.sync.enroll(hqUrl, token);
  const first = await app.sync.syncNow();
  if (!first.ok) throw new Error(`first sync failed: ${first.error}`);
  await app.auth.createUser('bench', BENCH_USERS.manager);
  app.sync.start();
  const host = await startHost({ api: app.api, rendererDir: resolve('dist/renderer'), onClientGone: (id) => app.clientGone(id) });
  app.setPush((clientId, event, payload) => host.emit(clientId, event, payload));
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
  const stop = async () => {
    await host.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line.trim() !== 'gc') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    // What the JS side keeps, and the database file the SQLite page cache (cache_size, 8 MB) fills from.
    const dbBytes = (app.db.pragma('page_count', { simple: true }) as number) * (app.db.pragma('page_size', { simple: true }) as number);
    process.stdout.write(`${JSON.stringify({ gc: Boolean(gc), heapMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, dbMb: dbBytes / 2 ** 20 })}\n`);
  });
  commands.on('close', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
