import type { Migration } from '../migrate';

/** Version 40: what the screens need to show money and time as the store reads them. */
export const migration: Migration = {
  version: 40,
  name: "the store's currency next to its time zone",
  // From the rule set's store info (shared/ruleSet.ts StoreInfo.currency); HQs that do not send it
  // mean CNY, so every till enrolled before this reads CNY.
  up: (db) => db.exec(`ALTER TABLE till_config ADD COLUMN currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3);`),
};
