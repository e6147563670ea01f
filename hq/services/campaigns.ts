import { CampaignSchema, type Campaign } from '../../shared/campaign';
import type { SigningKeyInfo } from '../../shared/ruleSet';
import { appendChanges } from './changeLog';
import { HqError, inTransaction, type HqContext } from './context';
import { generateHqKey } from './signing';

/** Campaigns and issuing keys: every change goes into the change log for the tills. */

export async function saveCampaign(ctx: HqContext, input: unknown, mode: 'create' | 'update'): Promise<Campaign> {
  const parsed = CampaignSchema.safeParse(input);
  if (!parsed.success) throw new HqError(400, 'invalid_campaign', parsed.error.issues.map((i) => `${i.path.join('.') || 'campaign'}: ${i.message}`).join('; '));
  const { version: _ignored, ...c } = parsed.data;
  return inTransaction(ctx, async (trx) => {
    const existing = await trx.selectFrom('campaigns').select(['version']).where('id', '=', c.id).executeTakeFirst();
    if (mode === 'create' && existing) throw new HqError(409, 'campaign_exists', `campaign ${c.id} already exists: update it instead`);
    if (mode === 'update' && !existing) throw new HqError(404, 'unknown_campaign', `no campaign ${c.id}`);
    const version = existing ? Number(existing.version) + 1 : 1;
    const published: Campaign = { ...c, version };
    const body = JSON.stringify(published);
    const at = ctx.now();
    if (existing) await trx.updateTable('campaigns').set({ body, version, updated_at: at }).where('id', '=', c.id).execute();
    else await trx.insertInto('campaigns').values({ id: c.id, body, version, updated_at: at }).execute();
    // Every version is kept: a redemption's figures are recomputed from the version its till used.
    await trx.insertInto('campaign_versions').values({ campaign_id: c.id, version, body, published_at: at }).execute();
    await appendChanges(ctx, trx, [{ kind: 'campaign', payload: [published] }]);
    return published;
  });
}

export async function getCampaign(ctx: HqContext, id: number): Promise<Campaign> {
  const row = await ctx.db.selectFrom('campaigns').select('body').where('id', '=', id).executeTakeFirst();
  if (!row) throw new HqError(404, 'unknown_campaign', `no campaign ${id}`);
  return JSON.parse(row.body) as Campaign;
}

export async function listCampaigns(ctx: HqContext): Promise<Campaign[]> {
  const rows = await ctx.db.selectFrom('campaigns').select('body').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.body) as Campaign);
}

export async function endCampaign(ctx: HqContext, id: number): Promise<Campaign> {
  const c = await getCampaign(ctx, id);
  return saveCampaign(ctx, { ...c, status: 'ended' }, 'update');
}

/** Adds a new issuing key that mints from now on. Older keys keep verifying until retired. */
export async function rotateKey(ctx: HqContext): Promise<SigningKeyInfo> {
  return inTransaction(ctx, async (trx) => {
    const top = await trx
      .selectFrom('issuing_keys')
      .select((eb) => eb.fn.max('key_id').as('max'))
      .executeTakeFirst();
    const keyId = top?.max === null || top?.max === undefined ? 1 : Number(top.max) + 1;
    if (keyId > 65_535) throw new HqError(409, 'keys_exhausted', 'no key ids left');
    const key = generateHqKey(keyId);
    await trx
      .insertInto('issuing_keys')
      .values({ key_id: keyId, public_key: key.publicKeyB64, private_key: ctx.masterKey.seal(key.seedB64), status: 'active', created_at: ctx.now() })
      .execute();
    const info: SigningKeyInfo = { keyId, publicKey: key.publicKeyB64, status: 'active' };
    await appendChanges(ctx, trx, [{ kind: 'key', payload: [info] }]);
    return info;
  });
}

/** Retires a key: tills refuse its codes from their next pull. */
export async function retireKey(ctx: HqContext, keyId: number): Promise<SigningKeyInfo> {
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('issuing_keys').select(['key_id', 'public_key']).where('key_id', '=', keyId).executeTakeFirst();
    if (!row) throw new HqError(404, 'unknown_key', `no issuing key ${keyId}`);
    await trx.updateTable('issuing_keys').set({ status: 'retired' }).where('key_id', '=', keyId).execute();
    const info: SigningKeyInfo = { keyId, publicKey: row.public_key, status: 'retired' };
    await appendChanges(ctx, trx, [{ kind: 'key', payload: [info] }]);
    return info;
  });
}

export async function listKeys(ctx: HqContext): Promise<SigningKeyInfo[]> {
  const rows = await ctx.db.selectFrom('issuing_keys').select(['key_id', 'public_key', 'status']).orderBy('key_id').execute();
  return rows.map((r) => ({ keyId: Number(r.key_id), publicKey: r.public_key, status: r.status as SigningKeyInfo['status'] }));
}
