import type { Migration } from '../migrate';

/**
 * Version 56: amendments of recorded redemptions (decision 080/082). When the coupons on an open
 * basket are figured again in stack order (a coupon or a line added or removed) and a recorded
 * redemption's figure changes, the till writes one row here, the redemption's discount moves to
 * the new figure, and the row waits (sent_at NULL) for HQ's POST /v1/sync/amendments: this table is
 * both the amendment's ledger entry and its outbox, written in the transaction of the change.
 */
export const migration: Migration = {
  version: 56,
  name: 'redemption amendments',
  up: (db) =>
    db.exec(`
        CREATE TABLE redemption_amendments (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          redemption_id TEXT NOT NULL REFERENCES redemptions (id),
          basket_id TEXT NOT NULL,
          basket_total_minor INTEGER NOT NULL CHECK (basket_total_minor >= 0),
          before_minor INTEGER NOT NULL CHECK (before_minor >= 0),
          after_minor INTEGER NOT NULL CHECK (after_minor >= 0),
          eligible_minor INTEGER CHECK (eligible_minor >= 0),
          reason TEXT NOT NULL CHECK (reason IN ('restacked', 'lines_changed')),
          actor_id TEXT NOT NULL,
          hlc TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          sent_at INTEGER
        ) STRICT;
        CREATE INDEX redemption_amendments_unsent ON redemption_amendments (seq) WHERE sent_at IS NULL;
        CREATE INDEX redemption_amendments_by_redemption ON redemption_amendments (redemption_id);`),
};
