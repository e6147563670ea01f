import { newId } from '../../shared/ids';
import type { HqTables } from '../db/schema';
import { appendAudit } from './audit';
import { HqError, inTransaction, type HqContext, type Tx } from './context';
import { newSecret, sha256Hex } from './tills';

/**
 * Named admin accounts. Each has one role and its own bearer token; HQ keeps only the token's
 * SHA-256 (decision 038: a random 256-bit token needs no slow hash). The first owner is made from
 * the admin-token file an older HQ already wrote, so an upgraded HQ opens with the same token.
 */
export const ADMIN_ROLES = ['owner', 'campaigns', 'stores', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * What a route needs, and which roles have it. `read` is every list and report; `campaigns` is
 * campaigns, codes (their export too: exported codes are coupons) and issuing keys; `stores` is
 * stores, tills and users; `audit` is the audit list; `owner` is accounts and conflict resolution.
 */
export type AdminArea = 'read' | 'campaigns' | 'stores' | 'audit' | 'owner';

export const ROLE_AREAS: Record<AdminRole, readonly AdminArea[]> = {
  owner: ['read', 'campaigns', 'stores', 'audit', 'owner'],
  campaigns: ['read', 'campaigns'],
  stores: ['read', 'stores'],
  auditor: ['read', 'audit'],
};

/** The roles that may do what `area` covers (for messages and the OpenAPI document). */
export function rolesFor(area: AdminArea): AdminRole[] {
  return ADMIN_ROLES.filter((r) => ROLE_AREAS[r].includes(area));
}

/** The admin account a request authenticated as. */
export interface AdminAccount {
  id: string;
  name: string;
  role: AdminRole;
}

/** An account as the admin API shows it: never its token, nor the token's hash. */
export interface AdminAccountView extends AdminAccount {
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  tokenRotatedAt: number;
}

type AccountRow = HqTables['admin_accounts'];

function toView(r: AccountRow): AdminAccountView {
  return {
    id: r.id,
    name: r.name,
    role: r.role as AdminRole,
    disabled: Number(r.disabled) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    tokenRotatedAt: Number(r.token_rotated_at),
  };
}

/** The enabled account whose token this is; null when none (unknown, rotated away or disabled). */
export async function authenticateAdmin(ctx: HqContext, token: string): Promise<AdminAccount | null> {
  if (token.length < 32 || token.length > 200) return null;
  const row = await ctx.db
    .selectFrom('admin_accounts')
    .select(['id', 'name', 'role'])
    .where('token_hash', '=', sha256Hex(token))
    .where('disabled', '=', 0)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, role: row.role as AdminRole } : null;
}

/** Whether `account` may do what `area` covers. */
export function mayDo(account: AdminAccount, area: AdminArea): boolean {
  return ROLE_AREAS[account.role].includes(area);
}

/**
 * On a database with no admin account yet (a new HQ, or one upgraded from the single admin
 * token): the first owner, whose token is `token` (the admin-token file's). Two HQ processes
 * starting together make one owner.
 */
export async function ensureFirstOwner(ctx: HqContext, token: string): Promise<void> {
  const any = await ctx.db.selectFrom('admin_accounts').select('id').limit(1).executeTakeFirst();
  if (any) return;
  await inTransaction(ctx, async (trx) => {
    const at = ctx.now();
    const row: AccountRow = {
      id: newId(),
      name: 'owner',
      role: 'owner',
      token_hash: sha256Hex(token),
      disabled: 0,
      created_at: at,
      updated_at: at,
      token_rotated_at: at,
    };
    const inserted = await trx
      .insertInto('admin_accounts')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return;
    await appendAudit(trx, at, {
      account: null,
      action: 'account.first_owner',
      method: 'START',
      path: 'admin-token',
      target: row.id,
      before: null,
      after: toView(row),
    });
  });
}

async function accountRow(trx: Tx | HqContext['db'], id: string): Promise<AccountRow> {
  const row = await trx.selectFrom('admin_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new HqError(404, 'unknown_account', `no admin account ${id}`);
  return row;
}

export async function getAccount(ctx: HqContext, id: string): Promise<AdminAccountView | null> {
  const row = await ctx.db.selectFrom('admin_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function listAccounts(ctx: HqContext): Promise<AdminAccountView[]> {
  const rows = await ctx.db.selectFrom('admin_accounts').selectAll().orderBy('name').execute();
  return rows.map(toView);
}

/** A new account and its token: the token is shown this once, HQ keeps only its hash. */
export async function createAccount(ctx: HqContext, input: { name: string; role: AdminRole }): Promise<{ account: AdminAccountView; token: string }> {
  const token = newSecret();
  const at = ctx.now();
  const row: AccountRow = {
    id: newId(),
    name: input.name,
    role: input.role,
    token_hash: sha256Hex(token),
    disabled: 0,
    created_at: at,
    updated_at: at,
    token_rotated_at: at,
  };
  const taken = await ctx.db.selectFrom('admin_accounts').select('id').where('name', '=', input.name).executeTakeFirst();
  if (taken) throw new HqError(409, 'account_exists', `an admin account named "${input.name}" exists`);
  await ctx.db.insertInto('admin_accounts').values(row).execute();
  return { account: toView(row), token };
}

/** A new token for the account; the old one stops working at once. */
export async function rotateAccountToken(ctx: HqContext, id: string): Promise<{ account: AdminAccountView; token: string }> {
  const row = await accountRow(ctx.db, id);
  const token = newSecret();
  const at = ctx.now();
  await ctx.db
    .updateTable('admin_accounts')
    .set({ token_hash: sha256Hex(token), token_rotated_at: at, updated_at: at })
    .where('id', '=', id)
    .execute();
  return { account: toView({ ...row, token_hash: '', token_rotated_at: at, updated_at: at }), token };
}

/** Disables (its token stops working) or enables an account. The last enabled owner cannot be disabled. */
export async function setAccountDisabled(ctx: HqContext, id: string, disabled: boolean): Promise<AdminAccountView> {
  const row = await accountRow(ctx.db, id);
  if (disabled && row.role === 'owner' && Number(row.disabled) === 0) {
    const owners = await ctx.db.selectFrom('admin_accounts').select('id').where('role', '=', 'owner').where('disabled', '=', 0).execute();
    if (owners.length <= 1) throw new HqError(409, 'last_owner', 'this is the last enabled owner: create another owner before disabling it');
  }
  const at = ctx.now();
  await ctx.db
    .updateTable('admin_accounts')
    .set({ disabled: disabled ? 1 : 0, updated_at: at })
    .where('id', '=', id)
    .execute();
  return toView({ ...row, disabled: disabled ? 1 : 0, updated_at: at });
}
