import type { Migration } from '../migrate';

/**
 * Version 53, POS pairings (issue 14). A manager makes a one-time pairing code on the till; the POS
 * exchanges it for a bearer credential. Only SHA-256 hashes of codes and credentials are stored:
 * a copy of the database pairs nobody. A revoked pairing keeps its row (the audit names it).
 */
export const migration: Migration = {
  version: 53,
  name: 'pos pairings',
  up: (db) =>
    db.exec(`
      CREATE TABLE pos_pairing_codes (
        code_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
        used_at INTEGER
      ) STRICT;
      CREATE TABLE pos_pairings (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        credential_hash TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER,
        revoked_by TEXT,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      ) STRICT;
    `),
};
