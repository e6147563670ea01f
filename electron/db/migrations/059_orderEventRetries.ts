import type { Migration } from '../migrate';

/**
 * Version 59: an order event HQ refused (or that makes no valid upload) keeps its retry time, its
 * attempts and HQ's reason in its own row, as the outbox does, instead of in the sync engine's
 * memory: a restart no longer forgets why an event is stuck, nor sends it again at once.
 */
export const migration: Migration = {
  version: 59,
  name: 'order event retries',
  up: (db) =>
    db.exec(`
      ALTER TABLE pos_order_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
      ALTER TABLE pos_order_events ADD COLUMN last_error TEXT;
      ALTER TABLE pos_order_events ADD COLUMN next_attempt_at INTEGER;
      CREATE INDEX pos_order_events_unsent ON pos_order_events (seq) WHERE sent_at IS NULL;`),
};
