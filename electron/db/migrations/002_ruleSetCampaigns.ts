import type { Migration } from '../migrate';

/** Version 2: the rule-set version the till holds and its campaigns. The rule set is HQ's: the till only replaces it through electron/services/ruleSet.ts. */
export const migration: Migration = {
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
};
