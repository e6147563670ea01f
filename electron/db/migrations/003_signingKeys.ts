import type { Migration } from '../migrate';

/** Version 3: HQ's public signing keys (the till holds no private key, so a stolen till cannot mint coupons). */
export const migration: Migration = {
  version: 3,
  name: 'signing keys',
  up: (db) =>
    db.exec(`
        CREATE TABLE signing_keys (
          key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 0 AND 65535),
          public_key TEXT NOT NULL CHECK (length(public_key) = 43),
          status TEXT NOT NULL CHECK (status IN ('active', 'retired'))
        ) STRICT;`),
};
