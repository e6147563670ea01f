import type Database from 'better-sqlite3';
import { stmt } from '../statements';

/** The app_settings table: one JSON text value per key (the settings service parses them). */
export function storedSettings(db: Database.Database): IterableIterator<{ key: string; value: string }> {
  return stmt<[], { key: string; value: string }>(db, 'SELECT key, value FROM app_settings').iterate();
}

/** One stored value as text, or undefined when the key was never written. */
export function storedSetting(db: Database.Database, key: string): string | undefined {
  return stmt<[string], { value: string }>(db, 'SELECT value FROM app_settings WHERE key = ?').get(key)?.value;
}

export function putStoredSetting(db: Database.Database, key: string, value: unknown): void {
  stmt(db, 'INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
