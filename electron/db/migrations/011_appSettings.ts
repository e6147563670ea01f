import type { Migration } from '../migrate';

/** Version 11: till settings, one row per key. */
export const migration: Migration = {
  version: 11,
  name: 'app settings',
  up: (db) =>
    db.exec(`
        CREATE TABLE app_settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;`),
};
