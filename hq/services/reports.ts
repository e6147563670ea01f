import type { HqVerdict } from '../../shared/ruleSet';
import { listCampaigns } from './campaigns';
import { appendChanges } from './changeLog';
import { HqError, inTransaction, type HqContext } from './context';
import { queueWebhookEvent } from './webhooks';
import { describeWinners } from './winners';

/** What HQ admins look at: the redemption ledger and the conflict list, and resolving conflicts. */

export interface RedemptionFilter {
  storeId?: string;
  couponKey?: string;
  status?: string;
  /** Only redemptions carrying this flag (services/checks.ts). */
  flag?: (typeof STORED_FLAG_NAMES)[number];
  limit?: number;
  /** The previous page's `nextCursor`: keyset paging, any depth, the same on SQLite and PostgreSQL. */
  cursor?: string;
}

/** A page cursor: the last row's sort key, opaque to callers. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: ('string' | 'number')[]): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key as (string | number)[];
  } catch {
    // refused below
  }
  throw new HqError(400, 'bad_cursor', 'the cursor is not one HQ gave out: start again without it');
}

/** The flags HQ stores on a redemption (services/checks.ts): what the log can filter on. */
export const STORED_FLAG_NAMES = [
  'clock_suspect',
  'figures_mismatch',
  'not_verifiable',
  'unknown_campaign',
  'wrong_campaign',
  'unknown_code',
  'void_target_mismatch',
] as const;
export const FLAG_NAMES = [
  ...STORED_FLAG_NAMES,
  /** A redemption of a bounce-back code that no till has reported handing out (decision 086): counted, not stored. */
  'bounceback_not_handed_out',
] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

const parseFlags = (text: string | null): Record<string, unknown> => (text ? (JSON.parse(text) as Record<string, unknown>) : {});

/** One page of redemptions in HLC order, and the cursor of the next page (null at the end). */
export async function pageRedemptions(ctx: HqContext, f: RedemptionFilter) {
  const limit = Math.min(f.limit ?? 1000, 10_000);
  const rows = await listRedemptions(ctx, { ...f, limit: limit + 1 }, true);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  return { rows: rows.slice(0, limit), nextCursor: last ? encodeCursor([last.hlc, last.id]) : null };
}

export async function listRedemptions(ctx: HqContext, f: RedemptionFilter, paging = false) {
  let q = ctx.db
    .selectFrom('redemptions')
    .select([
      'id',
      'kind',
      'voids_id',
      'coupon_key',
      'campaign_id',
      'store_id',
      'till_id',
      'hlc',
      'status',
      'winner_id',
      'voided',
      'resolution',
      'note',
      'received_at',
      'clock_suspect',
      'flags',
    ]);
  if (f.flag) q = q.where('flags', 'like', `%"${f.flag}"%`);
  const after = decodeCursor(f.cursor, ['string', 'string']);
  if (after) q = q.where((eb) => eb.or([eb('hlc', '>', after[0] as string), eb.and([eb('hlc', '=', after[0] as string), eb('id', '>', after[1] as string)])]));
  if (f.storeId) q = q.where('store_id', '=', f.storeId);
  if (f.couponKey) q = q.where('coupon_key', '=', f.couponKey);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q
    .orderBy('hlc')
    .orderBy('id')
    .limit(paging ? f.limit! : Math.min(f.limit ?? 1000, 10_000))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    voidsId: r.voids_id,
    couponKey: r.coupon_key,
    campaignId: Number(r.campaign_id),
    storeId: r.store_id,
    tillId: r.till_id,
    hlc: r.hlc,
    status: r.status,
    winnerId: r.winner_id,
    voided: Number(r.voided) === 1,
    resolution: r.resolution,
    note: r.note,
    receivedAt: Number(r.received_at),
    clockSuspect: Number(r.clock_suspect) === 1,
    flags: parseFlags(r.flags),
  }));
}

/**
 * The flags report: how many redemptions carry each flag, and the discount they claimed, so a
 * suspect or mismatched figure is counted for a person instead of silently trusted.
 */
export async function flagReport(ctx: HqContext, f: { storeId?: string } = {}) {
  const counts: Record<FlagName, { count: number; discountMinor: number }> = Object.fromEntries(
    FLAG_NAMES.map((n) => [n, { count: 0, discountMinor: 0 }]),
  ) as never;
  let q = ctx.db.selectFrom('redemptions').select(['flags', 'body']).where('flags', 'is not', null);
  if (f.storeId) q = q.where('store_id', '=', f.storeId);
  const add = (flags: string | null, discount: number) => {
    for (const name of Object.keys(parseFlags(flags))) {
      const c = counts[name as FlagName];
      if (c) {
        c.count += 1;
        c.discountMinor += discount;
      }
    }
  };
  for (const r of await q.execute()) add(r.flags, Number((JSON.parse(r.body) as { discountMinor?: unknown }).discountMinor ?? 0));
  // An amended figure HQ flagged (decision 082) counts under its flag too, at the figure the till claimed.
  let a = ctx.db.selectFrom('redemption_amendments').select(['flags', 'after_minor']).where('flags', 'is not', null);
  if (f.storeId) a = a.where('store_id', '=', f.storeId);
  for (const r of await a.execute()) add(r.flags, Number(r.after_minor));
  // Bounce-back codes redeemed (and not voided) that no till reported handing out: a till's report can
  // still be on its way, so this is computed each time, never stored on the redemption.
  const bounceBacks = (await listCampaigns(ctx)).filter((c) => c.rules.bounceBack).map((c) => c.id);
  if (bounceBacks.length > 0) {
    let b = ctx.db
      .selectFrom('redemptions as r')
      .leftJoin('till_issuances as i', 'i.coupon_key', 'r.coupon_key')
      .select(['r.body'])
      .where('r.kind', '=', 'redeem')
      .where('r.voided', '=', 0)
      .where('r.campaign_id', 'in', bounceBacks)
      .where('i.coupon_key', 'is', null);
    if (f.storeId) b = b.where('r.store_id', '=', f.storeId);
    const c = counts.bounceback_not_handed_out;
    for (const r of await b.execute()) {
      c.count += 1;
      c.discountMinor += Number((JSON.parse(r.body) as { discountMinor?: unknown }).discountMinor ?? 0);
    }
  }
  return counts;
}

/** One page of conflicts (oldest first) and the next page's cursor. */
export async function pageConflicts(ctx: HqContext, opts: { state?: string; limit?: number; cursor?: string } = {}) {
  const limit = Math.min(opts.limit ?? 1000, 10_000);
  const rows = await listConflicts(ctx, { ...opts, limit: limit + 1 }, true);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  return { rows: rows.slice(0, limit), nextCursor: last ? encodeCursor([last.createdAt, last.redemptionId]) : null };
}

export async function listConflicts(ctx: HqContext, opts: { state?: string; limit?: number; cursor?: string } = {}, paging = false) {
  let q = ctx.db
    .selectFrom('conflicts')
    .innerJoin('redemptions', 'redemptions.id', 'conflicts.redemption_id')
    .select([
      'conflicts.redemption_id',
      'conflicts.coupon_key',
      'conflicts.winner_id',
      'conflicts.kind',
      'conflicts.state',
      'conflicts.created_at',
      'conflicts.resolution',
      'conflicts.note',
      'conflicts.resolved_at',
      'redemptions.clock_suspect',
      'redemptions.flags',
    ]);
  if (opts.state) q = q.where('conflicts.state', '=', opts.state);
  const after = decodeCursor(opts.cursor, ['number', 'string']);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('conflicts.created_at', '>', after[0] as number),
        eb.and([eb('conflicts.created_at', '=', after[0] as number), eb('conflicts.redemption_id', '>', after[1] as string)]),
      ]),
    );
  const rows = await q
    .orderBy('conflicts.created_at')
    .orderBy('conflicts.redemption_id')
    .limit(paging ? opts.limit! : Math.min(opts.limit ?? 1000, 10_000))
    .execute();
  return rows.map((r) => ({
    redemptionId: r.redemption_id,
    couponKey: r.coupon_key,
    winnerId: r.winner_id,
    kind: r.kind,
    state: r.state,
    createdAt: Number(r.created_at),
    resolution: r.resolution,
    note: r.note,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    /** The losing redemption's clock was not believable (it ranked last): a person decides. */
    clockSuspect: Number(r.clock_suspect) === 1,
    flags: parseFlags(r.flags),
  }));
}

const CSV_COLUMNS = [
  'id',
  'kind',
  'voidsId',
  'couponKey',
  'campaignId',
  'storeId',
  'tillId',
  'hlc',
  'status',
  'winnerId',
  'voided',
  'clockSuspect',
  'flags',
  'receivedAt',
] as const;

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'object' ? (Object.keys(v).length ? Object.keys(v).join(' ') : '') : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every redemption matching `f` as CSV, page by page (keyset): any size, in constant memory. */
export async function* redemptionsCsv(ctx: HqContext, f: Omit<RedemptionFilter, 'cursor' | 'limit'>): AsyncGenerator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  let cursor: string | undefined;
  for (;;) {
    const page = await pageRedemptions(ctx, { ...f, limit: 2000, ...(cursor ? { cursor } : {}) });
    if (page.rows.length > 0) yield page.rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\r\n') + '\r\n';
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** A manager's decision on an open conflict: accept the loss, or charge the store back. The till learns it in its next pull. */
export async function resolveConflict(ctx: HqContext, redemptionId: string, resolution: 'accepted_as_loss' | 'charged_back', note: string) {
  return inTransaction(ctx, async (trx) => {
    const c = await trx.selectFrom('conflicts').selectAll().where('redemption_id', '=', redemptionId).executeTakeFirst();
    if (!c) throw new HqError(404, 'unknown_conflict', `no conflict for redemption ${redemptionId}`);
    if (c.state !== 'open') throw new HqError(409, 'not_open', `the conflict for ${redemptionId} is ${c.state}, not open`);
    const r = await trx.selectFrom('redemptions').select(['till_id', 'store_id', 'winner_id']).where('id', '=', redemptionId).executeTakeFirstOrThrow();
    const at = ctx.now();
    await trx
      .updateTable('conflicts')
      .set({ state: 'resolved', resolution, note, resolved_at: at, updated_at: at })
      .where('redemption_id', '=', redemptionId)
      .execute();
    await trx.updateTable('redemptions').set({ status: 'resolved', resolution, note }).where('id', '=', redemptionId).execute();
    const winner = r.winner_id ? (await describeWinners(trx, [r.winner_id])).get(r.winner_id) : undefined;
    const verdict: HqVerdict = {
      redemptionId,
      status: 'resolved',
      ...(r.winner_id ? { winnerId: r.winner_id } : {}),
      ...(winner ? { winner } : {}),
      resolution,
      note,
    };
    await appendChanges(ctx, trx, [{ kind: 'verdict', storeId: r.store_id, tillId: r.till_id, payload: [verdict] }]);
    await queueWebhookEvent(ctx, trx, 'redemption.resolved', r.store_id, { ...verdict, tillId: r.till_id });
    return verdict;
  });
}
