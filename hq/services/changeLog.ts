import { sql } from 'kysely';
import { inTransaction, type HqContext, type Tx } from './context';

/**
 * The change log: every change a till must learn (campaigns, keys, revocations, codes spent,
 * plain-code batches, verdicts, users) is appended here with a version. Tills pull pages of it.
 *
 * It is split into change streams (decision 070): one per store (stream = the store id: its
 * store info, tills, verdicts) and the chain's ('*': campaigns, keys, revocations, plain codes,
 * codes spent, and every user entry, scoped by store_id, so a user's moves keep their order). Each stream's versions come from its own head row in
 * change_streams, locked at the end of the writing transaction, so within a stream they are
 * gap-free and become visible in version order even with several HQ processes on one PostgreSQL
 * database. A push takes no head row at all (decision 046): it queues its store stream's entries
 * unnumbered (queueChanges), and the sequencer numbers them before each pull (sequencePending), so
 * pushes wait only for another push of the same code. Spent facts reach the chain stream through
 * the relay (spentRelay.ts), off the push path.
 */
export type ChangeKind =
  'store' | 'campaign' | 'key' | 'revoke' | 'spent' | 'spent_here' | 'spent_wide' | 'plain' | 'plain_removed' | 'verdict' | 'user' | 'tills';

/** The chain-wide stream's name. */
export const CHAIN_STREAM = '*';

export interface NewChange {
  kind: ChangeKind;
  /** Only this store's tills see the change (null: every till). */
  storeId?: string | null;
  /** Only this till sees the change (null: every till of the store / every till). */
  tillId?: string | null;
  /** The stream it goes to (default: its store's, or the chain's when it has no store). */
  stream?: string;
  payload: unknown;
}

/** Payload of a 'spent' change: HQ's winning uses of each code, in total and per till. */
export interface SpentEntry {
  couponKey: string;
  total: number;
  byTill: Record<string, number>;
}

/** Where a till stands in the change log: a version per stream it pulls. */
export interface PullCursor {
  chain: number;
  store: number;
}

function streamOf(c: NewChange): string {
  return c.stream ?? c.storeId ?? CHAIN_STREAM;
}

/** Creates a stream's head row (and its spent-relay row) the first time the stream is written: it starts at 0. */
async function createStream(trx: Tx, stream: string): Promise<void> {
  await trx
    .insertInto('change_streams')
    .values({ stream, head: 0 })
    .onConflict((oc) => oc.column('stream').doNothing())
    .execute();
  if (stream !== CHAIN_STREAM)
    await trx
      .insertInto('spent_relay')
      .values({ stream, relayed: 0 })
      .onConflict((oc) => oc.column('stream').doNothing())
      .execute();
}

/** A change as a row of `changes` or `pending_changes`, without its stream and version. */
function entryRow(c: NewChange, at: number) {
  return { kind: c.kind, store_id: c.storeId ?? null, till_id: c.tillId ?? null, payload: JSON.stringify(c.payload), created_at: at };
}

/** Takes `n` versions of `stream` (locking its head row until the caller commits); returns the last. */
async function takeVersions(trx: Tx, stream: string, n: number): Promise<number> {
  const bump = () => sql<{ head: number }>`update change_streams set head = head + ${n} where stream = ${stream} returning head`.execute(trx);
  let row = await bump();
  if (row.rows.length === 0) {
    await createStream(trx, stream);
    row = await bump();
  }
  return Number(row.rows[0]!.head);
}

/**
 * PostgreSQL: takes the versions and inserts the entries in one statement, so the stream's head
 * row is locked from that statement to the commit only (one round trip, then the commit).
 */
async function appendStreamPg(trx: Tx, stream: string, list: NewChange[], at: number): Promise<void> {
  const n = list.length;
  const write = () =>
    sql<{ version: number }>`
    with h as (update change_streams set head = head + ${n}::bigint where stream = ${stream} returning head)
    insert into changes (stream, version, kind, store_id, till_id, payload, created_at)
    select ${stream}, h.head - ${n}::bigint + v.i, v.kind, v.store_id, v.till_id, v.payload, ${at}::bigint
      from h, unnest(${list.map((c) => c.kind)}::text[], ${list.map((c) => c.storeId ?? null)}::text[],
                     ${list.map((c) => c.tillId ?? null)}::text[], ${list.map((c) => JSON.stringify(c.payload))}::text[])
              with ordinality as v(kind, store_id, till_id, payload, i)
    returning version`.execute(trx);
  if ((await write()).rows.length === n) return;
  // A stream seen for the first time (a new store's): no head row yet, so nothing was written.
  await createStream(trx, stream);
  if ((await write()).rows.length !== n) throw new Error(`change stream ${stream}: could not append`);
}

/**
 * Appends changes inside the caller's transaction; call it last, just before commit, to hold the
 * stream head rows briefly. Streams are taken in name order, so two writers never deadlock.
 */
export async function appendChanges(ctx: HqContext, trx: Tx, changes: NewChange[]): Promise<void> {
  if (changes.length === 0) return;
  const byStream = new Map<string, NewChange[]>();
  for (const c of changes) byStream.set(streamOf(c), [...(byStream.get(streamOf(c)) ?? []), c]);
  const at = ctx.now();
  for (const stream of [...byStream.keys()].sort()) {
    const list = byStream.get(stream)!;
    // The stream's committed pending entries first (its head row locked from here): what this
    // transaction read as done (a conflict an admin now resolves) keeps its place before what it writes.
    while ((await sequenceStream(trx, stream)) === SEQUENCE_BATCH);
    if (ctx.dialect === 'postgres') {
      await appendStreamPg(trx, stream, list, at);
      continue;
    }
    const last = await takeVersions(trx, stream, list.length);
    const first = last - list.length + 1;
    const rows = list.map((c, i) => ({ ...entryRow(c, at), stream, version: first + i }));
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('changes')
        .values(rows.slice(i, i + 500))
        .execute();
  }
}

/**
 * A push's store-stream entries (verdicts, spent facts), written unnumbered to pending_changes
 * (decision 046): no head row is taken, so pushes of one store do not queue on each other either.
 * The sequencer numbers them before the next pull reads the streams. Order within a code holds:
 * a later push of the code waits for the earlier one's commit on the code's lock before it writes
 * here, so its `seq` is higher and no snapshot sees it without the earlier one.
 */
export async function queueChanges(ctx: HqContext, trx: Tx, changes: NewChange[]): Promise<void> {
  if (changes.length === 0) return;
  const at = ctx.now();
  const rows = changes.map((c) => ({ ...entryRow(c, at), stream: streamOf(c) }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('pending_changes')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Pending entries numbered per transaction at most (the rest in the next run). */
const SEQUENCE_BATCH = 5_000;

/**
 * The sequencer: numbers every committed pending entry into its stream, in `seq` order, under the
 * stream's head row lock (one transaction per stream, streams in name order), so versions stay
 * gap-free and become visible in order. Runs before each pull (pull.ts) and the spent relay reads
 * what it numbered; two sequencers of one stream take turns on its head row, and the second, whose
 * read comes after the lock, finds only what the first left.
 */
export async function sequencePending(ctx: HqContext): Promise<number> {
  const streams = (await ctx.db.selectFrom('pending_changes').select('stream').distinct().execute()).map((r) => r.stream).sort();
  let numbered = 0;
  for (const stream of streams) numbered += await inTransaction(ctx, (trx) => sequenceStream(trx, stream));
  return numbered;
}

async function sequenceStream(trx: Tx, stream: string): Promise<number> {
  // The lock first: the read below then sees every entry a sequencer before this one has not taken.
  let head = (await sql<{ head: number }>`update change_streams set head = head where stream = ${stream} returning head`.execute(trx)).rows[0]?.head;
  if (head === undefined) {
    await createStream(trx, stream);
    head = 0;
  }
  const pending = await trx
    .selectFrom('pending_changes')
    .select(['seq', 'kind', 'store_id', 'till_id', 'payload', 'created_at'])
    .where('stream', '=', stream)
    .orderBy('seq')
    .limit(SEQUENCE_BATCH)
    .execute();
  if (pending.length === 0) return 0;
  const first = Number(head) + 1;
  const rows = pending.map((p, i) => ({
    stream,
    version: first + i,
    kind: p.kind,
    store_id: p.store_id,
    till_id: p.till_id,
    payload: p.payload,
    created_at: Number(p.created_at),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('changes')
      .values(rows.slice(i, i + 500))
      .execute();
  // By the seqs read, never by a range: an entry with a lower seq committed since is not in `pending`.
  const seqs = pending.map((p) => Number(p.seq));
  for (let i = 0; i < seqs.length; i += 500)
    await trx
      .deleteFrom('pending_changes')
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
  await trx
    .updateTable('change_streams')
    .set({ head: Number(head) + pending.length })
    .where('stream', '=', stream)
    .execute();
  return pending.length;
}

/** The latest committed versions of the chain stream and `storeId`'s stream, read at one instant. */
export async function heads(ctx: HqContext, storeId: string): Promise<PullCursor> {
  const rows = await ctx.db.selectFrom('change_streams').select(['stream', 'head']).where('stream', 'in', [CHAIN_STREAM, storeId]).execute();
  const of = (s: string) => Number(rows.find((r) => r.stream === s)?.head ?? 0);
  return { chain: of(CHAIN_STREAM), store: of(storeId) };
}

/** The chain stream's latest committed version. */
export async function headVersion(ctx: HqContext): Promise<number> {
  return (await heads(ctx, CHAIN_STREAM)).chain;
}

/** Whose changes a pull may see: its till's own, its store's, and the chain-wide ones. */
export interface ChangeScope {
  storeId: string;
  tillId: string;
  /** The till takes the spent lists (decision 072): per-code 'spent' changes are skipped, 'spent_wide' ones read. */
  spentLists?: boolean;
}

/** One change-log entry as a pull reads it. */
export interface ChangeRow {
  stream: 'chain' | 'store';
  version: number;
  kind: ChangeKind;
  payload: unknown;
}

/** The chain stream's entries a scope may see, in (since, upTo], in order (exported for the EXPLAIN test). */
export function chainStreamQuery(db: HqContext['db'], since: number, upTo: number, scope: ChangeScope, limit: number) {
  return (
    db
      .selectFrom('changes')
      .select(['version', 'kind', 'payload'])
      .where('stream', '=', CHAIN_STREAM)
      .where('version', '>', since)
      .where('version', '<=', upTo)
      // Users are chain-stream rows scoped by store (users.ts): a store's users reach its tills only.
      .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', scope.storeId)]))
      // Codes spent travel either per code (tills before spent lists) or in the lists (the rest), never both.
      .where('kind', '<>', scope.spentLists ? 'spent' : 'spent_wide')
      .orderBy('stream')
      .orderBy('version')
      .limit(limit)
  );
}

/** The scope's store stream entries in (since, upTo], in order, without the spent facts the relay carries (exported for the EXPLAIN test). */
export function storeStreamQuery(db: HqContext['db'], since: number, upTo: number, scope: ChangeScope, limit: number) {
  return db
    .selectFrom('changes')
    .select(['version', 'kind', 'payload'])
    .where('stream', '=', scope.storeId)
    .where('version', '>', since)
    .where('version', '<=', upTo)
    .where('kind', '<>', 'spent_here')
    .where((eb) => eb.or([eb('till_id', 'is', null), eb('till_id', '=', scope.tillId)]))
    .orderBy('stream')
    .orderBy('version')
    .limit(limit);
}

/**
 * The one door to the change log's read side: the entries after `since` (up to `upTo`) that the
 * scope may see, at most `limit`: the chain stream's first, in version order, then (only once the
 * chain's are all returned) the store stream's. Each query stays inside one stream's key range
 * (primary key stream, version), so a pull never reads another store's stream (EXPLAIN test).
 */
export async function read(ctx: HqContext, since: PullCursor, scope: ChangeScope, opts: { upTo: PullCursor; limit: number }): Promise<ChangeRow[]> {
  const chain = since.chain < opts.upTo.chain ? await chainStreamQuery(ctx.db, since.chain, opts.upTo.chain, scope, opts.limit).execute() : [];
  const left = opts.limit - chain.length;
  const store = left > 0 && since.store < opts.upTo.store ? await storeStreamQuery(ctx.db, since.store, opts.upTo.store, scope, left).execute() : [];
  const rows = (s: ChangeRow['stream'], list: typeof chain): ChangeRow[] =>
    list.map((r) => ({ stream: s, version: Number(r.version), kind: r.kind as ChangeKind, payload: JSON.parse(r.payload) as unknown }));
  return [...rows('chain', chain), ...rows('store', store)];
}
