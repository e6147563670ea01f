import { sql } from 'kysely';
import type { HqContext, Tx } from './context';

/**
 * The change log: every change a till must learn (campaigns, keys, revocations, codes spent,
 * plain-code batches, verdicts, users) is appended here with a version. Tills pull pages of it.
 *
 * Versions are taken from one counter row locked at the end of the writing transaction, so
 * they are gap-free and become visible in version order even with several HQ processes on
 * one PostgreSQL database: a till that has seen version V never misses a later commit below V.
 */
export type ChangeKind = 'store' | 'campaign' | 'key' | 'revoke' | 'spent' | 'plain' | 'plain_removed' | 'verdict' | 'user' | 'tills';

export interface NewChange {
  kind: ChangeKind;
  /** Only this store's tills see the change (null: every till). */
  storeId?: string | null;
  /** Only this till sees the change (null: every till of the store / every till). */
  tillId?: string | null;
  payload: unknown;
}

/** Payload of a 'spent' change: HQ's winning uses of each code, in total and per till. */
export interface SpentEntry {
  couponKey: string;
  total: number;
  byTill: Record<string, number>;
}

/** Appends changes inside the caller's transaction; call it last, just before commit, to hold the counter briefly. */
export async function appendChanges(ctx: HqContext, trx: Tx, changes: NewChange[]): Promise<number | null> {
  if (changes.length === 0) return null;
  const row = await sql<{ value: number }>`update counters set value = value + ${changes.length} where name = 'change_version' returning value`.execute(trx);
  const last = Number(row.rows[0]!.value);
  const first = last - changes.length + 1;
  const at = ctx.now();
  const rows = changes.map((c, i) => ({
    version: first + i,
    kind: c.kind,
    store_id: c.storeId ?? null,
    till_id: c.tillId ?? null,
    payload: JSON.stringify(c.payload),
    created_at: at,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('changes')
      .values(rows.slice(i, i + 500))
      .execute();
  return last;
}

/** The latest committed change-log version. */
export async function headVersion(ctx: HqContext): Promise<number> {
  const row = await ctx.db.selectFrom('counters').select('value').where('name', '=', 'change_version').executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Whose changes a pull may see: its till's own, its store's, and the chain-wide ones. */
export interface ChangeScope {
  storeId: string;
  tillId: string;
}

/** One change-log entry as a pull reads it. */
export interface ChangeRow {
  version: number;
  kind: ChangeKind;
  payload: unknown;
}

/**
 * The one door to the change log's read side: the entries after `since` (up to `upTo`, in
 * version order, at most `limit`) that the given scope may see. Pulls read nothing else.
 */
export async function read(ctx: HqContext, since: number, scope: ChangeScope, opts: { upTo: number; limit: number }): Promise<ChangeRow[]> {
  const rows = await ctx.db
    .selectFrom('changes')
    .select(['version', 'kind', 'payload'])
    .where('version', '>', since)
    .where('version', '<=', opts.upTo)
    .where((eb) => eb.or([eb('till_id', 'is', null), eb('till_id', '=', scope.tillId)]))
    .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', scope.storeId)]))
    .orderBy('version')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({ version: Number(r.version), kind: r.kind as ChangeKind, payload: JSON.parse(r.payload) as unknown }));
}
