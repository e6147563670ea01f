import type { Migration } from '../migrate';

/**
 * Version 54: the store's tills by name, as HQ's rule set sends them (RuleSetUpdate.tills), so
 * the log, conflicts and report read "Till 2", not a UUID. Empty until an HQ that sends names answers.
 */
export const migration: Migration = {
  version: 54,
  name: "the store's tills by name",
  up: (db) => db.exec('CREATE TABLE store_tills (id TEXT PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)) STRICT'),
};
