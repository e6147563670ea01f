import type { Migration } from '../migrate';

/**
 * Version 58: the rule engine version the till's rule set was pulled with (decision 083). HQ holds
 * back campaigns an older engine would figure wrong; a till whose engine is newer than the one its
 * rule set was pulled with pulls a fresh snapshot once, to receive them. NULL: pulled before this
 * column, counted as engine 1.
 */
export const migration: Migration = {
  version: 58,
  name: 'rule set pulled with engine version',
  up: (db) => db.exec('ALTER TABLE rule_set_state ADD COLUMN engine_version INTEGER CHECK (engine_version >= 1)'),
};
