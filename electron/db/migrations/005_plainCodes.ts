import type { Migration } from '../migrate';

/** Version 5: the plain-code allow-list, by hash. */
export const migration: Migration = {
  version: 5,
  name: 'plain-code allow-list',
  // WITHOUT ROWID keyed on the 16-byte hash: one B-tree, ~30 bytes a row, millions of rows.
  // The code itself is never stored.
  up: (db) =>
    db.exec(`
        CREATE TABLE plain_codes (
          hash BLOB PRIMARY KEY CHECK (length(hash) = 16),
          campaign_id INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;`),
};
