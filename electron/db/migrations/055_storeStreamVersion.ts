import type { Migration } from '../migrate';

/**
 * Version 55: the rule-set cursor gains the store stream's version (HQ's change streams, decision
 * 070). NULL means "the same as version": a till that held HQ's one log at version V holds the
 * cursor (V, V), so nothing is pulled again after the upgrade.
 */
export const migration: Migration = {
  version: 55,
  name: 'store stream version of the rule-set cursor',
  up: (db) => db.exec('ALTER TABLE rule_set_state ADD COLUMN store_version INTEGER CHECK (store_version >= 0)'),
};
