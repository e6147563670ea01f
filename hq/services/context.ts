import type { Kysely, Transaction } from 'kysely';
import type { ScryptParams } from '../../shared/auth/pinHash';
import { HybridClock } from '../../shared/hlc';
import type { HqDialect } from '../db/connect';
import type { HqTables } from '../db/schema';
import type { MasterKey } from './secrets';

/** What every HQ service works with: the database, its dialect and an injected clock. */
export interface HqContext {
  db: Kysely<HqTables>;
  dialect: HqDialect;
  now: () => number;
  /** HQ's hybrid logical clock: its time goes back to tills in every answer. */
  clock: HybridClock;
  /** scrypt parameters for new PIN hashes (default DEFAULT_SCRYPT; tests pass cheap ones). */
  pinScrypt?: ScryptParams;
  /** Seals and opens the issuing private keys (services/secrets.ts). */
  masterKey: MasterKey;
  /** SHA-256 (hex) of the certificate tills must see at HQ, carried in every enrollment token; null: none pinned. */
  enrollmentPin?: string | null;
  /** Wakes the webhook dispatcher (services/webhookDelivery.ts): events were queued. */
  webhooksQueued?: () => void;
}

export type Tx = Transaction<HqTables>;

/** A refusal of bad input: the HTTP layer turns it into a 4xx with this message. */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// PostgreSQL errors that mean "another HQ process got there first: run the transaction again".
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Runs `work` in one transaction. On PostgreSQL a serialization failure, deadlock or a
 * unique-key race with another HQ process retries the whole transaction: `work` must be
 * a pure function of what it reads inside the transaction.
 */
export async function inTransaction<T>(ctx: HqContext, work: (trx: Tx) => Promise<T>): Promise<T> {
  // Already inside one (an audited admin write runs its service in the transaction that writes the
  // audit entry): join it. A retry then re-runs the outer transaction, the whole write.
  if (ctx.db.isTransaction) return work(ctx.db as Tx);
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(work);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (ctx.dialect !== 'postgres' || typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
    }
  }
}
