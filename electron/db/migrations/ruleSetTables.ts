import type { Migration } from '../migrate';

/**
 * Till identity and the cached rule set (versions 1-5). The rule set is HQ's: the till
 * only replaces it through electron/services/ruleSet.ts, one versioned page at a time.
 */
export const ruleSetMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'till config and clock',
    up: (db) =>
      db.exec(`
        CREATE TABLE till_config (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          store_id TEXT NOT NULL CHECK (length(store_id) BETWEEN 1 AND 64),
          till_id TEXT NOT NULL CHECK (length(till_id) BETWEEN 1 AND 64),
          store_name TEXT NOT NULL,
          time_zone TEXT NOT NULL
        ) STRICT;
        -- The hybrid logical clock's last timestamp, so it never runs backwards across restarts.
        CREATE TABLE hlc_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          last TEXT NOT NULL
        ) STRICT;`),
  },
  {
    version: 2,
    name: 'rule set version and campaigns',
    up: (db) =>
      db.exec(`
        CREATE TABLE rule_set_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          version INTEGER NOT NULL CHECK (version >= 0),
          applied_at INTEGER
        ) STRICT;
        INSERT INTO rule_set_state (id, version, applied_at) VALUES (1, 0, NULL);
        -- body is the campaign as HQ sent it (JSON), validated by CampaignSchema on read.
        CREATE TABLE campaigns (
          id INTEGER PRIMARY KEY CHECK (id >= 1),
          body TEXT NOT NULL CHECK (json_valid(body)),
          rule_set_version INTEGER NOT NULL
        ) STRICT;`),
  },
  {
    version: 3,
    name: 'signing keys',
    up: (db) =>
      db.exec(`
        CREATE TABLE signing_keys (
          key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 0 AND 65535),
          public_key TEXT NOT NULL CHECK (length(public_key) = 43),
          status TEXT NOT NULL CHECK (status IN ('active', 'retired'))
        ) STRICT;`),
  },
  {
    version: 4,
    name: 'revoked and spent-elsewhere coupons',
    up: (db) =>
      db.exec(`
        CREATE TABLE revoked_coupons (
          coupon_key TEXT PRIMARY KEY
        ) STRICT, WITHOUT ROWID;
        -- Uses of a code at other tills as HQ knows them (absolute counts).
        CREATE TABLE spent_elsewhere (
          coupon_key TEXT PRIMARY KEY,
          uses INTEGER NOT NULL CHECK (uses >= 0)
        ) STRICT, WITHOUT ROWID;`),
  },
  {
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
  },
];
