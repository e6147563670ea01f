import { dayNumber } from '../../shared/couponCode';
import { newId } from '../../shared/ids';
import { IssuedReportSchema, issuesAt, type HeldCode, type IssuingResponse } from '../../shared/issuing';
import { listCampaigns } from './campaigns';
import { mintCodes } from './codes';
import { inTransaction, type HqContext, type Tx } from './context';
import type { AuthenticatedTill } from './tills';

/**
 * Bounce-back coupons (mechanic 8, decision 086). No till holds a signing key: HQ signs each till
 * blocks of a bounce-back campaign's codes (ordinary signed codes, HQ's own key), the till hands them
 * out offline and reports each one here. HQ bounds what a till can hand out by what it signed for it:
 * a new block only while the till holds fewer than half a block not handed out, so never more than
 * 1.5 blocks per campaign. A report of a code that is not one of THIS till's blocks is refused.
 */

export async function tillIssuing(ctx: HqContext, till: AuthenticatedTill, body: { issued: unknown[] }): Promise<IssuingResponse> {
  const accepted: string[] = [];
  const refused: IssuingResponse['refused'] = [];
  await inTransaction(ctx, async (trx) => {
    accepted.length = 0;
    refused.length = 0;
    for (const item of body.issued) {
      const parsed = IssuedReportSchema.safeParse(item);
      const key = typeof (item as { couponKey?: unknown })?.couponKey === 'string' ? String((item as { couponKey: string }).couponKey).slice(0, 100) : '?';
      if (!parsed.success) {
        refused.push({ couponKey: key, reason: 'invalid_report' });
        continue;
      }
      const r = parsed.data;
      const code = await trx.selectFrom('issued_codes').select(['campaign_id', 'serial']).where('coupon_key', '=', r.couponKey).executeTakeFirst();
      const block = code ? await blockHolding(trx, till.tillId, Number(code.campaign_id), Number(code.serial)) : undefined;
      if (!code || !block) {
        refused.push({ couponKey: r.couponKey, reason: 'not_this_tills_code' });
        continue;
      }
      const prior = await trx.selectFrom('till_issuances').select('coupon_key').where('coupon_key', '=', r.couponKey).executeTakeFirst();
      if (!prior)
        await trx
          .insertInto('till_issuances')
          .values({
            coupon_key: r.couponKey,
            campaign_id: Number(code.campaign_id),
            till_id: till.tillId,
            store_id: till.storeId,
            basket_id: r.basketId,
            receipt_no: r.receiptNo ?? null,
            paid_minor: r.paidMinor,
            issued_at: r.issuedAt,
            received_at: ctx.now(),
          })
          .execute();
      accepted.push(r.couponKey);
    }
  });
  const today = dayNumber(ctx.now());
  const held: HeldCode[] = [];
  for (const campaign of await listCampaigns(ctx)) {
    if (!issuesAt(campaign, till.storeId, ctx.now())) continue;
    let codes = await heldCodes(ctx, till.tillId, campaign.id, today);
    const blockSize = campaign.rules.bounceBack!.blockSize;
    if (codes.length < blockSize / 2) {
      const minted = await mintCodes(ctx, { campaignId: campaign.id, count: blockSize });
      await ctx.db
        .insertInto('issuing_blocks')
        .values({
          id: newId(),
          till_id: till.tillId,
          store_id: till.storeId,
          campaign_id: campaign.id,
          serial_from: minted[0]!.serial,
          serial_to: minted[minted.length - 1]!.serial,
          created_at: ctx.now(),
        })
        .execute();
      codes = await heldCodes(ctx, till.tillId, campaign.id, today);
    }
    held.push(...codes);
  }
  return { accepted, refused, held };
}

async function blockHolding(trx: Tx, tillId: string, campaignId: number, serial: number) {
  return trx
    .selectFrom('issuing_blocks')
    .select('id')
    .where('till_id', '=', tillId)
    .where('campaign_id', '=', campaignId)
    .where('serial_from', '<=', serial)
    .where('serial_to', '>=', serial)
    .executeTakeFirst();
}

/** This till's codes of a campaign not yet reported handed out and good after today. */
async function heldCodes(ctx: HqContext, tillId: string, campaignId: number, today: number): Promise<HeldCode[]> {
  const rows = await ctx.db
    .selectFrom('issuing_blocks as b')
    .innerJoin('issued_codes as c', (j) =>
      j.onRef('c.campaign_id', '=', 'b.campaign_id').onRef('c.serial', '>=', 'b.serial_from').onRef('c.serial', '<=', 'b.serial_to'),
    )
    .leftJoin('till_issuances as i', 'i.coupon_key', 'c.coupon_key')
    .select(['c.coupon_key', 'c.code', 'c.expiry_day'])
    .where('b.till_id', '=', tillId)
    .where('b.campaign_id', '=', campaignId)
    .where('i.coupon_key', 'is', null)
    .where('c.expiry_day', '>', today)
    .orderBy('c.serial')
    .execute();
  return rows.map((r) => ({ campaignId, couponKey: r.coupon_key, code: r.code, expiryDay: Number(r.expiry_day) }));
}
