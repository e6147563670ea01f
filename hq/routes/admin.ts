import { z } from 'zod';
import { CampaignSchema } from '../../shared/campaign';
import { ROLES } from '../../shared/permissions';
import { CouponKeySchema } from '../../shared/ruleSet';
import { NewPinSchema } from '../../shared/ipc/schemas';
import { endCampaign, getCampaign, listCampaigns, listKeys, retireKey, rotateKey, saveCampaign } from '../services/campaigns';
import { Readable } from 'node:stream';
import { codeQr, exportCodesCsv, importPlainCodes, MAX_IMPORT_BYTES, mintCodes, MAX_MINT, plainCodesFromStream, revokeCodes } from '../services/codes';
import { MAX_INT32 } from '../../shared/redemption';
import { STORED_FLAG_NAMES, flagReport, pageConflicts, pageRedemptions, redemptionsCsv, resolveConflict } from '../services/reports';
import { addStore, changeStore, createTill, listStores, renameTill } from '../services/tills';
import { changeUser, createUser, getUserView, listUsers, setUserDisabled } from '../services/users';
import { HqError, type HqContext } from '../services/context';
import { freeTextSchema, nameSchema, tokenSchema } from '../../shared/text';
import { accountRoutes, Cursor, withNextCursor } from './accounts';
import { defineRoute, type RouteInput, type RouteSpec } from './define';

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
  campaignId: z.number().int().min(1).max(MAX_INT32),
  count: z.number().int().min(1).max(MAX_MINT),
  issueDay: z.number().int().min(0).max(65_535).optional(),
  expiryDay: z.number().int().min(0).max(65_535).optional(),
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

const campaignOrNull = (ctx: HqContext, id: number) => getCampaign(ctx, id).catch(() => null);
const keyInfo = async (ctx: HqContext, id: number) => (await listKeys(ctx)).find((k) => k.keyId === id) ?? null;
const conflictRow = (ctx: HqContext, id: string) =>
  ctx.db
    .selectFrom('conflicts')
    .select(['redemption_id', 'state', 'resolution', 'note'])
    .where('redemption_id', '=', id)
    .executeTakeFirst()
    .then((r) => r ?? null);
const idParam = (i: RouteInput) => String((i.params as { id: unknown }).id);
const storeOrNull = async (ctx: HqContext, id: string) => (await listStores(ctx)).find((st) => st.id === id) ?? null;
const tillOrNull = (ctx: HqContext, id: string) =>
  ctx.db
    .selectFrom('tills')
    .select(['id', 'store_id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r ?? null);

/**
 * HQ administration: each route names the area an admin account's role must cover (else 403) and
 * every write its audit entry (routes/define.ts). The CLI's `admin` subcommands call these.
 */
export function adminRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/admin/stores',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: 'Add a store',
      body: StoreBodySchema,
      audit: { action: 'store.add', target: (i) => (i.body as { id: string }).id },
      handler: ({ ctx, body }) => addStore(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/stores',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List stores',
      handler: ({ ctx }) => listStores(ctx),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/admin/stores/:id',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: "Change a store's name, time zone or currency (its tills learn it on their next pull)",
      params: StoreIdParams,
      body: StoreChangeSchema,
      audit: { action: 'store.change', target: idParam, before: (i) => storeOrNull(i.ctx, idParam(i)) },
      handler: ({ ctx, params, body }) => changeStore(ctx, params.id, body),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/admin/tills/:id',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: "Rename a till (the store's tills show it by this name)",
      params: TillIdParams,
      body: TillRenameSchema,
      audit: { action: 'till.rename', target: idParam, before: (i) => tillOrNull(i.ctx, idParam(i)) },
      handler: ({ ctx, params, body }) => renameTill(ctx, params.id, body.name),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/tills',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: 'Register a till; returns its one-time enrollment token',
      body: TillBodySchema,
      // The enrollment token opens the till's enrolment: never in the audit.
      audit: {
        action: 'till.register',
        target: (i) => (i.body as { storeId: string }).storeId,
        after: (r) => {
          const { enrollmentToken: _t, ...rest } = r as { enrollmentToken: string };
          return rest;
        },
      },
      handler: ({ ctx, body }) => createTill(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/users',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: 'Create a user for one store (storeId) or every store (storeId null)',
      body: UserBodySchema,
      audit: { action: 'user.create', target: (i) => (i.body as { storeId: string | null }).storeId },
      handler: ({ ctx, body }) => createUser(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/users',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: "List users (with storeId: the ones that store's tills get, chain-wide ones included)",
      query: z.object({ storeId: Id.optional() }),
      handler: ({ ctx, query }) => listUsers(ctx, query),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/admin/users/:id',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: "Change a user's name, role, store or PIN (omitted fields keep their value)",
      params: UserIdParams,
      body: UserChangeSchema,
      audit: {
        action: 'user.change',
        target: idParam,
        before: (i) => getUserView(i.ctx, idParam(i)),
        after: (r, i) => ({ ...(r as object), ...((i.body as { pin?: string }).pin !== undefined ? { pinChanged: true } : {}) }),
      },
      handler: ({ ctx, params, body }) => changeUser(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/users/:id/disable',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: 'Disable a user: no sign-in at any till after its next pull',
      params: UserIdParams,
      audit: { action: 'user.disable', target: idParam, before: (i) => getUserView(i.ctx, idParam(i)) },
      handler: ({ ctx, params }) => setUserDisabled(ctx, params.id, true),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/users/:id/enable',
      tag: 'admin',
      auth: 'admin',
      area: 'stores',
      summary: 'Enable a disabled user again',
      params: UserIdParams,
      audit: { action: 'user.enable', target: idParam, before: (i) => getUserView(i.ctx, idParam(i)) },
      handler: ({ ctx, params }) => setUserDisabled(ctx, params.id, false),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/campaigns',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List campaigns',
      handler: ({ ctx }) => listCampaigns(ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/campaigns',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Create a campaign',
      body: CampaignSchema,
      audit: { action: 'campaign.create', target: (i) => String((i.body as { id: number }).id) },
      handler: ({ ctx, body }) => saveCampaign(ctx, body, 'create'),
    }),
    defineRoute({
      method: 'PUT',
      url: '/admin/campaigns/:id',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Update a campaign',
      params: CampaignIdParams,
      body: CampaignSchema,
      audit: { action: 'campaign.update', target: idParam, before: (i) => campaignOrNull(i.ctx, Number(idParam(i))) },
      handler: async ({ ctx, body, params }) => {
        if (body.id !== params.id) throw new HqError(400, 'id_mismatch', `campaign id in the body (${body.id}) differs from the URL (${params.id})`);
        return saveCampaign(ctx, body, 'update');
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/campaigns/:id/end',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'End a campaign',
      params: CampaignIdParams,
      audit: { action: 'campaign.end', target: idParam, before: (i) => campaignOrNull(i.ctx, Number(idParam(i))) },
      handler: ({ ctx, params }) => endCampaign(ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/keys',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List issuing keys (public parts)',
      handler: ({ ctx }) => listKeys(ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/keys/rotate',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Generate a new issuing key that mints from now on',
      audit: { action: 'key.rotate' },
      handler: ({ ctx }) => rotateKey(ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/keys/:id/retire',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Retire an issuing key',
      params: z.object({ id: z.coerce.number().int().min(0).max(65_535) }),
      audit: { action: 'key.retire', target: idParam, before: (i) => keyInfo(i.ctx, Number(idParam(i))) },
      handler: ({ ctx, params }) => retireKey(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/codes/mint',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Mint signed codes',
      body: MintBodySchema,
      // The codes are coupons: the audit keeps how many and which coupon keys, never the codes.
      audit: {
        action: 'codes.mint',
        target: (i) => String((i.body as { campaignId: number }).campaignId),
        after: (r, i) => {
          const codes = (r as { codes: { couponKey: string }[] }).codes;
          return { ...(i.body as object), minted: codes.length, first: codes[0]?.couponKey ?? null, last: codes.at(-1)?.couponKey ?? null };
        },
      },
      handler: async ({ ctx, body }) => ({ codes: await mintCodes(ctx, body) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/codes/import',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Import plain codes (CSV, first column) for a campaign',
      query: z.object({ campaignId: CampaignId }),
      body: z.string(),
      bodyLimit: MAX_IMPORT_BYTES,
      streamedBody: true,
      // The upload is read before the write's transaction (it may be 200 MB); the codes themselves never reach the audit.
      prepare: async ({ body, req }) => {
        const stream = body as unknown;
        if (!(stream instanceof Readable))
          throw new HqError(415, 'unsupported_media_type', `send the CSV as text/csv (got ${String(req.headers['content-type'] ?? 'no content type')})`);
        return plainCodesFromStream(stream);
      },
      audit: {
        action: 'codes.import',
        target: (i) => String((i.query as { campaignId: number }).campaignId),
        after: (r) => {
          const { refused, ...rest } = r as { refused: unknown[] };
          return { ...rest, refused: refused.length };
        },
      },
      handler: async ({ ctx, query, prepared }) => {
        const { codes, refused } = prepared as Awaited<ReturnType<typeof plainCodesFromStream>>;
        return importPlainCodes(ctx, query.campaignId, codes, refused);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/codes/revoke',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'Revoke codes by coupon key',
      body: RevokeBodySchema,
      audit: { action: 'codes.revoke', after: (r, i) => ({ ...(i.body as object), ...(r as object) }) },
      handler: ({ ctx, body }) => revokeCodes(ctx, body.couponKeys, body.reason),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/codes/export',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: "Export a campaign's signed codes as CSV",
      produces: 'text/csv',
      query: z.object({ campaignId: CampaignId }),
      // Exported codes are coupons: an export is audited like a write.
      audit: { action: 'codes.export', target: (i) => String((i.query as { campaignId: number }).campaignId), after: () => null },
      handler: async ({ ctx, query, reply }) => reply.type('text/csv; charset=utf-8').send(await exportCodesCsv(ctx, query.campaignId)),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/codes/qr',
      tag: 'admin',
      auth: 'admin',
      area: 'campaigns',
      summary: 'One issued code as a printable QR image (PNG or SVG)',
      produces: 'image/png',
      query: z.object({ couponKey: CouponKeySchema, format: z.enum(['png', 'svg']).default('png') }),
      handler: async ({ ctx, query, reply }) =>
        reply.type(query.format === 'png' ? 'image/png' : 'image/svg+xml').send(await codeQr(ctx, query.couponKey, query.format)),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/redemptions',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List redemptions',
      query: z.object({
        storeId: Id.optional(),
        couponKey: CouponKeySchema.optional(),
        status: z.enum(['accepted', 'conflict', 'resolved', 'voided', 'applied', 'pending', 'refused']).optional(),
        flag: z.enum(STORED_FLAG_NAMES).optional(),
        limit: z.coerce.number().int().min(1).max(10_000).optional(),
        cursor: Cursor.optional(),
      }),
      handler: async ({ ctx, query, reply }) => withNextCursor(reply, await pageRedemptions(ctx, query)),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/redemptions/export',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'Every matching redemption as CSV, streamed (any size)',
      produces: 'text/csv',
      query: z.object({
        storeId: Id.optional(),
        couponKey: CouponKeySchema.optional(),
        status: z.enum(['accepted', 'conflict', 'resolved', 'voided', 'applied', 'pending', 'refused']).optional(),
        flag: z.enum(STORED_FLAG_NAMES).optional(),
      }),
      handler: async ({ ctx, query, reply }) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="redemptions.csv"')
          .send(Readable.from(redemptionsCsv(ctx, query))),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/reports/flags',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'How many redemptions carry each flag HQ set (clock_suspect, figures_mismatch, ...), and the discount they claimed',
      query: z.object({ storeId: Id.optional() }),
      handler: ({ ctx, query }) => flagReport(ctx, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/conflicts',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List conflicts',
      query: z.object({
        state: z.enum(['open', 'resolved', 'cleared']).optional(),
        limit: z.coerce.number().int().min(1).max(10_000).optional(),
        cursor: Cursor.optional(),
      }),
      handler: async ({ ctx, query, reply }) => withNextCursor(reply, await pageConflicts(ctx, query)),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/conflicts/:redemptionId/resolve',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Resolve a conflict: accept as loss or charge back, with a note',
      params: z.object({ redemptionId: z.string().uuid() }),
      body: ResolveBodySchema,
      audit: {
        action: 'conflict.resolve',
        target: (i) => (i.params as { redemptionId: string }).redemptionId,
        before: (i) => conflictRow(i.ctx, (i.params as { redemptionId: string }).redemptionId),
      },
      handler: ({ ctx, params, body }) => resolveConflict(ctx, params.redemptionId, body.resolution, body.note),
    }),
    ...accountRoutes(),
  ];
}
