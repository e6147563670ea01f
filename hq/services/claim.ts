import { CLAIM_HOLD_MS, type ClaimRequest, type ClaimResponse } from '../../shared/sync';
import { HqError, inTransaction, type HqContext, type Tx } from './context';
import { lockCodes, usesPerCode } from './ledger';
import type { AuthenticatedTill } from './tills';

/**
 * Online claims. A claim holds one use of a code for the claiming till until its redemption
 * arrives (push) or the hold expires; other tills' claims are refused meanwhile. Claims never
 * change HQ's conflict rule: they only make the online answer right in the common case.
 */
export async function claimCode(ctx: HqContext, till: AuthenticatedTill, req: ClaimRequest): Promise<ClaimResponse> {
  const answer = await inTransaction(ctx, async (trx): Promise<Omit<ClaimResponse, 'hqTime'>> => {
    await lockCodes(ctx, trx, [req.couponKey]);
    const now = ctx.now();
    const prior = await trx.selectFrom('claims').selectAll().where('id', '=', req.claimId).executeTakeFirst();
    if (prior && (prior.till_id !== till.tillId || prior.coupon_key !== req.couponKey))
      throw new HqError(409, 'id_conflict', 'this claim id was used for another claim');
    const refusal = await refusalOf(trx, req);
    if (refusal) return { decision: 'refused', reason: refusal, usesLeft: 0 };
    const allowed = (await usesPerCode(trx, [req.campaignId])).get(req.campaignId) ?? 1;
    const held = await trx
      .selectFrom('redemptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('coupon_key', '=', req.couponKey)
      .where('kind', '=', 'redeem')
      .where('status', '=', 'accepted')
      .where('voided', '=', 0)
      .executeTakeFirstOrThrow();
    const holds = await trx
      .selectFrom('claims')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('coupon_key', '=', req.couponKey)
      .where('redemption_id', 'is', null)
      .where('expires_at', '>', now)
      .where('id', '!=', req.claimId)
      .executeTakeFirstOrThrow();
    const taken = Number(held.n) + Number(holds.n);
    if (prior) return { decision: 'claimed', usesLeft: Math.max(0, allowed - taken - 1) }; // a retry of a granted claim
    if (taken >= allowed) return { decision: 'refused', reason: 'claimed_elsewhere', usesLeft: 0 };
    await trx
      .insertInto('claims')
      .values({ id: req.claimId, coupon_key: req.couponKey, till_id: till.tillId, created_at: now, expires_at: now + CLAIM_HOLD_MS, redemption_id: null })
      .execute();
    return { decision: 'claimed', usesLeft: allowed - taken - 1 };
  });
  return { ...answer, hqTime: ctx.clock.tick() };
}

async function refusalOf(trx: Tx, req: ClaimRequest): Promise<ClaimResponse['reason'] | null> {
  const campaign = await trx.selectFrom('campaigns').select('body').where('id', '=', req.campaignId).executeTakeFirst();
  if (!campaign) return 'unknown_campaign';
  if ((JSON.parse(campaign.body) as { status?: string }).status === 'ended') return 'campaign_ended';
  const revoked = await trx.selectFrom('revocations').select('coupon_key').where('coupon_key', '=', req.couponKey).executeTakeFirst();
  return revoked ? 'revoked' : null;
}

/** A till's redemption of a code takes the use its claim held. Called in the push transaction. */
export async function consumeClaims(trx: Tx, rows: { id: string; couponKey: string; tillId: string }[]): Promise<void> {
  const keys = [...new Set(rows.map((r) => r.couponKey))];
  for (let i = 0; i < keys.length; i += 500) {
    const open = await trx
      .selectFrom('claims')
      .select(['id', 'coupon_key', 'till_id'])
      .where('coupon_key', 'in', keys.slice(i, i + 500))
      .where('redemption_id', 'is', null)
      .execute();
    for (const c of open) {
      const r = rows.find((x) => x.couponKey === c.coupon_key && x.tillId === c.till_id);
      if (r) await trx.updateTable('claims').set({ redemption_id: r.id }).where('id', '=', c.id).execute();
    }
  }
}
