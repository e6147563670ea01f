import type { Migration } from '../migrate';

/** Version 6: the redemption ledger. */
export const migration: Migration = {
  version: 6,
  name: 'redemption ledger',
  // WITHOUT ROWID on the UUIDv7 id: one B-tree instead of table + id index, appended in time
  // order; fewer pages per redemption means a shorter durable commit.
  up: (db) =>
    db.exec(`
        CREATE TABLE redemptions (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('redeem', 'void')),
          voids_id TEXT REFERENCES redemptions (id),
          coupon_key TEXT NOT NULL,
          campaign_id INTEGER NOT NULL,
          store_id TEXT NOT NULL,
          till_id TEXT NOT NULL,
          cashier_id TEXT NOT NULL,
          basket_id TEXT NOT NULL,
          basket_total_minor INTEGER NOT NULL CHECK (basket_total_minor >= 0),
          discount_minor INTEGER NOT NULL CHECK (discount_minor >= 0),
          member_id TEXT,
          source TEXT NOT NULL,
          hlc TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          reason TEXT,
          approved_by TEXT,
          request_id TEXT UNIQUE,
          voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
          synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
          sync_state TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'accepted', 'conflict', 'resolved')),
          hq_winner_id TEXT,
          hq_resolution TEXT,
          hq_note TEXT,
          CHECK ((kind = 'void') = (voids_id IS NOT NULL))
        ) STRICT, WITHOUT ROWID;
        -- A redemption is voided at most once, enforced by the database, not only by the service.
        CREATE UNIQUE INDEX redemptions_one_void ON redemptions (voids_id) WHERE voids_id IS NOT NULL;`),
};
