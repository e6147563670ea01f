import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { closeTillDatabase, openTillDatabase } from '../../db/connection';
import { RedemptionService } from '../redemption';
import { SyncEngine, type SyncEngineOptions } from './engine';
import type { FetchLike } from './hqClient';

/**
 * A real till for sync tests: its own SQLite file through the real migrations, the real
 * redemption service and a sync engine talking HTTP to a real HQ. `skewMs` sets how far the
 * till's clock is off; `fetch` lets a test put a proxy or a hostile server in between.
 */
export interface TestTill {
  name: string;
  db: Database.Database;
  service: RedemptionService;
  engine: SyncEngine;
  file: string;
  tillId(): string;
  redeem(code: string, basketId?: string): ReturnType<RedemptionService['redeem']>;
  /** Ledger rows as HQ should see them: id, kind, couponKey, syncState. */
  ledger(): { id: string; kind: string; coupon_key: string; sync_state: string; voided: number; hq_winner_id: string | null }[];
  /** Reopens the till from its file (a restart): new service and engine, same data. */
  restart(): TestTill;
  close(): void;
}

export interface TestTillOptions {
  name?: string;
  skewMs?: number;
  fetch?: FetchLike;
  options?: Partial<SyncEngineOptions>;
  file?: string;
}

export const fastSync: Partial<SyncEngineOptions> = { backoffBaseMs: 5, backoffMaxMs: 40, requestTimeoutMs: 2_000, rejectedRetryMs: 60_000, batchSize: 50 };

export function makeTestTill(opts: TestTillOptions = {}): TestTill {
  const file = opts.file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'till-sync-')), 'till.sqlite');
  const db = openTillDatabase(file);
  const now = () => Date.now() + (opts.skewMs ?? 0);
  const service = new RedemptionService(db, { now });
  const engine = new SyncEngine({
    db,
    now,
    fetch: opts.fetch ?? (fetch as unknown as FetchLike),
    options: { ...fastSync, ...opts.options },
    configureTill: (c) => service.configure(c),
    onHqTime: (t) => service.receiveTime(t),
  });
  const till: TestTill = {
    name: opts.name ?? 'till',
    db,
    service,
    engine,
    file,
    tillId: () => (db.prepare('SELECT till_id FROM till_config WHERE id = 1').get() as { till_id: string }).till_id,
    redeem: (code, basketId) =>
      service.redeem(
        { code, basket: { id: basketId ?? `b-${Math.random().toString(36).slice(2)}`, totalMinor: 10_000 }, source: 'manual' },
        { cashierId: 'cashier-1' },
      ),
    ledger: () =>
      db.prepare('SELECT id, kind, coupon_key, sync_state, voided, hq_winner_id FROM redemptions ORDER BY id').all() as ReturnType<TestTill['ledger']>,
    restart: () => {
      void engine.stop();
      closeTillDatabase(db);
      return makeTestTill({ ...opts, file });
    },
    close: () => {
      void engine.stop();
      closeTillDatabase(db);
    },
  };
  return till;
}
