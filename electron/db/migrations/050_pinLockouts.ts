import type { Migration } from '../migrate';

/**
 * Escalating PIN lockouts (version 50, hq-trust's range). `lockouts` counts the lockouts since a
 * manager last reset the user's PIN: each further lockout lasts twice as long as the one before,
 * so online guessing slows to a crawl instead of 5 tries every 5 minutes for ever.
 */
export const pinLockoutMigrations: readonly Migration[] = [
  {
    version: 50,
    name: 'pin lockouts',
    up: (db) => db.exec('ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0);'),
  },
];
