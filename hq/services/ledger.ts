import { createHash } from 'node:crypto';
import type { RedemptionUpload } from '../../shared/redemption';
import type { HqVerdict, HqWinner } from '../../shared/ruleSet';
import type { NewChange, SpentEntry } from './changeLog';
import { decideCode, sameCounts, usesByTill, verdictOf, type CodeDecision, type CodeRedemption } from './conflicts';
import type { HqContext, Tx } from './context';
import { describeWinners, type KnownRedemption } from './winners';
import { flagsColumn, type RedemptionFlags } from './checks';

/**
 * Writing redemptions into HQ's ledger and re-deciding the codes they touch, in one
 * transaction. Codes are locked first (their code_state rows, in key order), so two HQ
 * processes on one PostgreSQL database decide each code one after the other.
 */

export interface StoredRow extends CodeRedemption {
  couponKey: string;
  campaignId: number;
  storeId: string;
  status: string;
  winnerId: string | null;
  isNew: boolean;
  body?: string;
  bodyHash?: string;
  upload?: RedemptionUpload;
  /** What HQ's checks flagged (services/checks.ts); new rows only. */
  flags?: RedemptionFlags;
}

export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * Stable JSON of an upload (keys in schema order after parsing), the thing "same id, same body"
 * compares: the fields every till has always sent. The later ones (seq, campaignVersion,
 * eligibleMinor) are kept in `fullBody` but not compared, so an entry first pushed by an older
 * till, or through an older HQ that dropped them, is still the same entry when sent again.
 */
export function canonicalBody(u: RedemptionUpload): string {
  const body: Record<string, unknown> = {};
  for (const k of CANONICAL_FIELDS) body[k] = u[k];
  return JSON.stringify(body);
}

/** The compared fields, in the order their JSON has always had (stored body hashes depend on it). */
const CANONICAL_FIELDS = [
  'id',
  'kind',
  'voidsId',
  'couponKey',
  'campaignId',
  'storeId',
  'tillId',
  'cashierId',
  'basketId',
  'basketTotalMinor',
  'discountMinor',
  'memberId',
  'source',
  'hlc',
  'createdAt',
  'reason',
  'approvedBy',
] as const satisfies readonly (keyof RedemptionUpload)[];

/** Everything the till sent (what the ledger stores): the canonical body plus the newer fields it carried. */
export function fullBody(u: RedemptionUpload): string {
  const base = JSON.parse(canonicalBody(u)) as Record<string, unknown>;
  if (u.seq !== undefined) base.seq = u.seq;
  if (u.campaignVersion !== undefined) base.campaignVersion = u.campaignVersion;
  if (u.eligibleMinor !== undefined) base.eligibleMinor = u.eligibleMinor;
  if (u.receiptNo !== undefined) base.receiptNo = u.receiptNo;
  return JSON.stringify(base);
}

/** Takes the per-code locks on PostgreSQL: creates missing code_state rows, then SELECT ... FOR UPDATE in key order. */
export async function lockCodes(ctx: HqContext, trx: Tx, keys: string[]): Promise<void> {
  // SQLite has one writer at a time (Kysely holds its single connection for the whole
  // transaction), so every transaction is already serialised: no lock rows needed.
  if (keys.length === 0 || ctx.dialect === 'sqlite') return;
  const sorted = [...new Set(keys)].sort();
  const at = ctx.now();
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    await trx
      .insertInto('code_state')
      .values(chunk.map((k) => ({ coupon_key: k, winners: 0, updated_at: at })))
      .onConflict((oc) => oc.column('coupon_key').doNothing())
      .execute();
    if (ctx.dialect === 'postgres') {
      await trx.selectFrom('code_state').select('coupon_key').where('coupon_key', 'in', chunk).orderBy('coupon_key').forUpdate().execute();
    }
  }
}

/** The conflict recomputation's read: every redeem of these codes (index redemptions_code; exported for the EXPLAIN test). */
export function codeRowsQuery(db: Tx | HqContext['db'], keys: string[]) {
  return db
    .selectFrom('redemptions')
    .select(['id', 'till_id', 'hlc', 'voided', 'resolution', 'note', 'coupon_key', 'campaign_id', 'store_id', 'status', 'winner_id', 'clock_suspect'])
    .where('coupon_key', 'in', keys)
    .where('kind', '=', 'redeem');
}

/** Every redeem of the given codes, with its current decision. */
export async function loadCodeRows(trx: Tx, keys: string[]): Promise<Map<string, StoredRow[]>> {
  const byCode = new Map<string, StoredRow[]>();
  for (const k of keys) byCode.set(k, []);
  const unique = [...byCode.keys()];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await codeRowsQuery(trx, unique.slice(i, i + 500)).execute();
    for (const r of rows) {
      byCode.get(r.coupon_key)!.push({
        id: r.id,
        tillId: r.till_id,
        hlc: r.hlc,
        voided: Number(r.voided) === 1,
        resolution: r.resolution,
        note: r.note,
        couponKey: r.coupon_key,
        campaignId: Number(r.campaign_id),
        storeId: r.store_id,
        status: r.status,
        winnerId: r.winner_id,
        isNew: false,
        clockSuspect: Number(r.clock_suspect) === 1,
      });
    }
  }
  return byCode;
}

/** Uses per code for each campaign (unknown campaign: single-use, the safe default). */
export async function usesPerCode(trx: Tx, campaignIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const ids = [...new Set(campaignIds)];
  if (ids.length === 0) return out;
  const rows = await trx.selectFrom('campaigns').select(['id', 'body']).where('id', 'in', ids).execute();
  for (const r of rows) out.set(Number(r.id), Number((JSON.parse(r.body) as { rules?: { usesPerCode?: number } }).rules?.usesPerCode ?? 1));
  return out;
}

export interface DecideOutcome {
  decisions: Map<string, CodeDecision>;
  /** Verdicts and spent facts for the change log: the caller appends them last, just before commit (appendChanges). */
  changes: NewChange[];
}

/**
 * Re-decides the codes in `byCode` (which already include new rows), writes new rows and
 * changed decisions, records conflicts, and returns the verdicts and spent facts for the change
 * log, which the caller appends as its transaction's last write (the stream head row is then held
 * for one statement and the commit, not through the rest of the push).
 */
export async function decideAndWrite(
  ctx: HqContext,
  trx: Tx,
  byCode: Map<string, StoredRow[]>,
  newVoids: StoredRow[],
  /** The pushing till's store: its stream gets the 'spent_here' facts (relayed to every till by spentRelay.ts). */
  storeId: string,
): Promise<DecideOutcome> {
  const allRows = [...byCode.values()].flat();
  const uses = await usesPerCode(
    trx,
    allRows.map((r) => r.campaignId),
  );
  const decisions = new Map<string, CodeDecision>();
  const verdictsByTill = new Map<string, { storeId: string; verdicts: HqVerdict[] }>();
  const spent: SpentEntry[] = [];
  const changed: { row: StoredRow; d: CodeDecision }[] = [];
  const at = ctx.now();
  for (const [couponKey, rows] of byCode) {
    if (rows.length === 0) continue;
    const allowed = Math.max(1, uses.get(rows[0]!.campaignId) ?? 1);
    const before = usesByTill(
      rows,
      rows.map((r) => ({ id: r.id, status: r.isNew ? 'voided' : (r.status as CodeDecision['status']), winnerId: r.winnerId })),
    );
    const ds = decideCode(rows, allowed);
    const after = usesByTill(rows, ds);
    const rowById = new Map(rows.map((r) => [r.id, r]));
    for (const d of ds) {
      decisions.set(d.id, d);
      const row = rowById.get(d.id)!;
      if (!row.isNew && row.status === d.status && row.winnerId === d.winnerId) continue;
      changed.push({ row, d });
    }
    const total = Object.values(after).reduce((s, n) => s + n, 0);
    const totalBefore = Object.values(before).reduce((s, n) => s + n, 0);
    // Tills learn a code's uses once it is used up (and again when a void frees a use).
    if (!sameCounts(before, after) && (total >= allowed || totalBefore >= allowed)) spent.push({ couponKey, total, byTill: after });
  }
  await writeRows(trx, changed, newVoids, at);
  await recordConflicts(trx, changed, at);
  const winners = await winnersOf(trx, changed, allRows);
  for (const { row, d } of changed) {
    const v = verdictOf(d, row, winners);
    if (!v) continue;
    const entry = verdictsByTill.get(row.tillId) ?? { storeId: row.storeId, verdicts: [] };
    entry.verdicts.push(v);
    verdictsByTill.set(row.tillId, entry);
  }
  const changes: NewChange[] = [];
  for (const [tillId, { storeId, verdicts }] of verdictsByTill) changes.push({ kind: 'verdict', storeId, tillId, payload: verdicts });
  if (spent.length > 0) changes.push({ kind: 'spent_here', stream: storeId, payload: spent.map((s) => s.couponKey) });
  return { decisions, changes };
}

/** The winners the changed losers' verdicts name: new rows from their uploads, the rest from the ledger. */
async function winnersOf(trx: Tx, changed: { row: StoredRow; d: CodeDecision }[], rows: StoredRow[]): Promise<Map<string, HqWinner>> {
  const ids = changed.filter(({ d }) => d.status !== 'voided' && d.winnerId).map(({ d }) => d.winnerId!);
  if (ids.length === 0) return new Map();
  const known = new Map<string, KnownRedemption>();
  for (const r of rows) if (r.upload) known.set(r.id, { tillId: r.tillId, storeId: r.storeId, createdAt: r.upload.createdAt });
  return describeWinners(trx, ids, known);
}

async function writeRows(trx: Tx, changed: { row: StoredRow; d: CodeDecision }[], newVoids: StoredRow[], at: number): Promise<void> {
  const inserts = [
    ...changed.filter((c) => c.row.isNew).map(({ row, d }) => toInsert(row, 'redeem', d.status, d.winnerId, at)),
    ...newVoids.map((v) => toInsert(v, 'void', v.status, null, at)),
  ];
  for (let i = 0; i < inserts.length; i += 200)
    await trx
      .insertInto('redemptions')
      .values(inserts.slice(i, i + 200))
      .execute();
  for (const { row, d } of changed) {
    if (row.isNew) continue;
    await trx
      .updateTable('redemptions')
      .set({ status: d.status, winner_id: d.winnerId, voided: row.voided ? 1 : 0 })
      .where('id', '=', row.id)
      .execute();
  }
}

function toInsert(row: StoredRow, kind: 'redeem' | 'void', status: string, winnerId: string | null, at: number) {
  const u = row.upload!;
  return {
    id: row.id,
    kind,
    voids_id: u.voidsId,
    coupon_key: row.couponKey,
    campaign_id: row.campaignId,
    store_id: row.storeId,
    till_id: row.tillId,
    hlc: row.hlc,
    body: row.body!,
    body_hash: row.bodyHash!,
    received_at: at,
    status,
    winner_id: winnerId,
    voided: row.voided ? 1 : 0,
    resolution: null,
    note: null,
    seq: u.seq ?? null,
    clock_suspect: row.clockSuspect ? 1 : 0,
    flags: flagsColumn(row.flags),
  };
}

/** Keeps the managers' conflict list in step with the decisions: losers are listed, never dropped. */
async function recordConflicts(trx: Tx, changed: { row: StoredRow; d: CodeDecision }[], at: number): Promise<void> {
  for (const { row, d } of changed) {
    const loser = d.status === 'conflict' || d.status === 'resolved';
    if (loser) {
      const kind = !row.isNew && row.status === 'accepted' ? 'displaced' : 'new_loser';
      await trx
        .insertInto('conflicts')
        .values({
          redemption_id: row.id,
          coupon_key: row.couponKey,
          winner_id: d.winnerId!,
          kind,
          state: d.status === 'resolved' ? 'resolved' : 'open',
          created_at: at,
          updated_at: at,
          resolution: null,
          note: null,
          resolved_at: null,
        })
        .onConflict((oc) =>
          oc.column('redemption_id').doUpdateSet({ winner_id: d.winnerId!, state: d.status === 'resolved' ? 'resolved' : 'open', updated_at: at }),
        )
        .execute();
    } else if (!row.isNew && (row.status === 'conflict' || row.status === 'resolved')) {
      await trx.updateTable('conflicts').set({ state: 'cleared', updated_at: at }).where('redemption_id', '=', row.id).execute();
    }
  }
}
