import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { findIdempotentAnswer, saveIdempotentAnswer } from '../../db/repos/posOrders';
import { orderRefusal } from './refusals';

/** Who is calling the order services, and the idempotency key of this call when it carries one. */
export interface PosCaller {
  /** Recorded as the ledger's cashier and the audit's actor: `pos:<pairing id>`. */
  actorId: string;
  /** Idempotency keys are per caller (one POS's key never answers another's call). */
  scope: string;
  idempotencyKey?: string;
}

const hashOf = (operation: string, request: unknown) =>
  createHash('sha256')
    .update(`${operation}\n${JSON.stringify(request)}`)
    .digest('hex');

/** The answer an earlier call with this key gave, when there is one (the same request), or undefined. */
export function earlierAnswer<T>(db: Database.Database, caller: PosCaller, operation: string, request: unknown): T | undefined {
  if (!caller.idempotencyKey) return undefined;
  const found = findIdempotentAnswer(db, caller.scope, caller.idempotencyKey);
  if (!found) return undefined;
  if (found.requestHash !== hashOf(operation, request)) {
    throw orderRefusal('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
  }
  return JSON.parse(found.answer) as T;
}

/**
 * Runs one write exactly once per idempotency key: a retry with the same key and request gets the
 * first answer and writes nothing; the answer is kept in the same transaction as the write, so a
 * crash leaves either both or neither. A refusal is not kept (nothing was written; a retry decides again).
 */
export function once<T>(db: Database.Database, caller: PosCaller, operation: string, request: unknown, now: number, write: () => T): T {
  return db
    .transaction((): T => {
      const earlier = earlierAnswer<T>(db, caller, operation, request);
      if (earlier !== undefined) return earlier;
      const answer = write();
      if (caller.idempotencyKey) {
        saveIdempotentAnswer(db, {
          scope: caller.scope,
          key: caller.idempotencyKey,
          requestHash: hashOf(operation, request),
          answer: JSON.stringify(answer),
          at: now,
        });
      }
      return answer;
    })
    .immediate();
}
