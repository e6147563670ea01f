import type { Migration } from '../migrate';

/**
 * Version 20, till sync state: which HQ this till talks to, its credential,
 * and what the last sync did. One row. The pull cursor is the rule-set version the till holds
 * (rule_set_meta), so it can never disagree with the data it describes.
 */
export const migration: Migration = {
  version: 20,
  name: 'sync_state',
  up: (db) =>
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hq_url TEXT,
        -- Bearer credential from POST /v1/enroll (HQ keeps only its hash).
        till_credential TEXT,
        enrolled_at INTEGER,
        last_sync_at INTEGER,
        last_attempt_at INTEGER,
        last_error TEXT,
        -- HQ's latest change-log version and HLC time, as of the last answer.
        hq_head INTEGER,
        last_hq_time TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);`),
};
