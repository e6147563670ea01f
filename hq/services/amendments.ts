import { AmendmentUploadSchema, type AmendmentPushItemResult, type AmendmentPushResponse, type AmendmentUpload } from '../../shared/amendmentSync';
import { CampaignSchema } from '../../shared/campaign';
import { inTransaction, type HqContext, type Tx } from './context';
import { flagsColumn, maxDiscount, type RedemptionFlags } from './checks';
import { bodyHash } from './ledger';
import type { AuthenticatedTill } from './tills';

/**
 * Amendments of redemptions at HQ (decisions 080, 082): a till figured the coupons on an open
 * basket again in stack order and a recorded redemption's figure moved. HQ stores each amendment
 * once by id; the one with the latest HLC time of its redemption sets the figure HQ counts
 * (redemption_days, what reconciliation reads). HQ checks what it can: the till speaks for its own
 * redemptions only, and a figure above the basket or above what the campaign version gives on the
 * eligible amount is stored but flagged (figures_mismatch), as a redemption is (decision 032).
 */

type Result = AmendmentPushItemResult;
const refused = (id: string, httpStatus: number, reason: string, error: string): Result => ({ id, status: 'rejected', httpStatus, reason, error });

export async function pushAmendments(ctx: HqContext, till: AuthenticatedTill, items: unknown[]): Promise<AmendmentPushResponse> {
  const results: Result[] = [];
  await inTransaction(ctx, async (trx) => {
    results.length = 0;
    for (const [index, item] of items.entries()) results.push(await applyOne(ctx, trx, till, item, index));
  });
  return { results, hqTime: ctx.clock.tick() };
}

function canonical(a: AmendmentUpload): string {
  const { seq: _seq, ...rest } = a;
  return JSON.stringify(rest);
}

async function applyOne(ctx: HqContext, trx: Tx, till: AuthenticatedTill, item: unknown, index: number): Promise<Result> {
  const rawId = typeof (item as { id?: unknown })?.id === 'string' ? String((item as { id: string }).id).slice(0, 100) : `#${index}`;
  const parsed = AmendmentUploadSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(rawId, 400, 'invalid_amendment', `${issue?.path.map(String).join('.') || '(item)'}: ${issue?.message ?? 'invalid'}`.slice(0, 500));
  }
  const a = parsed.data;
  if (a.storeId !== till.storeId || a.tillId !== till.tillId)
    return refused(a.id, 403, 'not_this_till', `this till (${till.tillId}, store ${till.storeId}) may amend only its own redemptions`);
  const hash = bodyHash(canonical(a));
  const prior = await trx.selectFrom('redemption_amendments').select(['body_hash']).where('id', '=', a.id).executeTakeFirst();
  if (prior)
    return prior.body_hash === hash
      ? { id: a.id, status: 'duplicate' }
      : refused(a.id, 409, 'id_reused', 'HQ already holds a different amendment with this id');
  const target = await trx.selectFrom('redemptions').select(['kind', 'store_id', 'till_id', 'body']).where('id', '=', a.redemptionId).executeTakeFirst();
  if (!target) return refused(a.id, 409, 'redemption_unknown', `HQ holds no redemption ${a.redemptionId} yet: send the amendment again after it`);
  if (target.store_id !== a.storeId || target.till_id !== a.tillId)
    return refused(a.id, 403, 'redemption_not_this_till', `redemption ${a.redemptionId} belongs to another till or store`);
  if (target.kind !== 'redeem') return refused(a.id, 400, 'not_a_redemption', `${a.redemptionId} is a void: only a redemption's figure is amended`);
  const flags = await figureFlags(trx, a, JSON.parse(target.body) as { campaignId?: number; campaignVersion?: number });
  await trx
    .insertInto('redemption_amendments')
    .values({
      id: a.id,
      redemption_id: a.redemptionId,
      store_id: a.storeId,
      till_id: a.tillId,
      before_minor: a.beforeMinor,
      after_minor: a.afterMinor,
      reason: a.reason,
      hlc: a.hlc,
      at: a.at,
      body: canonical(a),
      body_hash: hash,
      flags: flagsColumn(flags),
      received_at: ctx.now(),
    })
    .execute();
  const latest = await trx
    .selectFrom('redemption_amendments')
    .select(['after_minor'])
    .where('redemption_id', '=', a.redemptionId)
    .orderBy('hlc', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('redemption_days')
    .set({ discount_minor: Number(latest.after_minor) })
    .where('redemption_id', '=', a.redemptionId)
    .execute();
  return { id: a.id, status: 'applied' };
}

/** The amended figure against the basket and what the campaign version the till used gives on the eligible amount. */
async function figureFlags(trx: Tx, a: AmendmentUpload, original: { campaignId?: number; campaignVersion?: number }): Promise<RedemptionFlags> {
  const flags: RedemptionFlags = {};
  let hq = a.basketTotalMinor;
  if (original.campaignId !== undefined && original.campaignVersion !== undefined && a.eligibleMinor !== undefined) {
    const row = await trx
      .selectFrom('campaign_versions')
      .select(['body'])
      .where('campaign_id', '=', original.campaignId)
      .where('version', '=', original.campaignVersion)
      .executeTakeFirst();
    const campaign = row ? CampaignSchema.safeParse(JSON.parse(row.body)) : null;
    if (campaign?.success) hq = maxDiscount(campaign.data, a.eligibleMinor, a.basketTotalMinor);
  }
  const problem = a.afterMinor > a.basketTotalMinor ? 'more_than_basket' : a.afterMinor > hq ? 'more_than_campaign_gives' : null;
  if (problem) flags.figures_mismatch = { problem, tillDiscountMinor: a.afterMinor, hqDiscountMinor: Math.min(hq, a.basketTotalMinor) };
  return flags;
}
