import { createHash, randomBytes, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { newId } from '../../../shared/ids';
import { ApiFailure } from '../../../shared/ipc/result';
import { stmt } from '../../db/statements';
import { appendAudit } from '../audit';

/** How long a pairing code stays good: the manager reads it out, the POS types it in. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** No 0/O, 1/I/L: read aloud and typed on a POS keypad without doubt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface PosPairing {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** How often a pairing's "last used" is written (the manager's list shows it to the minute). */
export const LAST_USED_EVERY_MS = 60_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Codes as typed: case, spaces and dashes do not matter. */
const normalCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

/**
 * The POS pairings of this till. A manager creates a one-time pairing code (valid 10 minutes);
 * the POS exchanges it for a bearer credential, shown once and stored only as a hash. Pairings
 * are listed, named and revocable; `verify` reads the database on every call, so a revoked
 * credential is refused at once.
 */
export class PosPairings {
  private readonly revokedListeners = new Set<(pairingId: string) => void>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new one-time code for a POS to be called `name`. */
  createCode(actorId: string, name: string): { code: string; expiresAt: number } {
    const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const at = this.now();
    const expiresAt = at + PAIRING_CODE_TTL_MS;
    this.db.transaction(() => {
      stmt(this.db, 'INSERT INTO pos_pairing_codes (code_hash, name, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        sha256(normalCode(code)),
        name,
        actorId,
        at,
        expiresAt,
      );
      appendAudit(this.db, { actor: actorId, action: 'pos.pairing.code', at, detail: { name, expiresAt } });
    })();
    return { code, expiresAt };
  }

  /** The POS's side: a good, unused, unexpired code becomes a pairing and its credential (shown once). */
  exchange(code: string): { pairingId: string; name: string; credential: string } {
    const at = this.now();
    return this.db
      .transaction(() => {
        const row = stmt<[string], { code_hash: string; name: string; expires_at: number; used_at: number | null }>(
          this.db,
          'SELECT code_hash, name, expires_at, used_at FROM pos_pairing_codes WHERE code_hash = ?',
        ).get(sha256(normalCode(code)));
        if (!row || row.used_at !== null || row.expires_at <= at) {
          throw new ApiFailure('forbidden', 'This pairing code is not valid (wrong, used or expired): ask a manager for a new one.', {
            reason: 'pairing_code_invalid',
          });
        }
        const credential = `ctpos_${randomBytes(32).toString('base64url')}`;
        const pairingId = newId();
        stmt(this.db, 'UPDATE pos_pairing_codes SET used_at = ? WHERE code_hash = ?').run(at, row.code_hash);
        stmt(
          this.db,
          'INSERT INTO pos_pairings (id, name, credential_hash, created_by, created_at) VALUES (?, ?, ?, (SELECT created_by FROM pos_pairing_codes WHERE code_hash = ?), ?)',
        ).run(pairingId, row.name, sha256(credential), row.code_hash, at);
        appendAudit(this.db, { actor: `pos:${pairingId}`, action: 'pos.pairing.create', at, detail: { pairingId, name: row.name } });
        return { pairingId, name: row.name, credential };
      })
      .immediate();
  }

  /** The pairing a bearer credential belongs to, or null (unknown or revoked). */
  verify(credential: string): { id: string; name: string } | null {
    const row = stmt<[string], { id: string; name: string; revoked_at: number | null; last_used_at: number | null }>(
      this.db,
      'SELECT id, name, revoked_at, last_used_at FROM pos_pairings WHERE credential_hash = ?',
    ).get(sha256(credential));
    if (!row || row.revoked_at !== null) return null;
    // "Last used" to the minute: writing it on every call was a commit and an fsync of its own before each POS call.
    const now = this.now();
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_EVERY_MS || now < row.last_used_at) {
      stmt(this.db, 'UPDATE pos_pairings SET last_used_at = ? WHERE id = ?').run(now, row.id);
    }
    return { id: row.id, name: row.name };
  }

  list(): PosPairing[] {
    return stmt<[], { id: string; name: string; created_at: number; last_used_at: number | null; revoked_at: number | null }>(
      this.db,
      'SELECT id, name, created_at, last_used_at, revoked_at FROM pos_pairings ORDER BY created_at, id',
    )
      .all()
      .map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
  }

  rename(actorId: string, id: string, name: string): PosPairing {
    this.db.transaction(() => {
      if (stmt(this.db, 'UPDATE pos_pairings SET name = ? WHERE id = ?').run(name, id).changes === 0) throw new ApiFailure('not_found', 'No such POS pairing.');
      appendAudit(this.db, { actor: actorId, action: 'pos.pairing.rename', at: this.now(), detail: { pairingId: id, name } });
    })();
    return this.list().find((p) => p.id === id)!;
  }

  /** Hears each revocation (the event stream ends that POS's connections at once). */
  onRevoked(listener: (pairingId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => void this.revokedListeners.delete(listener);
  }

  /** Revokes a pairing: its credential is refused from the next call on. */
  revoke(actorId: string, id: string): PosPairing {
    this.db.transaction(() => {
      const r = stmt(this.db, 'UPDATE pos_pairings SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(this.now(), actorId, id);
      if (r.changes === 0) throw new ApiFailure('not_found', 'No such POS pairing, or it was revoked already.');
      appendAudit(this.db, { actor: actorId, action: 'pos.pairing.revoke', at: this.now(), detail: { pairingId: id } });
    })();
    for (const l of this.revokedListeners) l(id);
    return this.list().find((p) => p.id === id)!;
  }
}
