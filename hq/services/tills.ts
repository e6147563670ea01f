import { createHash, randomBytes } from 'node:crypto';
import { formatEnrollmentToken, parseEnrollmentToken } from '../../shared/enrollmentToken';
import { newId } from '../../shared/ids';
import type { EnrollRequest, EnrollResponse } from '../../shared/sync';
import { appendChanges } from './changeLog';
import { DEFAULT_CURRENCY, isCurrencyCode } from '../../shared/format';
import { HqError, inTransaction, type HqContext, type Tx } from './context';

/** A till whose bearer credential checked out. It may act only for its own store. */
export interface AuthenticatedTill {
  tillId: string;
  storeId: string;
  /** When the till enrolled: none of its redemptions can honestly be older (services/checks.ts). */
  enrolledAt: number | null;
}

/** How long an enrollment token stays good. */
export const ENROLLMENT_TTL_MS = 7 * 24 * 3600_000;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * 256 random bits as base64url, never starting with '-': these are typed after `--token` on the
 * command line, where a leading dash reads as an option (one secret in 64 was unusable there).
 * Drawing again costs under 1/64 of a bit of entropy.
 */
export function newSecret(): string {
  for (;;) {
    const secret = randomBytes(32).toString('base64url');
    if (!secret.startsWith('-')) return secret;
  }
}

/** Looks a bearer credential up by its hash; null when unknown. */
export async function authenticateTill(ctx: HqContext, credential: string): Promise<AuthenticatedTill | null> {
  if (credential.length < 32 || credential.length > 200) return null;
  const row = await ctx.db
    .selectFrom('tills')
    .select(['id', 'store_id', 'enrolled_at'])
    .where('credential_hash', '=', sha256Hex(credential))
    .executeTakeFirst();
  return row ? { tillId: row.id, storeId: row.store_id, enrolledAt: row.enrolled_at === null ? null : Number(row.enrolled_at) } : null;
}

export interface StoreInput {
  id: string;
  name: string;
  timeZone: string;
  /** ISO 4217 code; CNY when not given. */
  currency?: string;
}

/** A store as HQ keeps it and its tills receive it (shared/ruleSet.ts StoreInfo). */
export interface Store {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}

export type StoreChange = Partial<Omit<StoreInput, 'id'>>;

function checkStoreFields(input: StoreChange): void {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
    throw new HqError(400, 'bad_time_zone', `unknown time zone "${input.timeZone}" (expected an IANA name such as Asia/Shanghai)`);
  if (input.currency !== undefined && !isCurrencyCode(input.currency))
    throw new HqError(400, 'bad_currency', `unknown currency "${input.currency}" (expected an ISO 4217 code such as CNY)`);
}

const storeOf = (r: { id: string; name: string; time_zone: string; currency: string }): Store => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  currency: r.currency,
});

export async function addStore(ctx: HqContext, input: StoreInput): Promise<Store> {
  checkStoreFields(input);
  const store: Store = { id: input.id, name: input.name, timeZone: input.timeZone, currency: input.currency ?? DEFAULT_CURRENCY };
  return inTransaction(ctx, async (trx) => {
    const existing = await trx.selectFrom('stores').select('id').where('id', '=', input.id).executeTakeFirst();
    if (existing) throw new HqError(409, 'store_exists', `store "${input.id}" already exists`);
    await trx
      .insertInto('stores')
      .values({ id: store.id, name: store.name, time_zone: store.timeZone, currency: store.currency, created_at: ctx.now() })
      .execute();
    await appendChanges(ctx, trx, [{ kind: 'store', storeId: store.id, payload: store }]);
    return store;
  });
}

/** Changes a store's name, time zone or currency (omitted fields keep theirs); its tills learn it on their next pull. */
export async function changeStore(ctx: HqContext, id: string, change: StoreChange): Promise<Store> {
  checkStoreFields(change);
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HqError(404, 'unknown_store', `no store "${id}"`);
    const store: Store = { ...storeOf(row), ...change };
    await trx.updateTable('stores').set({ name: store.name, time_zone: store.timeZone, currency: store.currency }).where('id', '=', id).execute();
    await appendChanges(ctx, trx, [{ kind: 'store', storeId: id, payload: store }]);
    return store;
  });
}

export async function listStores(ctx: HqContext): Promise<Store[]> {
  const rows = await ctx.db.selectFrom('stores').selectAll().orderBy('id').execute();
  return rows.map(storeOf);
}

/** The store's tills by name, as a 'tills' change its tills fold (the whole list, latest wins). Call inside the writing transaction. */
async function announceTills(ctx: HqContext, trx: Tx, storeId: string): Promise<void> {
  const tills = await trx.selectFrom('tills').select(['id', 'name']).where('store_id', '=', storeId).orderBy('id').execute();
  await appendChanges(ctx, trx, [{ kind: 'tills', storeId, payload: tills.map((t) => ({ id: t.id, name: t.name })) }]);
}

/** Renames a till ("Till 2"); the store's tills show the new name after their next pull. */
export async function renameTill(ctx: HqContext, tillId: string, name: string): Promise<{ tillId: string; storeId: string; name: string }> {
  return inTransaction(ctx, async (trx) => {
    const till = await trx.updateTable('tills').set({ name }).where('id', '=', tillId).returning(['id', 'store_id']).executeTakeFirst();
    if (!till) throw new HqError(404, 'unknown_till', `no till "${tillId}"`);
    await announceTills(ctx, trx, till.store_id);
    return { tillId: till.id, storeId: till.store_id, name };
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Registers a till for a store and returns its one-time enrollment token (shown once, stored
 * hashed). When HQ pins a certificate, the token carries its fingerprint for the till to check.
 */
export async function createTill(ctx: HqContext, input: { storeId: string; name?: string }) {
  const token = newSecret();
  const tillId = newId();
  const expiresAt = ctx.now() + ENROLLMENT_TTL_MS;
  await inTransaction(ctx, async (trx) => {
    const store = await trx.selectFrom('stores').select('id').where('id', '=', input.storeId).executeTakeFirst();
    if (!store) throw new HqError(404, 'unknown_store', `no store "${input.storeId}": add it first`);
    await trx
      .insertInto('tills')
      .values({ id: tillId, store_id: input.storeId, name: input.name ?? tillId, credential_hash: null, enrolled_at: null, created_at: ctx.now() })
      .execute();
    await trx
      .insertInto('enrollment_tokens')
      .values({ token_hash: sha256Hex(token), till_id: tillId, expires_at: expiresAt, used_at: null })
      .execute();
    await announceTills(ctx, trx, input.storeId);
  });
  const pin = ctx.enrollmentPin ?? null;
  return { tillId, storeId: input.storeId, enrollmentToken: formatEnrollmentToken(token, pin), expiresAt, certificateSha256: pin };
}

/** Exchanges a one-time enrollment token for the till's credential. A token works once. */
export async function enrollTill(ctx: HqContext, req: EnrollRequest): Promise<EnrollResponse> {
  const credential = newSecret();
  let secret: string;
  try {
    // A till sends the secret alone; one that sends the whole token (fingerprint too) is understood.
    secret = parseEnrollmentToken(req.token).secret;
  } catch (err) {
    throw new HqError(401, 'bad_token', (err as Error).message);
  }
  const result = await inTransaction(ctx, async (trx) => {
    const token = await trx.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', sha256Hex(secret)).executeTakeFirst();
    if (!token) throw new HqError(401, 'bad_token', 'unknown enrollment token');
    if (token.used_at !== null) throw new HqError(401, 'token_used', 'this enrollment token was already used: ask HQ for a new one');
    if (token.expires_at < ctx.now()) throw new HqError(401, 'token_expired', 'this enrollment token has expired: ask HQ for a new one');
    const used = await trx
      .updateTable('enrollment_tokens')
      .set({ used_at: ctx.now() })
      .where('token_hash', '=', token.token_hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new HqError(401, 'token_used', 'this enrollment token was already used');
    const till = await trx
      .updateTable('tills')
      .set({ credential_hash: sha256Hex(credential), enrolled_at: ctx.now(), ...(req.deviceName ? { name: req.deviceName } : {}) })
      .where('id', '=', token.till_id)
      .returning(['id', 'store_id'])
      .executeTakeFirstOrThrow();
    const store = await trx.selectFrom('stores').selectAll().where('id', '=', till.store_id).executeTakeFirstOrThrow();
    if (req.deviceName) await announceTills(ctx, trx, till.store_id);
    return { tillId: till.id, storeId: till.store_id, store: storeOf(store) };
  });
  return { ...result, credential, hqTime: ctx.clock.tick() };
}
