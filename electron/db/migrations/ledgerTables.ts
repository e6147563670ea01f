import type { Migration } from '../migrate';

/** The redemption ledger, the outbox and the audit log (versions 6-9, then 30-39 once 6-9 were used up). */
export const ledgerMigrations: readonly Migration[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
    version: 9,
    name: 'ledger indexes for the manager log and use counts',
    up: (db) =>
      db.exec(`
        CREATE INDEX redemptions_by_time ON redemptions (created_at, id);
        CREATE INDEX redemptions_by_cashier ON redemptions (cashier_id, created_at, id);
        CREATE INDEX redemptions_by_campaign ON redemptions (campaign_id, created_at, id);
        CREATE INDEX redemptions_by_sync_state ON redemptions (sync_state, created_at, id);
        CREATE INDEX redemptions_by_basket ON redemptions (basket_id, coupon_key);
        CREATE INDEX redemptions_by_coupon ON redemptions (coupon_key) WHERE kind = 'redeem' AND voided = 0;
        CREATE INDEX redemptions_by_member ON redemptions (member_id, campaign_id) WHERE member_id IS NOT NULL AND kind = 'redeem' AND voided = 0;`),
  },
  {
    version: 30,
    name: 'who won a conflict: the winning till, its store and when',
    // Copied from HQ's verdict (shared/ruleSet.ts HqWinner); null until HQ names a winner, and for
    // verdicts from HQs that send only the winning redemption's id.
    up: (db) =>
      db.exec(`
        ALTER TABLE redemptions ADD COLUMN hq_winner_till_id TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_till_name TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_store_id TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_at INTEGER;`),
  },
];
