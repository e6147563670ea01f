import type { Migration } from '../migrate';

/**
 * Version 50, escalating PIN lockouts. `lockouts` counts the lockouts since a
 * manager last reset the user's PIN: each further lockout lasts twice as long as the one before,
 * so online guessing slows to a crawl instead of 5 tries every 5 minutes for ever.
 */
export const migration: Migration = {
  version: 50,
  name: 'pin lockouts',
  up: (db) => db.exec('ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0);'),
};
