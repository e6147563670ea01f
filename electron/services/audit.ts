import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';

/**
 * The audit log: append-only and SHA-256 hash-chained. Each entry's hash covers its own
 * fields and the previous entry's hash, and the chain head is kept apart, so editing,
 * deleting or reordering any entry (including the newest) breaks verification.
 */

export interface AuditInput {
  /** Who did it: a user id, or "system". */
  actor: string;
  /** What, as a dotted verb: "redemption.redeem", "auth.sign_in", "override.approve" ... */
  action: string;
  detail: Record<string, unknown>;
  /** When (UTC epoch ms); defaults to now. */
  at?: number;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

function entryHash(seq: number, at: number, actor: string, action: string, detail: string, prevHash: string): string {
  // A JSON array keeps field boundaries unambiguous whatever the strings contain.
  return createHash('sha256')
    .update(JSON.stringify([seq, at, actor, action, detail, prevHash]))
    .digest('hex');
}

/**
 * Appends one entry. Call it INSIDE the transaction that does the audited thing, so the
 * entry and the change commit together (better-sqlite3 nests it as a savepoint otherwise).
 */
export function appendAudit(db: Database.Database, input: AuditInput): AuditEntry {
  return db.transaction((): AuditEntry => {
    const head = stmt<[], { seq: number; hash: string }>(db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS;
    const at = input.at ?? Date.now();
    const detail = JSON.stringify(input.detail ?? {});
    const hash = entryHash(seq, at, input.actor, input.action, detail, prevHash);
    stmt(db, 'INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      seq,
      at,
      input.actor,
      input.action,
      detail,
      prevHash,
      hash,
    );
    stmt(db, 'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
    return { seq, at, actor: input.actor, action: input.action, detail: input.detail ?? {}, prevHash, hash };
  })();
}

/** The newest entry's seq (0 when empty): it moves with every audited write. */
export function auditHeadSeq(db: Database.Database): number {
  return stmt<[], { seq: number }>(db, 'SELECT seq FROM audit_head WHERE id = 1').get()?.seq ?? 0;
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; brokenAt: number };

/** Walks the whole chain. brokenAt is the first seq that does not verify (or the missing one). */
export function verifyAuditChain(db: Database.Database): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (const r of stmt<[], AuditRow>(db, 'SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq').iterate()) {
    if (r.seq !== expectedSeq || r.prev_hash !== prevHash) return { ok: false, brokenAt: expectedSeq };
    if (entryHash(r.seq, r.at, r.actor, r.action, r.detail, r.prev_hash) !== r.hash) return { ok: false, brokenAt: r.seq };
    prevHash = r.hash;
    expectedSeq++;
  }
  const head = stmt<[], { seq: number; hash: string }>(db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get();
  const entries = expectedSeq - 1;
  // The head pins the newest entry: entries cut off the end (or a head rewound) show here.
  if ((head?.seq ?? 0) !== entries || (head?.hash ?? GENESIS) !== prevHash) return { ok: false, brokenAt: Math.min(entries, head?.seq ?? 0) + 1 };
  return { ok: true, entries };
}

/** The newest entries first, for the manager's audit view. */
export function recentAudit(db: Database.Database, limit: number, beforeSeq?: number): AuditEntry[] {
  return stmt<[number, number], AuditRow>(db, 'SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, Math.max(1, Math.min(1000, limit)))
    .map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
}
