import type { Migration } from '../migrate';

/** Version 30: who won a conflict, as HQ's verdict names it (shared/ruleSet.ts HqWinner). */
export const migration: Migration = {
  version: 30,
  name: 'who won a conflict: the winning till, its store and when',
  // null until HQ names a winner, and for verdicts from HQs that send only the winning redemption's id.
  up: (db) =>
    db.exec(`
        ALTER TABLE redemptions ADD COLUMN hq_winner_till_id TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_till_name TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_store_id TEXT;
        ALTER TABLE redemptions ADD COLUMN hq_winner_at INTEGER;`),
};
