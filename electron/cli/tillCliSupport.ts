import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScannerStatus } from '../../shared/ipc/types';
import { DATABASE_FILE, openTillApp, type TillApp } from '../app';
import { lockDataDir } from '../dataDirLock';
import { getTillConfig, type TillConfig } from '../db/repos/tillConfig';
import type { ScannerPort } from '../ipc/ports';
import type { FetchLike } from '../services/sync/hqClient';

/** Bad input: exit code 2. */
export class UsageError extends Error {}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => number;
  env: NodeJS.ProcessEnv;
  fetch?: FetchLike;
}

export type CliTill = TillApp & { tillConfig(): TillConfig | null };

/** The command line opens the till's database, not its scanners. */
const NO_SCANNER: ScannerPort = (() => {
  const status: ScannerStatus = { kind: 'wedge', device: null, connected: false, message: 'command line' } as ScannerStatus;
  return { devices: () => [], select: () => status, status: () => status, onScan: () => () => undefined, onStatus: () => () => undefined };
})();

/** Whether a till process holds the data folder's lock right now. */
export function isTillRunning(dataDir: string): boolean {
  if (!existsSync(join(dataDir, 'till.lock'))) return false;
  try {
    lockDataDir(dataDir, { waitMs: 0 })();
    return false;
  } catch {
    return true;
  }
}

export function openTillForCli(dataDir: string, io: CliIo): CliTill {
  const app = openTillApp({
    dataDir,
    shell: 'host',
    version: 'cli',
    startSync: false,
    scanner: NO_SCANNER,
    now: io.now,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  return Object.assign(app, { tillConfig: () => getTillConfig(app.db) });
}

/**
 * Opens the till for one command and closes it after. `exclusive`: the command changes what a
 * running till would also change (enrol, sync by itself), so it takes the data-folder lock and
 * refuses while the till runs. Commands other than enroll need an existing till folder.
 */
export async function withTill<T>(dataDir: string, io: CliIo, opts: { exclusive: boolean; create?: boolean }, fn: (app: CliTill) => Promise<T>): Promise<T> {
  if (!opts.exclusive && !existsSync(join(dataDir, DATABASE_FILE))) {
    throw new Error(`no till in ${dataDir} (no ${DATABASE_FILE}): run \`till enroll\` first, or give --data`);
  }
  let release: (() => void) | null = null;
  if (opts.exclusive) {
    try {
      release = lockDataDir(dataDir, { waitMs: 0 });
    } catch (err) {
      throw new Error(`the till is running on ${dataDir}: stop it first (${(err as Error).message})`, { cause: err });
    }
  }
  try {
    const app = openTillForCli(dataDir, io);
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  } finally {
    release?.();
  }
}
