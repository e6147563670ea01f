import type { Migration } from '../migrate';

/**
 * Version 51, the HQ certificate this till pinned at enrolment: the SHA-256 (hex) of the
 * certificate its enrollment token named. With one, the till talks to HQ only over a connection
 * showing exactly that certificate (electron/services/sync/pinnedFetch.ts). NULL: no pin.
 */
export const migration: Migration = {
  version: 51,
  name: 'hq certificate pin',
  up: (db) =>
    db.exec(
      "ALTER TABLE sync_state ADD COLUMN hq_cert_sha256 TEXT CHECK (hq_cert_sha256 IS NULL OR (length(hq_cert_sha256) = 64 AND hq_cert_sha256 NOT GLOB '*[^0-9a-f]*'));",
    ),
};
