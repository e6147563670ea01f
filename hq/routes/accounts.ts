import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { nameSchema } from '../../shared/text';
import { ADMIN_ROLES, createAccount, getAccount, listAccounts, rotateAccountToken, setAccountDisabled } from '../services/adminAccounts';
import { pageAudit } from '../services/audit';
import { defineRoute, type RouteInput, type RouteSpec } from './define';

export const Cursor = z
  .string()
  .max(600)
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor HQ gave out');

/** A page's rows as the body (an array, as before paging), the next page's cursor in `X-Next-Cursor`. */
export function withNextCursor<T>(reply: FastifyReply, page: { rows: T[]; nextCursor: string | null }): T[] {
  if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
  return page.rows;
}

export const AccountBodySchema = z.strictObject({ name: nameSchema(80), role: z.enum(ADMIN_ROLES) });
const AccountIdParams = z.object({ id: z.uuid() });
const accountId = (i: RouteInput) => (i.params as { id: string }).id;
/** A new token is shown to its caller once and never kept in the audit. */
const withoutToken = (r: unknown) => (r as { account: unknown }).account;

/** Admin accounts (owner only) and the audit of every admin write (owner and auditor). */
export function accountRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/admin/accounts',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'List admin accounts (never their tokens)',
      handler: ({ ctx }) => listAccounts(ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/accounts',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Create a named admin account with a role; answers its token, shown this once',
      body: AccountBodySchema,
      audit: { action: 'account.create', target: (i) => (i.body as { name: string }).name, after: withoutToken },
      handler: ({ ctx, body }) => createAccount(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/accounts/:id/rotate',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'A new token for the account (the old one stops at once); shown this once',
      params: AccountIdParams,
      audit: { action: 'account.rotate', target: accountId, before: (i) => getAccount(i.ctx, accountId(i)), after: withoutToken },
      handler: ({ ctx, params }) => rotateAccountToken(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/accounts/:id/disable',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Disable an admin account: its token stops working (not the last enabled owner)',
      params: AccountIdParams,
      audit: { action: 'account.disable', target: accountId, before: (i) => getAccount(i.ctx, accountId(i)) },
      handler: ({ ctx, params }) => setAccountDisabled(ctx, params.id, true),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/accounts/:id/enable',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Enable a disabled admin account again (same token)',
      params: AccountIdParams,
      audit: { action: 'account.enable', target: accountId, before: (i) => getAccount(i.ctx, accountId(i)) },
      handler: ({ ctx, params }) => setAccountDisabled(ctx, params.id, false),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/audit',
      tag: 'admin',
      auth: 'admin',
      area: 'audit',
      summary: 'The audit of every admin write, newest first (who, what, before and after); X-Next-Cursor pages on',
      query: z.object({
        accountId: z.uuid().optional(),
        action: z
          .string()
          .regex(/^[a-z_]+\.[a-z_]+$/, 'an action such as campaign.update')
          .optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
        cursor: Cursor.optional(),
      }),
      handler: async ({ ctx, query, reply }) => withNextCursor(reply, await pageAudit(ctx, query)),
    }),
  ];
}
