import type { Migration } from '../migrate';

/**
 * Version 60: bounce-back codes (decision 086). The codes of the blocks HQ signed for this till,
 * each handed out at most once: to one basket (a closed POS order), for the total it paid, with its
 * receipt number; reported_at once HQ holds the report.
 */
export const migration: Migration = {
  version: 60,
  name: 'bounce-back codes',
  up: (db) =>
    db.exec(`
      CREATE TABLE issuing_codes (
        coupon_key TEXT PRIMARY KEY,
        campaign_id INTEGER NOT NULL,
        code TEXT NOT NULL,
        expiry_day INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        basket_id TEXT,
        receipt_no TEXT,
        paid_minor INTEGER CHECK (paid_minor >= 0),
        issued_at INTEGER,
        reported_at INTEGER,
        CHECK ((basket_id IS NULL) = (issued_at IS NULL) AND (basket_id IS NULL) = (paid_minor IS NULL)),
        CHECK (reported_at IS NULL OR issued_at IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX issuing_codes_one_per_basket ON issuing_codes (basket_id, campaign_id) WHERE basket_id IS NOT NULL;
      CREATE INDEX issuing_codes_to_hand_out ON issuing_codes (campaign_id, coupon_key) WHERE issued_at IS NULL;
      CREATE INDEX issuing_codes_unreported ON issuing_codes (issued_at) WHERE issued_at IS NOT NULL AND reported_at IS NULL;`),
};
