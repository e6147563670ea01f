import type Database from 'better-sqlite3';
import { stmt } from '../../db/statements';

/** The sync_state row (migration 20): where HQ is, the till's credential, what the last sync did. */
export interface StoredSyncState {
  hqUrl: string | null;
  /** As stored: sealed (credentialBox.ts), or in plain text from an older till until the engine seals it. */
  credential: string | null;
  enrolledAt: number | null;
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  hqHead: number | null;
  lastHqTime: string | null;
  /** SHA-256 (hex) of HQ's certificate, pinned at enrolment (migration 51); null: none. */
  hqCertSha256: string | null;
}

interface Row {
  hq_url: string | null;
  till_credential: string | null;
  enrolled_at: number | null;
  last_sync_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  hq_head: number | null;
  last_hq_time: string | null;
  hq_cert_sha256: string | null;
}

export function loadSyncState(db: Database.Database): StoredSyncState {
  const r = stmt<[], Row>(
    db,
    'SELECT hq_url, till_credential, enrolled_at, last_sync_at, last_attempt_at, last_error, hq_head, last_hq_time, hq_cert_sha256 FROM sync_state WHERE id = 1',
  ).get();
  return {
    hqUrl: r?.hq_url ?? null,
    credential: r?.till_credential ?? null,
    enrolledAt: r?.enrolled_at ?? null,
    lastSyncAt: r?.last_sync_at ?? null,
    lastAttemptAt: r?.last_attempt_at ?? null,
    lastError: r?.last_error ?? null,
    hqHead: r?.hq_head ?? null,
    lastHqTime: r?.last_hq_time ?? null,
    hqCertSha256: r?.hq_cert_sha256 ?? null,
  };
}

/** The same till, same credential, at HQ's new address (SyncEngine.moveHq confirmed it there first). */
export function saveHqUrl(db: Database.Database, hqUrl: string): void {
  stmt(db, 'UPDATE sync_state SET hq_url = ?, last_error = NULL WHERE id = 1').run(hqUrl);
}

export function saveEnrollment(db: Database.Database, hqUrl: string, credential: string, at: number, certSha256: string | null = null): void {
  stmt(db, 'UPDATE sync_state SET hq_url = ?, till_credential = ?, enrolled_at = ?, hq_cert_sha256 = ?, last_error = NULL WHERE id = 1').run(
    hqUrl,
    credential,
    at,
    certSha256,
  );
}

/** Replaces a plain-text credential (an older till's) with its sealed form. */
export function sealCredential(db: Database.Database, sealed: string): void {
  stmt(db, 'UPDATE sync_state SET till_credential = ? WHERE id = 1').run(sealed);
}

export function recordAttempt(db: Database.Database, at: number, outcome: { ok: true; hqHead?: number; hqTime?: string } | { ok: false; error: string }): void {
  if (outcome.ok) {
    stmt(
      db,
      'UPDATE sync_state SET last_attempt_at = ?, last_sync_at = ?, last_error = NULL, hq_head = coalesce(?, hq_head), last_hq_time = coalesce(?, last_hq_time) WHERE id = 1',
    ).run(at, at, outcome.hqHead ?? null, outcome.hqTime ?? null);
  } else {
    stmt(db, 'UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1').run(at, outcome.error.slice(0, 2000));
  }
}

export function recordHqTime(db: Database.Database, hqTime: string, hqHead?: number): void {
  stmt(db, 'UPDATE sync_state SET last_hq_time = ?, hq_head = coalesce(?, hq_head) WHERE id = 1').run(hqTime, hqHead ?? null);
}
