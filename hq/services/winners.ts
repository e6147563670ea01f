import { HqWinnerSchema, type HqWinner } from '../../shared/ruleSet';
import type { Tx } from './context';

/**
 * Who won a code, for the verdict a losing till receives: the winning redemption's till (with
 * its name at HQ), store and redemption time. The till shows it to its manager instead of a
 * bare redemption id.
 */

/** What a winning redemption already in hand (say, one arriving in this push) tells about itself. */
export interface KnownRedemption {
  tillId: string;
  storeId: string;
  createdAt: number;
}

/**
 * The winners with the given redemption ids: taken from `known` when there, else read from the
 * ledger. A winner that would not pass the till's schema (a till clock far off, say) is left out,
 * so its verdict still applies with `winnerId` alone; a name that would not pass is left out alone.
 */
export async function describeWinners(
  trx: Tx,
  winnerIds: Iterable<string>,
  known: ReadonlyMap<string, KnownRedemption> = new Map(),
): Promise<Map<string, HqWinner>> {
  const ids = [...new Set(winnerIds)];
  const found = new Map<string, KnownRedemption>();
  const missing: string[] = [];
  for (const id of ids) {
    const k = known.get(id);
    if (k) found.set(id, k);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await trx
      .selectFrom('redemptions')
      .select(['id', 'till_id', 'store_id', 'body'])
      .where('id', 'in', missing.slice(i, i + 500))
      .execute();
    // The body is HQ's own canonical JSON of the upload (ledger.ts canonicalBody).
    for (const r of rows)
      found.set(r.id, { tillId: r.till_id, storeId: r.store_id, createdAt: Number((JSON.parse(r.body) as { createdAt: unknown }).createdAt) });
  }
  const names = new Map<string, string>();
  const tillIds = [...new Set([...found.values()].map((w) => w.tillId))];
  for (let i = 0; i < tillIds.length; i += 500) {
    const rows = await trx
      .selectFrom('tills')
      .select(['id', 'name'])
      .where('id', 'in', tillIds.slice(i, i + 500))
      .execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  const out = new Map<string, HqWinner>();
  for (const [id, w] of found) {
    const base = { tillId: w.tillId, storeId: w.storeId, redeemedAt: w.createdAt };
    const name = names.get(w.tillId);
    let parsed = HqWinnerSchema.safeParse(name ? { ...base, tillName: name } : base);
    if (!parsed.success && name) parsed = HqWinnerSchema.safeParse(base);
    if (parsed.success) out.set(id, parsed.data);
  }
  return out;
}
