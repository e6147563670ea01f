import type { ClaimRequest, ClaimResponse } from '../../shared/sync';
import { HqError, inTransaction, type HqContext } from './context';
import { bodyHash, canonicalBody, decideAndWrite, loadCodeRows, lockCodes, usesPerCode } from './ledger';
import { toRow } from './push';
import type { AuthenticatedTill } from './tills';

/**
 * Online claim of a code before redeeming it. HQ stores the redemption only when the code
 * still has a free use (then the till's later push of the same id is a duplicate); otherwise
 * nothing is stored and the till refuses the coupon. A claimed redemption still obeys the
 * conflict rule: an earlier offline redemption that arrives later can displace it.
 */
export async function claimCode(ctx: HqContext, till: AuthenticatedTill, req: ClaimRequest): Promise<ClaimResponse> {
  const u = req.redemption;
  if (u.kind !== 'redeem' || u.voidsId !== null) throw new HqError(400, 'not_a_redemption', 'only a redemption (kind "redeem") can be claimed');
  if (u.storeId !== till.storeId || u.tillId !== till.tillId) throw new HqError(403, 'wrong_till', 'a till may claim only for itself and its own store');
  const body = canonicalBody(u);
  const hash = bodyHash(body);
  const answer = await inTransaction(ctx, async (trx): Promise<Omit<ClaimResponse, 'hqTime'>> => {
    await lockCodes(ctx, trx, [u.couponKey]);
    const campaign = await trx.selectFrom('campaigns').select('body').where('id', '=', u.campaignId).executeTakeFirst();
    if (!campaign) return { decision: 'refused', reason: 'unknown_campaign', usesLeft: 0 };
    if ((JSON.parse(campaign.body) as { status?: string }).status === 'ended') return { decision: 'refused', reason: 'campaign_ended', usesLeft: 0 };
    const revoked = await trx.selectFrom('revocations').select('coupon_key').where('coupon_key', '=', u.couponKey).executeTakeFirst();
    if (revoked) return { decision: 'refused', reason: 'revoked', usesLeft: 0 };
    const allowed = (await usesPerCode(trx, [u.campaignId])).get(u.campaignId) ?? 1;
    const byCode = await loadCodeRows(trx, [u.couponKey]);
    const rows = byCode.get(u.couponKey)!;
    const held = rows.filter((r) => r.status === 'accepted' && !r.voided).length;
    const mine = rows.find((r) => r.id === u.id);
    if (mine) {
      // A retried claim: answer from what HQ already decided.
      if (mine.status === 'accepted') return { decision: 'claimed', usesLeft: Math.max(0, allowed - held) };
      return { decision: 'refused', reason: 'claimed_elsewhere', usesLeft: Math.max(0, allowed - held) };
    }
    const other = await trx.selectFrom('redemptions').select('id').where('id', '=', u.id).executeTakeFirst();
    if (other) throw new HqError(409, 'id_conflict', 'HQ already holds a different redemption with this id');
    if (held >= allowed) return { decision: 'refused', reason: 'claimed_elsewhere', usesLeft: 0 };
    const row = toRow({ index: 0, upload: u, body, hash });
    const voided = await trx.selectFrom('redemptions').select('id').where('kind', '=', 'void').where('voids_id', '=', u.id).executeTakeFirst();
    row.voided = Boolean(voided);
    rows.push(row);
    const { decisions } = await decideAndWrite(ctx, trx, byCode, []);
    const ok = decisions.get(u.id)?.status === 'accepted';
    return { decision: ok ? 'claimed' : 'refused', ...(ok ? {} : { reason: 'claimed_elsewhere' as const }), usesLeft: Math.max(0, allowed - held - (ok ? 1 : 0)) };
  });
  return { ...answer, hqTime: ctx.clock.tick() };
}
