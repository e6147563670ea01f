import type Database from 'better-sqlite3';
import { stmt } from '../statements';
import { DEFAULT_CURRENCY } from '../../../shared/format';
import { rebuildLedgerTotals, totalsTimeZone } from './ledgerTotals';

/** Who this till is. Set on first run; the store name and time zone follow HQ's rule set. */
export interface TillConfig {
  storeId: string;
  tillId: string;
  storeName: string;
  timeZone: string;
  /** ISO 4217 code of the store's currency; CNY when HQ never said (shared/format.ts DEFAULT_CURRENCY). */
  currency?: string;
}

interface TillConfigRow {
  store_id: string;
  till_id: string;
  store_name: string;
  time_zone: string;
  currency: string;
}

export function getTillConfig(db: Database.Database): TillConfig | null {
  const row = stmt<[], TillConfigRow>(db, 'SELECT store_id, till_id, store_name, time_zone, currency FROM till_config WHERE id = 1').get();
  return row ? { storeId: row.store_id, tillId: row.till_id, storeName: row.store_name, timeZone: row.time_zone, currency: row.currency } : null;
}

export function saveTillConfig(db: Database.Database, c: TillConfig): void {
  const zone = totalsTimeZone(db);
  stmt(
    db,
    `INSERT INTO till_config (id, store_id, till_id, store_name, time_zone, currency) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, till_id = excluded.till_id,
       store_name = excluded.store_name, time_zone = excluded.time_zone, currency = excluded.currency`,
  ).run(c.storeId, c.tillId, c.storeName, c.timeZone, c.currency ?? DEFAULT_CURRENCY);
  recountIfZoneMoved(db, zone);
}

/** Store days follow the store's time zone: when it changes, the running totals are counted again. */
function recountIfZoneMoved(db: Database.Database, before: string): void {
  if (totalsTimeZone(db) !== before) db.transaction(() => rebuildLedgerTotals(db))();
}

/** The store's name, time zone and (when HQ sends it) currency from a rule-set page; without one the held currency stays. */
export function updateStoreInfo(db: Database.Database, storeName: string, timeZone: string, currency?: string): void {
  const zone = totalsTimeZone(db);
  stmt(db, 'UPDATE till_config SET store_name = ?, time_zone = ?, currency = coalesce(?, currency) WHERE id = 1').run(storeName, timeZone, currency ?? null);
  recountIfZoneMoved(db, zone);
}

export function getHlcLast(db: Database.Database): string | null {
  const row = stmt<[], { last: string }>(db, 'SELECT last FROM hlc_state WHERE id = 1').get();
  return row?.last ?? null;
}

export function saveHlcLast(db: Database.Database, last: string): void {
  stmt(db, 'INSERT INTO hlc_state (id, last) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last = excluded.last').run(last);
}
