import readline from 'node:readline';
import type { Readable } from 'node:stream';
import QRCode from 'qrcode';
import { dayNumber, isSignedCandidate, normalisePlainCode, signedCouponKey } from '../../shared/couponCode';
import { CouponKeySchema } from '../../shared/ruleSet';
import { newId } from '../../shared/ids';
import { appendChanges } from './changeLog';
import { getCampaign } from './campaigns';
import { HqError, inTransaction, type HqContext } from './context';
import { hqHolderHash, hqMinter, hqPlainHash } from './signing';

/** Issuing codes (signed and plain), revoking them, exporting them for print. */

export const MAX_MINT = 100_000;
/** Plain codes per change-log entry: a million codes are 200 entries, pulled over several pages. */
export const PLAIN_CHUNK = 5_000;

export interface MintInput {
  campaignId: number;
  count: number;
  issueDay?: number;
  expiryDay?: number;
  /** Bind the codes to this member id (holder hash in the payload). */
  memberId?: string;
}

export interface MintedCode {
  couponKey: string;
  code: string;
  serial: number;
  issueDay: number;
  expiryDay: number;
}

export async function mintCodes(ctx: HqContext, input: MintInput): Promise<MintedCode[]> {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_MINT) throw new HqError(400, 'bad_count', `count must be 1..${MAX_MINT}`);
  const campaign = await getCampaign(ctx, input.campaignId);
  if (campaign.status === 'ended') throw new HqError(409, 'campaign_ended', `campaign ${campaign.id} has ended: no new codes`);
  const issueDay = input.issueDay ?? dayNumber(ctx.now());
  const expiryDay = input.expiryDay ?? defaultExpiry(issueDay, campaign.rules.daysAfterIssue, campaign.rules.validUntil);
  if (!Number.isInteger(issueDay) || !Number.isInteger(expiryDay) || issueDay < 0 || expiryDay < issueDay || expiryDay > 65_535) {
    throw new HqError(400, 'bad_days', 'expiryDay must be a day number (days since 2020-01-01) not before issueDay');
  }
  return inTransaction(ctx, async (trx) => {
    const key = await trx.selectFrom('issuing_keys').selectAll().where('status', '=', 'active').orderBy('key_id', 'desc').executeTakeFirst();
    if (!key) throw new HqError(409, 'no_key', 'no active issuing key: run "keys rotate" first');
    const mint = hqMinter({ keyId: Number(key.key_id), seedB64: ctx.masterKey.open(key.private_key), publicKeyB64: key.public_key });
    const top = await trx
      .selectFrom('issued_codes')
      .select((eb) => eb.fn.max('serial').as('max'))
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirst();
    const first = Number(top?.max ?? 0) + 1;
    const holder = input.memberId ? hqHolderHash(input.memberId) : undefined;
    const out: MintedCode[] = [];
    for (let serial = first; serial < first + input.count; serial++) {
      const code = mint({ campaignId: campaign.id, serial, issueDay, expiryDay, ...(holder ? { holder } : {}) });
      out.push({ couponKey: signedCouponKey(campaign.id, serial), code, serial, issueDay, expiryDay });
    }
    const at = ctx.now();
    for (let i = 0; i < out.length; i += 300) {
      await trx
        .insertInto('issued_codes')
        .values(
          out.slice(i, i + 300).map((m) => ({
            coupon_key: m.couponKey,
            campaign_id: campaign.id,
            key_id: Number(key.key_id),
            serial: m.serial,
            code: m.code,
            issue_day: issueDay,
            expiry_day: expiryDay,
            holder: input.memberId ?? null,
            created_at: at,
          })),
        )
        .execute();
    }
    return out;
  });
}

function defaultExpiry(issueDay: number, daysAfterIssue: number | undefined, validUntil: number | undefined): number {
  if (daysAfterIssue !== undefined) return issueDay + daysAfterIssue;
  if (validUntil !== undefined) return Math.max(issueDay, dayNumber(validUntil - 1));
  return issueDay + 365;
}

export interface ImportResult {
  batchId: string;
  imported: number;
  duplicates: number;
  refused: { line: number; reason: string }[];
}

/** Reads plain codes from CSV text: the first column of each line; a header line "code" is skipped. */
export function plainCodesFromCsv(csv: string): { codes: string[]; refused: { line: number; reason: string }[] } {
  const out = { codes: [] as string[], refused: [] as { line: number; reason: string }[] };
  csv.split(/\r?\n/).forEach((raw, i) => plainCodeLine(raw, i, out));
  return out;
}

/** Largest plain-code CSV HQ reads (streamed: memory holds the codes, not the file). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** The same, read line by line from a stream of at most `maxBytes` (413 beyond it, nothing imported). */
export async function plainCodesFromStream(
  stream: Readable,
  maxBytes = MAX_IMPORT_BYTES,
): Promise<{ codes: string[]; refused: { line: number; reason: string }[] }> {
  const out = { codes: [] as string[], refused: [] as { line: number; reason: string }[] };
  let bytes = 0;
  const counted = stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) stream.destroy(new HqError(413, 'body_too_large', `the CSV is over ${maxBytes} bytes`));
  });
  let i = 0;
  try {
    for await (const raw of readline.createInterface({ input: counted, crlfDelay: Infinity })) plainCodeLine(raw, i++, out);
  } catch (err) {
    if (err instanceof HqError) throw err;
    throw new HqError(400, 'bad_body', 'the CSV could not be read');
  }
  if (bytes > maxBytes) throw new HqError(413, 'body_too_large', `the CSV is over ${maxBytes} bytes`);
  return out;
}

function plainCodeLine(raw: string, i: number, out: { codes: string[]; refused: { line: number; reason: string }[] }): void {
  const { codes, refused } = out;
  {
    if (raw.trim() === '') return;
    let cell = raw.split(',')[0]!;
    if (/^\s*".*"\s*$/.test(cell)) cell = cell.trim().slice(1, -1).replace(/""/g, '"');
    if (i === 0 && /^\s*(code|coupon|coupon_code)\s*$/i.test(cell)) return;
    const normal = normalisePlainCode(cell);
    if (normal === null) refused.push({ line: i + 1, reason: 'empty, too long or has control characters' });
    else if (isSignedCandidate(normal.toUpperCase())) refused.push({ line: i + 1, reason: 'looks like a signed code, which tills never look up as plain' });
    else codes.push(normal);
  }
}

/** Imports plain codes for a campaign; HQ keeps only their hashes. Already-known codes are counted, not re-added. */
export async function importPlainCodes(ctx: HqContext, campaignId: number, codes: string[], refused: ImportResult['refused'] = []): Promise<ImportResult> {
  await getCampaign(ctx, campaignId);
  if (codes.length === 0)
    throw new HqError(
      400,
      'no_codes',
      refused.length
        ? `no importable codes (${refused.length} lines refused, first at line ${refused[0]!.line}: ${refused[0]!.reason})`
        : 'no codes in the file',
    );
  const hashes = [...new Set(codes.map((c) => hqPlainHash(c).toString('base64url')))];
  const batchId = newId();
  return inTransaction(ctx, async (trx) => {
    await trx.insertInto('plain_batches').values({ id: batchId, campaign_id: campaignId, count: hashes.length, created_at: ctx.now() }).execute();
    const added: string[] = [];
    for (let i = 0; i < hashes.length; i += 1000) {
      const rows = await trx
        .insertInto('plain_codes')
        .values(hashes.slice(i, i + 1000).map((hash) => ({ hash, campaign_id: campaignId, batch_id: batchId })))
        .onConflict((oc) => oc.column('hash').doNothing())
        .returning('hash')
        .execute();
      for (const r of rows) added.push(r.hash);
    }
    const changes = [];
    for (let i = 0; i < added.length; i += PLAIN_CHUNK)
      changes.push({ kind: 'plain' as const, payload: added.slice(i, i + PLAIN_CHUNK).map((hash) => ({ hash, campaignId })) });
    await appendChanges(ctx, trx, changes);
    return { batchId, imported: added.length, duplicates: codes.length - added.length, refused };
  });
}

/** Revokes codes by coupon key (s:<campaign>:<serial> or p:<hex>); tills refuse them after their next pull. */
export async function revokeCodes(ctx: HqContext, couponKeys: string[], reason: string): Promise<{ revoked: number; already: number }> {
  if (couponKeys.length === 0) throw new HqError(400, 'no_codes', 'name at least one coupon key to revoke');
  for (const k of couponKeys)
    if (!CouponKeySchema.safeParse(k).success)
      throw new HqError(400, 'bad_coupon_key', `"${k.slice(0, 80)}" is not a coupon key (s:<campaign>:<serial> or p:<32 hex>)`);
  return inTransaction(ctx, async (trx) => {
    const added: string[] = [];
    for (const k of [...new Set(couponKeys)]) {
      const r = await trx
        .insertInto('revocations')
        .values({ coupon_key: k, reason, created_at: ctx.now() })
        .onConflict((oc) => oc.column('coupon_key').doNothing())
        .returning('coupon_key')
        .execute();
      if (r.length) added.push(k);
    }
    if (added.length) await appendChanges(ctx, trx, [{ kind: 'revoke', payload: added }]);
    return { revoked: added.length, already: couponKeys.length - added.length };
  });
}

/** Signed codes of a campaign as CSV (plain codes cannot be exported: HQ holds only hashes). */
export async function exportCodesCsv(ctx: HqContext, campaignId: number): Promise<string> {
  await getCampaign(ctx, campaignId);
  const rows = await ctx.db.selectFrom('issued_codes').selectAll().where('campaign_id', '=', campaignId).orderBy('serial').execute();
  const lines = ['coupon_key,code,campaign_id,serial,issue_day,expiry_day'];
  for (const r of rows) lines.push([r.coupon_key, r.code, r.campaign_id, r.serial, r.issue_day, r.expiry_day].join(','));
  return lines.join('\n') + '\n';
}

/** A printable QR image of one issued code. */
export async function codeQr(ctx: HqContext, couponKey: string, format: 'png' | 'svg'): Promise<Buffer | string> {
  const row = await ctx.db.selectFrom('issued_codes').select('code').where('coupon_key', '=', couponKey).executeTakeFirst();
  if (!row) throw new HqError(404, 'unknown_code', `HQ issued no code ${couponKey.slice(0, 80)}`);
  // Alphanumeric mode keeps the QR small: signed codes are upper-case base36.
  if (format === 'svg') return QRCode.toString(row.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return QRCode.toBuffer(row.code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
