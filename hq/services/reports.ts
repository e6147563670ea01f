import type { HqVerdict } from '../../shared/ruleSet';
import { appendChanges } from './changeLog';
import { HqError, inTransaction, type HqContext } from './context';
import { describeWinners } from './winners';

/** What HQ admins look at: the redemption ledger and the conflict list, and resolving conflicts. */

export interface RedemptionFilter {
  storeId?: string;
  couponKey?: string;
  status?: string;
  limit?: number;
}

export async function listRedemptions(ctx: HqContext, f: RedemptionFilter) {
  let q = ctx.db.selectFrom('redemptions').select(['id', 'kind', 'voids_id', 'coupon_key', 'campaign_id', 'store_id', 'till_id', 'hlc', 'status', 'winner_id', 'voided', 'resolution', 'note', 'received_at']);
  if (f.storeId) q = q.where('store_id', '=', f.storeId);
  if (f.couponKey) q = q.where('coupon_key', '=', f.couponKey);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('hlc').orderBy('id').limit(Math.min(f.limit ?? 1000, 10_000)).execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, voidsId: r.voids_id, couponKey: r.coupon_key, campaignId: Number(r.campaign_id), storeId: r.store_id, tillId: r.till_id,
    hlc: r.hlc, status: r.status, winnerId: r.winner_id, voided: Number(r.voided) === 1, resolution: r.resolution, note: r.note, receivedAt: Number(r.received_at),
  }));
}

export async function listConflicts(ctx: HqContext, opts: { state?: string; limit?: number } = {}) {
  let q = ctx.db.selectFrom('conflicts').selectAll();
  if (opts.state) q = q.where('state', '=', opts.state);
  const rows = await q.orderBy('created_at').orderBy('redemption_id').limit(Math.min(opts.limit ?? 1000, 10_000)).execute();
  return rows.map((r) => ({
    redemptionId: r.redemption_id, couponKey: r.coupon_key, winnerId: r.winner_id, kind: r.kind, state: r.state,
    createdAt: Number(r.created_at), resolution: r.resolution, note: r.note, resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  }));
}

/** A manager's decision on an open conflict: accept the loss, or charge the store back. The till learns it in its next pull. */
export async function resolveConflict(ctx: HqContext, redemptionId: string, resolution: 'accepted_as_loss' | 'charged_back', note: string) {
  return inTransaction(ctx, async (trx) => {
    const c = await trx.selectFrom('conflicts').selectAll().where('redemption_id', '=', redemptionId).executeTakeFirst();
    if (!c) throw new HqError(404, 'unknown_conflict', `no conflict for redemption ${redemptionId}`);
    if (c.state !== 'open') throw new HqError(409, 'not_open', `the conflict for ${redemptionId} is ${c.state}, not open`);
    const r = await trx.selectFrom('redemptions').select(['till_id', 'store_id', 'winner_id']).where('id', '=', redemptionId).executeTakeFirstOrThrow();
    const at = ctx.now();
    await trx.updateTable('conflicts').set({ state: 'resolved', resolution, note, resolved_at: at, updated_at: at }).where('redemption_id', '=', redemptionId).execute();
    await trx.updateTable('redemptions').set({ status: 'resolved', resolution, note }).where('id', '=', redemptionId).execute();
    const winner = r.winner_id ? (await describeWinners(trx, [r.winner_id])).get(r.winner_id) : undefined;
    const verdict: HqVerdict = { redemptionId, status: 'resolved', ...(r.winner_id ? { winnerId: r.winner_id } : {}), ...(winner ? { winner } : {}), resolution, note };
    await appendChanges(ctx, trx, [{ kind: 'verdict', storeId: r.store_id, tillId: r.till_id, payload: [verdict] }]);
    return verdict;
  });
}
