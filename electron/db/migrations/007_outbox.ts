import type { Migration } from '../migrate';

/** Version 7: the outbox, written in the same transaction as each ledger row. */
export const migration: Migration = {
  version: 7,
  name: 'outbox',
  up: (db) =>
    db.exec(`
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY,
          redemption_id TEXT NOT NULL UNIQUE REFERENCES redemptions (id),
          payload TEXT NOT NULL CHECK (json_valid(payload)),
          created_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          delivered_at INTEGER
        ) STRICT;
        CREATE INDEX outbox_waiting ON outbox (seq) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;`),
};
