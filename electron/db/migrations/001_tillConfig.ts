import type { Migration } from '../migrate';

/** Version 1: the till's identity (store, till, time zone) and the hybrid logical clock's last time. */
export const migration: Migration = {
  version: 1,
  name: 'till config and clock',
  up: (db) =>
    db.exec(`
        CREATE TABLE till_config (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          store_id TEXT NOT NULL CHECK (length(store_id) BETWEEN 1 AND 64),
          till_id TEXT NOT NULL CHECK (length(till_id) BETWEEN 1 AND 64),
          store_name TEXT NOT NULL,
          time_zone TEXT NOT NULL
        ) STRICT;
        -- The hybrid logical clock's last timestamp, so it never runs backwards across restarts.
        CREATE TABLE hlc_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          last TEXT NOT NULL
        ) STRICT;`),
};
