import type { Migration } from '../migrate';

/**
 * Version 10: users. Each holds a scrypt PIN hash with its own salt and parameters (so parameters
 * can be raised later without breaking old hashes), and the lockout state, persisted so a restart
 * does not reset the failed-PIN count.
 */
export const migration: Migration = {
  version: 10,
  name: 'users',
  up: (db) =>
    db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
          role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
          -- "scrypt$N$r$p$<salt b64url>$<hash b64url>"
          pin_hash TEXT NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
          failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
          locked_until INTEGER,
          origin TEXT NOT NULL CHECK (origin IN ('local', 'hq')),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX users_name ON users (name);`),
};
