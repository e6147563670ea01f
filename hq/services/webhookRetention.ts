import type { HqContext } from './context';

/**
 * Retention of HQ's webhook outbox (webhook_deliveries). A delivered row has done its job once the
 * receiver answered 2xx: it is kept `deliveredRetentionMs` after delivery (for "did HQ send it?"
 * questions), then deleted. A dead letter is kept `deadRetentionMs` after HQ gave up, so an owner
 * has time to see and replay it (null: kept until replayed). Pending rows are never deleted.
 * docs/decisions/042-webhook-delivery-retention.md says why these defaults.
 *
 * Deletion is in batches of `pruneBatch` rows, each its own statement (so its own short
 * transaction): a backlog of millions never holds SQLite's one writer, or PostgreSQL row locks,
 * for long. A run stops after `pruneMaxBatches` of each kind and says there is more; the dispatcher
 * then runs it again on its next tick instead of waiting for the next interval.
 */
export interface WebhookRetention {
  /** How long a delivered row stays after delivery (default 30 days). */
  deliveredRetentionMs: number;
  /** How long a dead letter stays after HQ gave up on it (default 90 days); null: until replayed. */
  deadRetentionMs: number | null;
  /** How often the dispatcher prunes (default hourly). */
  pruneEveryMs: number;
  /** Rows deleted per statement (default 1000). */
  pruneBatch: number;
  /** Statements per run for each of delivered rows and dead letters, before yielding to the next tick (default 10). */
  pruneMaxBatches: number;
}

const DAY = 86_400_000;

export const DEFAULT_WEBHOOK_RETENTION: WebhookRetention = {
  deliveredRetentionMs: 30 * DAY,
  deadRetentionMs: 90 * DAY,
  pruneEveryMs: 3_600_000,
  pruneBatch: 1_000,
  pruneMaxBatches: 10,
};

export interface PruneResult {
  delivered: number;
  dead: number;
  /** Delete statements run. */
  batches: number;
  /** The run stopped at pruneMaxBatches with rows still past retention. */
  more: boolean;
}

type Kind = { state: 'delivered'; column: 'delivered_at' } | { state: 'dead'; column: 'next_attempt_at' };
const DELIVERED: Kind = { state: 'delivered', column: 'delivered_at' };
/** A dead letter's next_attempt_at is the time HQ gave up (webhookDelivery.ts failed()). */
const DEAD: Kind = { state: 'dead', column: 'next_attempt_at' };

/**
 * One batch: `delete ... where id in (select id ... limit n)`, the form SQLite (without
 * SQLITE_ENABLE_UPDATE_DELETE_LIMIT) and PostgreSQL both take. The outer statement repeats the
 * state and age conditions so that, on PostgreSQL, a row a replay turned pending meanwhile is
 * re-checked against its new version and kept. The inner select reads the (state, column) index
 * in its order, so two HQ processes pruning at once lock rows in the same order.
 */
export function pruneBatchQuery(ctx: HqContext, kind: Kind, cutoff: number, limit: number) {
  return ctx.db
    .deleteFrom('webhook_deliveries')
    .where('state', '=', kind.state)
    .where(kind.column, '<', cutoff)
    .where('id', 'in', (eb) =>
      eb.selectFrom('webhook_deliveries').select('id').where('state', '=', kind.state).where(kind.column, '<', cutoff).orderBy(kind.column).limit(limit),
    );
}

/** Deletes delivered rows and dead letters past retention, in bounded batches (see above). */
export async function pruneWebhookDeliveries(ctx: HqContext, retention: Partial<WebhookRetention> = {}): Promise<PruneResult> {
  const r = { ...DEFAULT_WEBHOOK_RETENTION, ...retention };
  const now = ctx.now();
  const result: PruneResult = { delivered: 0, dead: 0, batches: 0, more: false };
  const kinds: [Kind, number, 'delivered' | 'dead'][] = [[DELIVERED, now - r.deliveredRetentionMs, 'delivered']];
  if (r.deadRetentionMs !== null) kinds.push([DEAD, now - r.deadRetentionMs, 'dead']);
  // Each kind has its own budget, so a delivered backlog never keeps old dead letters waiting.
  for (const [kind, cutoff, key] of kinds) {
    for (let b = 0; ; b++) {
      if (b >= r.pruneMaxBatches) {
        result.more = true;
        break;
      }
      const res = await pruneBatchQuery(ctx, kind, cutoff, r.pruneBatch).executeTakeFirst();
      const n = Number(res.numDeletedRows);
      result.batches++;
      result[key] += n;
      if (n < r.pruneBatch) break;
      // Let requests waiting on the one SQLite connection in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return result;
}
