import type { Migration } from '../migrate';

/**
 * Version 47: what of a store day has not reached HQ yet (the end-of-day report) is read from
 * the waiting outbox rows of that day, by time, instead of every waiting row.
 */
export const migration: Migration = {
  version: 47,
  name: 'outbox: waiting rows by time',
  up: (db) => db.exec('CREATE INDEX outbox_waiting_by_time ON outbox (created_at) WHERE delivered_at IS NULL'),
};
