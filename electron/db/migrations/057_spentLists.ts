import type { Migration } from '../migrate';

/**
 * Version 57: HQ's spent lists (decisions 072-074): one Roaring bitmap per list (`s:<campaign>`
 * signed serials, `p:<batch>` plain-code hash prefixes) in the portable format, and the spent
 * version the till holds. NULL: it never had the lists; its next pull asks for them whole, and
 * nothing else is pulled again.
 */
export const migration: Migration = {
  version: 57,
  name: 'spent lists',
  up: (db) =>
    db.exec(`
        CREATE TABLE spent_lists (
          list TEXT PRIMARY KEY,
          campaign_id INTEGER NOT NULL,
          bitmap BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX spent_lists_campaign ON spent_lists (campaign_id);
        -- A spent-list hit asks for this till's voided uses of the code (few rows: voids are rare).
        CREATE INDEX redemptions_voided_by_coupon ON redemptions (coupon_key) WHERE kind = 'redeem' AND voided = 1;
        ALTER TABLE rule_set_state ADD COLUMN spent_version INTEGER CHECK (spent_version >= 0);`),
};
