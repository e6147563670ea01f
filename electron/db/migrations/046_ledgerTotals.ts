import type { Migration } from '../migrate';
import { rebuildLedgerTotals } from '../repos/ledgerTotals';

/**
 * Version 46: running totals of the ledger per store day and dimension (electron/db/repos/
 * ledgerTotals.ts), built here from every row already in the ledger (about a second per
 * million rows), then kept in step by each ledger write.
 */
export const migration: Migration = {
  version: 46,
  name: 'running totals per store day: whole day, campaign, cashier, till, hour, sync state',
  up: (db) => {
    db.exec(`
      CREATE TABLE ledger_totals (
        store_day TEXT NOT NULL CHECK (store_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        dim TEXT NOT NULL CHECK (dim IN ('all', 'campaign', 'cashier', 'till', 'hour', 'state')),
        key TEXT NOT NULL,
        entries INTEGER NOT NULL,
        redeemed INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL,
        voided_redemptions INTEGER NOT NULL,
        voided_discount_minor INTEGER NOT NULL,
        voids INTEGER NOT NULL,
        PRIMARY KEY (dim, key, store_day)
      ) STRICT, WITHOUT ROWID;
      -- Breakdowns of a day range (every campaign of one day) read this instead of every day of the
      -- dimension; covering, so a breakdown never goes back to the table.
      CREATE INDEX ledger_totals_by_day ON ledger_totals (dim, store_day, key, entries, redeemed, discount_minor, voided_redemptions, voided_discount_minor, voids);
      -- The end-of-day report lists a day's voids without reading the day's redemptions.
      CREATE INDEX redemptions_voids_by_time ON redemptions (created_at) WHERE kind = 'void';`);
    rebuildLedgerTotals(db);
  },
};
