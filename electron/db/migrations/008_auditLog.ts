import type { Migration } from '../migrate';

/** Version 8: the hash-chained audit log. */
export const migration: Migration = {
  version: 8,
  name: 'audit log',
  up: (db) =>
    db.exec(`
        -- Append-only, SHA-256 hash-chained: hash = H(seq, at, actor, action, detail, prev_hash).
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          detail TEXT NOT NULL CHECK (json_valid(detail)),
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;
        -- The chain head, kept apart so deleting the newest entries is detectable too.
        CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq INTEGER NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;`),
};
