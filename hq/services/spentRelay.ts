import { sql } from 'kysely';
import { appendChanges, CHAIN_STREAM, type NewChange, type SpentEntry } from './changeLog';
import { inTransaction, type HqContext, type Tx } from './context';
import { recordSpent } from './spentList';

/**
 * The spent relay (decision 070). A push that uses up a code writes a 'spent_here' fact into its
 * own store's stream (no chain-wide lock on the push path). Every till must learn it, so the relay
 * copies those facts into the chain stream as 'spent' changes: many pushes per chain version, one
 * relay at a time (it holds the chain stream's head row), run before each pull.
 *
 * The relayed entry is the code's state recomputed from the ledger at relay time (winning uses in
 * total and per till), not the fact's own payload: facts from two stores about one code are then
 * never folded in the wrong order, and a relay that reads a newer state than its facts is still right.
 */

/** Facts relayed per transaction at most (later ones go in the next run). */
const RELAY_BATCH = 5_000;
/** Codes per chain change: keeps each change far under a page's item budget. */
const CODES_PER_CHANGE = 2_000;

/** Copies pending spent facts into the chain stream; returns how many facts it relayed. */
export async function relaySpent(ctx: HqContext): Promise<number> {
  const pending = await pendingFacts(ctx.db, 1);
  if (pending.length === 0) return 0;
  return inTransaction(ctx, async (trx) => {
    // One relay at a time: the second waits here, then finds the facts relayed.
    await sql`update change_streams set head = head where stream = ${CHAIN_STREAM}`.execute(trx);
    const facts = await pendingFacts(trx, RELAY_BATCH);
    if (facts.length === 0) return 0;
    const upTo = new Map<string, number>();
    const keys = new Set<string>();
    for (const f of facts) {
      upTo.set(f.stream, Math.max(upTo.get(f.stream) ?? 0, Number(f.version)));
      for (const k of JSON.parse(f.payload) as string[]) keys.add(k);
    }
    const entries = await spentNow(trx, [...keys].sort());
    // The spent lists (tills that ask for them) and, per code, the 'spent' changes (tills that do not yet).
    const wide = await recordSpent(ctx, trx, entries);
    const changes: NewChange[] = [];
    for (let i = 0; i < entries.length; i += CODES_PER_CHANGE)
      changes.push({ kind: 'spent', stream: CHAIN_STREAM, payload: entries.slice(i, i + CODES_PER_CHANGE) });
    for (let i = 0; i < wide.length; i += CODES_PER_CHANGE)
      changes.push({ kind: 'spent_wide', stream: CHAIN_STREAM, payload: wide.slice(i, i + CODES_PER_CHANGE) });
    await appendChanges(ctx, trx, changes);
    for (const [stream, relayed] of upTo) await trx.updateTable('spent_relay').set({ relayed }).where('stream', '=', stream).execute();
    return facts.length;
  });
}

/** Spent facts not yet relayed, in stream and version order: one statement, so one snapshot of every store stream. */
function pendingFacts(db: HqContext['db'] | Tx, limit: number) {
  return pendingFactsQuery(db, limit).execute();
}

/** The relay's read (partial index changes_spent_here; exported for the EXPLAIN test). */
export function pendingFactsQuery(db: HqContext['db'] | Tx, limit: number) {
  return db
    .selectFrom('changes as c')
    .innerJoin('spent_relay as r', 'r.stream', 'c.stream')
    .select(['c.stream', 'c.version', 'c.payload'])
    .where('c.kind', '=', 'spent_here')
    .whereRef('c.version', '>', 'r.relayed')
    .orderBy('c.stream')
    .orderBy('c.version')
    .limit(limit);
}

/** Each code's winning uses now, in total and per till (a code with none left: total 0). */
async function spentNow(trx: Tx, keys: string[]): Promise<SpentEntry[]> {
  const byKey = new Map<string, SpentEntry>(keys.map((k) => [k, { couponKey: k, total: 0, byTill: {} }]));
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await trx
      .selectFrom('redemptions')
      .select(['coupon_key', 'till_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('coupon_key', 'in', keys.slice(i, i + 500))
      .where('kind', '=', 'redeem')
      .where('status', '=', 'accepted')
      .groupBy(['coupon_key', 'till_id'])
      .execute();
    for (const r of rows) {
      const e = byKey.get(r.coupon_key)!;
      e.byTill[r.till_id] = Number(r.n);
      e.total += Number(r.n);
    }
  }
  return [...byKey.values()];
}
