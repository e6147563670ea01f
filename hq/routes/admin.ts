import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CampaignSchema } from '../../shared/campaign';
import { ROLES } from '../../shared/permissions';
import { CouponKeySchema } from '../../shared/ruleSet';
import { NewPinSchema } from '../../shared/ipc/schemas';
import { endCampaign, listCampaigns, listKeys, retireKey, rotateKey, saveCampaign } from '../services/campaigns';
import { Readable } from 'node:stream';
import { codeQr, exportCodesCsv, importPlainCodes, MAX_IMPORT_BYTES, mintCodes, MAX_MINT, plainCodesFromStream, revokeCodes } from '../services/codes';
import { MAX_INT32 } from '../../shared/redemption';
import { FLAG_NAMES, flagReport, pageConflicts, pageRedemptions, redemptionsCsv, resolveConflict } from '../services/reports';
import { addStore, changeStore, createTill, listStores, renameTill } from '../services/tills';
import { changeUser, createUser, listUsers, setUserDisabled } from '../services/users';
import { HqError } from '../services/context';
import { freeTextSchema, nameSchema, tokenSchema } from '../../shared/text';
import { defineRoute, type RouteEnv, type RouteSpec } from './define';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (1-64 characters)');
/** ISO 4217 (checked against what Intl knows in the service: a 400 that names the code). */
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CNY');
export const StoreBodySchema = z.object({ id: Id, name: nameSchema(200), timeZone: tokenSchema(64), currency: Currency.optional() });
export const StoreChangeSchema = z
  .strictObject({ name: nameSchema(200).optional(), timeZone: tokenSchema(64).optional(), currency: Currency.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change: give name, timeZone or currency' });
const StoreIdParams = z.object({ id: Id });
const TillIdParams = z.object({ id: z.uuid() });
export const TillRenameSchema = z.strictObject({ name: nameSchema(200) });
export const TillBodySchema = z.object({ storeId: Id, name: nameSchema(200).optional() });
/** A campaign id: PostgreSQL's integer, so an id out of range is a 400 on both databases, never a 500. */
const CampaignId = z.coerce.number().int().min(1).max(MAX_INT32);
const CampaignIdParams = z.object({ id: CampaignId });
export const MintBodySchema = z.object({
  campaignId: z.number().int().min(1).max(MAX_INT32), count: z.number().int().min(1).max(MAX_MINT),
  issueDay: z.number().int().min(0).max(65_535).optional(), expiryDay: z.number().int().min(0).max(65_535).optional(),
  memberId: tokenSchema(64).optional(),
});
export const RevokeBodySchema = z.object({ couponKeys: z.array(CouponKeySchema).min(1).max(100_000), reason: freeTextSchema(3, 500, { multiLine: true }) });
/** A user's PIN (4 to 8 digits, the till's rule). Hashed at once (scrypt), never stored, logged or echoed in an error. */
const UserPin = NewPinSchema;
const UserName = nameSchema(80);
export const UserBodySchema = z.strictObject({
  name: UserName,
  role: z.enum(ROLES),
  /** The store whose tills get the user; null: every store of the chain (say, an area manager). */
  storeId: Id.nullable(),
  pin: UserPin,
});
export const UserChangeSchema = z
  .strictObject({ name: UserName.optional(), role: z.enum(ROLES).optional(), storeId: Id.nullable().optional(), pin: UserPin.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change: give name, role, storeId or pin' });
const UserIdParams = z.object({ id: z.uuid() });
export const ResolveBodySchema = z.object({ resolution: z.enum(['accepted_as_loss', 'charged_back']), note: freeTextSchema(3, 2000, { multiLine: true }) });

const Cursor = z.string().max(600).regex(/^[A-Za-z0-9_-]+$/, 'a cursor HQ gave out');

/** A page's rows as the body (an array, as before paging), the next page's cursor in `X-Next-Cursor`. */
function withNextCursor<T>(reply: FastifyReply, page: { rows: T[]; nextCursor: string | null }): T[] {
  if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
  return page.rows;
}

/** HQ administration (admin bearer token). The CLI's `admin` subcommands call these. */
export function adminRoutes(env: RouteEnv): RouteSpec[] {
  const { ctx } = env;
  return [
    defineRoute({ method: 'POST', url: '/admin/stores', tag: 'admin', auth: 'admin', summary: 'Add a store', body: StoreBodySchema, handler: ({ body }) => addStore(ctx, body) }),
    defineRoute({ method: 'GET', url: '/admin/stores', tag: 'admin', auth: 'admin', summary: 'List stores', handler: () => listStores(ctx) }),
    defineRoute({ method: 'PATCH', url: '/admin/stores/:id', tag: 'admin', auth: 'admin', summary: 'Change a store\'s name, time zone or currency (its tills learn it on their next pull)', params: StoreIdParams, body: StoreChangeSchema, handler: ({ params, body }) => changeStore(ctx, params.id, body) }),
    defineRoute({ method: 'PATCH', url: '/admin/tills/:id', tag: 'admin', auth: 'admin', summary: 'Rename a till (the store\'s tills show it by this name)', params: TillIdParams, body: TillRenameSchema, handler: ({ params, body }) => renameTill(ctx, params.id, body.name) }),
    defineRoute({ method: 'POST', url: '/admin/tills', tag: 'admin', auth: 'admin', summary: 'Register a till; returns its one-time enrollment token', body: TillBodySchema, handler: ({ body }) => createTill(ctx, body) }),
    defineRoute({ method: 'POST', url: '/admin/users', tag: 'admin', auth: 'admin', summary: 'Create a user for one store (storeId) or every store (storeId null)', body: UserBodySchema, handler: ({ body }) => createUser(ctx, body) }),
    defineRoute({
      method: 'GET', url: '/admin/users', tag: 'admin', auth: 'admin', summary: 'List users (with storeId: the ones that store\'s tills get, chain-wide ones included)',
      query: z.object({ storeId: Id.optional() }), handler: ({ query }) => listUsers(ctx, query),
    }),
    defineRoute({ method: 'PATCH', url: '/admin/users/:id', tag: 'admin', auth: 'admin', summary: 'Change a user\'s name, role, store or PIN (omitted fields keep their value)', params: UserIdParams, body: UserChangeSchema, handler: ({ params, body }) => changeUser(ctx, params.id, body) }),
    defineRoute({ method: 'POST', url: '/admin/users/:id/disable', tag: 'admin', auth: 'admin', summary: 'Disable a user: no sign-in at any till after its next pull', params: UserIdParams, handler: ({ params }) => setUserDisabled(ctx, params.id, true) }),
    defineRoute({ method: 'POST', url: '/admin/users/:id/enable', tag: 'admin', auth: 'admin', summary: 'Enable a disabled user again', params: UserIdParams, handler: ({ params }) => setUserDisabled(ctx, params.id, false) }),
    defineRoute({ method: 'GET', url: '/admin/campaigns', tag: 'admin', auth: 'admin', summary: 'List campaigns', handler: () => listCampaigns(ctx) }),
    defineRoute({ method: 'POST', url: '/admin/campaigns', tag: 'admin', auth: 'admin', summary: 'Create a campaign', body: CampaignSchema, handler: ({ body }) => saveCampaign(ctx, body, 'create') }),
    defineRoute({
      method: 'PUT', url: '/admin/campaigns/:id', tag: 'admin', auth: 'admin', summary: 'Update a campaign', params: CampaignIdParams, body: CampaignSchema,
      handler: async ({ body, params }) => {
        if (body.id !== params.id) throw new HqError(400, 'id_mismatch', `campaign id in the body (${body.id}) differs from the URL (${params.id})`);
        return saveCampaign(ctx, body, 'update');
      },
    }),
    defineRoute({ method: 'POST', url: '/admin/campaigns/:id/end', tag: 'admin', auth: 'admin', summary: 'End a campaign', params: CampaignIdParams, handler: ({ params }) => endCampaign(ctx, params.id) }),
    defineRoute({ method: 'GET', url: '/admin/keys', tag: 'admin', auth: 'admin', summary: 'List issuing keys (public parts)', handler: () => listKeys(ctx) }),
    defineRoute({ method: 'POST', url: '/admin/keys/rotate', tag: 'admin', auth: 'admin', summary: 'Generate a new issuing key that mints from now on', handler: () => rotateKey(ctx) }),
    defineRoute({ method: 'POST', url: '/admin/keys/:id/retire', tag: 'admin', auth: 'admin', summary: 'Retire an issuing key', params: z.object({ id: z.coerce.number().int().min(0).max(65_535) }), handler: ({ params }) => retireKey(ctx, params.id) }),
    defineRoute({ method: 'POST', url: '/admin/codes/mint', tag: 'admin', auth: 'admin', summary: 'Mint signed codes', body: MintBodySchema, handler: async ({ body }) => ({ codes: await mintCodes(ctx, body) }) }),
    defineRoute({
      method: 'POST', url: '/admin/codes/import', tag: 'admin', auth: 'admin', summary: 'Import plain codes (CSV, first column) for a campaign',
      query: z.object({ campaignId: CampaignId }), body: z.string(), bodyLimit: MAX_IMPORT_BYTES, streamedBody: true,
      handler: async ({ body, query, req }) => {
        const stream = body as unknown;
        if (!(stream instanceof Readable)) throw new HqError(415, 'unsupported_media_type', `send the CSV as text/csv (got ${String(req.headers['content-type'] ?? 'no content type')})`);
        const { codes, refused } = await plainCodesFromStream(stream);
        return importPlainCodes(ctx, query.campaignId, codes, refused);
      },
    }),
    defineRoute({ method: 'POST', url: '/admin/codes/revoke', tag: 'admin', auth: 'admin', summary: 'Revoke codes by coupon key', body: RevokeBodySchema, handler: ({ body }) => revokeCodes(ctx, body.couponKeys, body.reason) }),
    defineRoute({
      method: 'GET', url: '/admin/codes/export', tag: 'admin', auth: 'admin', summary: 'Export a campaign\'s signed codes as CSV', produces: 'text/csv',
      query: z.object({ campaignId: CampaignId }),
      handler: async ({ query, reply }) => reply.type('text/csv; charset=utf-8').send(await exportCodesCsv(ctx, query.campaignId)),
    }),
    defineRoute({
      method: 'GET', url: '/admin/codes/qr', tag: 'admin', auth: 'admin', summary: 'One issued code as a printable QR image (PNG or SVG)', produces: 'image/png',
      query: z.object({ couponKey: CouponKeySchema, format: z.enum(['png', 'svg']).default('png') }),
      handler: async ({ query, reply }) => reply.type(query.format === 'png' ? 'image/png' : 'image/svg+xml').send(await codeQr(ctx, query.couponKey, query.format)),
    }),
    defineRoute({
      method: 'GET', url: '/admin/redemptions', tag: 'admin', auth: 'admin', summary: 'List redemptions',
      query: z.object({
        storeId: Id.optional(), couponKey: CouponKeySchema.optional(),
        status: z.enum(['accepted', 'conflict', 'resolved', 'voided', 'applied', 'pending', 'refused']).optional(), flag: z.enum(FLAG_NAMES).optional(),
        limit: z.coerce.number().int().min(1).max(10_000).optional(), cursor: Cursor.optional(),
      }),
      handler: async ({ query, reply }) => withNextCursor(reply, await pageRedemptions(ctx, query)),
    }),
    defineRoute({
      method: 'GET', url: '/admin/redemptions/export', tag: 'admin', auth: 'admin', summary: 'Every matching redemption as CSV, streamed (any size)', produces: 'text/csv',
      query: z.object({
        storeId: Id.optional(), couponKey: CouponKeySchema.optional(),
        status: z.enum(['accepted', 'conflict', 'resolved', 'voided', 'applied', 'pending', 'refused']).optional(), flag: z.enum(FLAG_NAMES).optional(),
      }),
      handler: async ({ query, reply }) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="redemptions.csv"').send(Readable.from(redemptionsCsv(ctx, query))),
    }),
    defineRoute({
      method: 'GET', url: '/admin/reports/flags', tag: 'admin', auth: 'admin', summary: 'How many redemptions carry each flag HQ set (clock_suspect, figures_mismatch, ...), and the discount they claimed',
      query: z.object({ storeId: Id.optional() }),
      handler: ({ query }) => flagReport(ctx, query),
    }),
    defineRoute({
      method: 'GET', url: '/admin/conflicts', tag: 'admin', auth: 'admin', summary: 'List conflicts',
      query: z.object({ state: z.enum(['open', 'resolved', 'cleared']).optional(), limit: z.coerce.number().int().min(1).max(10_000).optional(), cursor: Cursor.optional() }),
      handler: async ({ query, reply }) => withNextCursor(reply, await pageConflicts(ctx, query)),
    }),
    defineRoute({
      method: 'POST', url: '/admin/conflicts/:redemptionId/resolve', tag: 'admin', auth: 'admin', summary: 'Resolve a conflict: accept as loss or charge back, with a note',
      params: z.object({ redemptionId: z.string().uuid() }), body: ResolveBodySchema,
      handler: ({ params, body }) => resolveConflict(ctx, params.redemptionId, body.resolution, body.note),
    }),
  ];
}
