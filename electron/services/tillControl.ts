import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';

/**
 * What the till command line asks of a till that may be running in another process: the offline
 * drill switch and "sync now". Both are rows in app_settings; the running till notices commits
 * made by other connections through SQLite's data_version (one cheap pragma a second), so the
 * command line needs no socket into the till and works the same whether or not it is running.
 */
const DRILL_KEY = 'offlineDrill';
const SYNC_REQUEST_KEY = 'syncRequestedAt';

function read(db: Database.Database, key: string): unknown {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM app_settings WHERE key = ?').get(key);
  try {
    return row ? JSON.parse(row.value) : null;
  } catch {
    return null;
  }
}

function write(db: Database.Database, key: string, value: unknown): void {
  stmt(db, 'INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function readOfflineDrill(db: Database.Database): boolean {
  return read(db, DRILL_KEY) === true;
}

export function writeOfflineDrill(db: Database.Database, on: boolean): void {
  write(db, DRILL_KEY, on);
}

/** Asks a running till to sync now; returns the request's time (the till's next attempt follows it). */
export function requestSync(db: Database.Database, at: number): number {
  write(db, SYNC_REQUEST_KEY, at);
  return at;
}

export function readSyncRequest(db: Database.Database): number | null {
  const v = read(db, SYNC_REQUEST_KEY);
  return typeof v === 'number' ? v : null;
}

export interface ControlListener {
  onOfflineDrill(on: boolean): void;
  onSyncRequest(): void;
}

/** Polls for another process's commits; calls back when the drill or a sync request changed. Returns the stop. */
export function watchTillControl(db: Database.Database, listener: ControlListener, everyMs = 1_000): () => void {
  let version = db.pragma('data_version', { simple: true });
  let drill = readOfflineDrill(db);
  let request = readSyncRequest(db);
  const timer = setInterval(() => {
    const now = db.pragma('data_version', { simple: true });
    if (now === version) return;
    version = now;
    const d = readOfflineDrill(db);
    if (d !== drill) listener.onOfflineDrill((drill = d));
    const r = readSyncRequest(db);
    if (r !== null && r !== request) {
      request = r;
      listener.onSyncRequest();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
