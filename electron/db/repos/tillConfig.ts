import type Database from 'better-sqlite3';
import { stmt } from '../statements';

/** Who this till is. Set on first run; the store name and time zone follow HQ's rule set. */
export interface TillConfig {
  storeId: string;
  tillId: string;
  storeName: string;
  timeZone: string;
}

interface TillConfigRow {
  store_id: string;
  till_id: string;
  store_name: string;
  time_zone: string;
}

export function getTillConfig(db: Database.Database): TillConfig | null {
  const row = stmt<[], TillConfigRow>(db, 'SELECT store_id, till_id, store_name, time_zone FROM till_config WHERE id = 1').get();
  return row ? { storeId: row.store_id, tillId: row.till_id, storeName: row.store_name, timeZone: row.time_zone } : null;
}

export function saveTillConfig(db: Database.Database, c: TillConfig): void {
  stmt(
    db,
    `INSERT INTO till_config (id, store_id, till_id, store_name, time_zone) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, till_id = excluded.till_id,
       store_name = excluded.store_name, time_zone = excluded.time_zone`,
  ).run(c.storeId, c.tillId, c.storeName, c.timeZone);
}

export function updateStoreInfo(db: Database.Database, storeName: string, timeZone: string): void {
  stmt(db, 'UPDATE till_config SET store_name = ?, time_zone = ? WHERE id = 1').run(storeName, timeZone);
}

export function getHlcLast(db: Database.Database): string | null {
  const row = stmt<[], { last: string }>(db, 'SELECT last FROM hlc_state WHERE id = 1').get();
  return row?.last ?? null;
}

export function saveHlcLast(db: Database.Database, last: string): void {
  stmt(db, 'INSERT INTO hlc_state (id, last) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last = excluded.last').run(last);
}
