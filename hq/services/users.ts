import { DEFAULT_SCRYPT, hashPin } from '../../shared/auth/pinHash';
import { MIN_PIN_DIGITS, pinProblem } from '../../shared/auth/pinRules';
import { newId } from '../../shared/ids';
import type { Role } from '../../shared/permissions';
import type { HqUser } from '../../shared/ruleSet';
import type { HqTables } from '../db/schema';
import { appendChanges, CHAIN_STREAM, type NewChange } from './changeLog';
import { HqError, inTransaction, type HqContext, type Tx } from './context';

/**
 * Users HQ manages for its tills. A user belongs to one store (its tills get the user) or, with
 * no store, to every store of the chain (area managers). HQ keeps only the PIN's scrypt hash, in
 * the format the till verifies offline, and sends each change through the change log.
 */

/** A user as the admin API shows it: never the PIN, nor its hash. */
export interface HqUserView {
  id: string;
  name: string;
  role: Role;
  /** null: every store of the chain. */
  storeId: string | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface NewUserInput {
  name: string;
  role: Role;
  storeId: string | null;
  /** 4-8 digits (6-8 for supervisors and managers); hashed here and then forgotten. */
  pin: string;
}

/** What an admin may change; omitted fields keep their value. */
export interface UserChange {
  name?: string;
  role?: Role;
  storeId?: string | null;
  pin?: string;
}

type UserRow = HqTables['users'];

function toView(r: UserRow): HqUserView {
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    storeId: r.store_id,
    disabled: Number(r.disabled) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The user as tills receive it ('user' change payload, RuleSetUpdate.users). */
function forTills(r: UserRow): HqUser {
  return { id: r.id, name: r.name, role: r.role as Role, pinHash: r.pin_hash, disabled: Number(r.disabled) === 1, updatedAt: Number(r.updated_at) };
}

/**
 * The change-log entries that carry a user's new state. A user who leaves a store (or stops being
 * chain-wide) reaches the tills of the old scope once more, disabled, before the new scope gets
 * the user: tills in both scopes fold the later entry, so they end up right whatever they held.
 */
function changesFor(before: UserRow | null, after: UserRow): NewChange[] {
  // Every user entry goes to the chain stream (scoped by storeId), so a move between a store and the
  // chain keeps its order for every till (change streams, decision 070). Admin writes: few rows.
  const out: NewChange[] = [];
  if (before && before.store_id !== after.store_id)
    out.push({ kind: 'user', storeId: before.store_id, stream: CHAIN_STREAM, payload: [{ ...forTills(after), disabled: true }] });
  out.push({ kind: 'user', storeId: after.store_id, stream: CHAIN_STREAM, payload: [forTills(after)] });
  return out;
}

async function requireStore(trx: Tx, storeId: string | null): Promise<void> {
  if (storeId === null) return;
  const store = await trx.selectFrom('stores').select('id').where('id', '=', storeId).executeTakeFirst();
  if (!store) throw new HqError(404, 'unknown_store', `no store "${storeId}": add it first (or give storeId null for every store)`);
}

async function requireUser(trx: Tx, id: string): Promise<UserRow> {
  const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new HqError(404, 'unknown_user', `no user ${id}`);
  return row;
}

function hash(ctx: HqContext, pin: string): Promise<string> {
  return hashPin(pin, ctx.pinScrypt ?? DEFAULT_SCRYPT);
}

/** A supervisor's or manager's PIN is at least 6 digits; promoting someone with a shorter one needs a new PIN. */
function checkPin(role: Role, pin: string | undefined, before: Role | null): void {
  const problem =
    pin !== undefined
      ? pinProblem(role, pin)
      : before !== null && MIN_PIN_DIGITS[role] > MIN_PIN_DIGITS[before]
        ? `a ${role} needs a new PIN of at least ${MIN_PIN_DIGITS[role]} digits: give pin too`
        : null;
  if (problem) throw new HqError(400, 'invalid_request', `invalid body: pin: ${problem}`);
}

export async function createUser(ctx: HqContext, input: NewUserInput): Promise<HqUserView> {
  checkPin(input.role, input.pin, null);
  // Hashed before the transaction: a PostgreSQL retry must not hash (150 ms) again.
  const pinHash = await hash(ctx, input.pin);
  return inTransaction(ctx, async (trx) => {
    await requireStore(trx, input.storeId);
    const at = ctx.now();
    const row: UserRow = {
      id: newId(),
      name: input.name,
      role: input.role,
      store_id: input.storeId,
      pin_hash: pinHash,
      disabled: 0,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('users').values(row).execute();
    await appendChanges(ctx, trx, changesFor(null, row));
    return toView(row);
  });
}

/** Changes a user's name, role, store or PIN. A new PIN also clears any lockout at the tills. */
export async function changeUser(ctx: HqContext, id: string, change: UserChange): Promise<HqUserView> {
  const pinHash = change.pin !== undefined ? await hash(ctx, change.pin) : undefined;
  return inTransaction(ctx, async (trx) => {
    const before = await requireUser(trx, id);
    checkPin(change.role ?? (before.role as Role), change.pin, change.role !== undefined ? (before.role as Role) : null);
    if (change.storeId !== undefined) await requireStore(trx, change.storeId);
    const after: UserRow = {
      ...before,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.storeId !== undefined ? { store_id: change.storeId } : {}),
      ...(pinHash !== undefined ? { pin_hash: pinHash } : {}),
    };
    if (after.name === before.name && after.role === before.role && after.store_id === before.store_id && after.pin_hash === before.pin_hash)
      return toView(before);
    after.updated_at = Math.max(ctx.now(), Number(before.updated_at));
    await trx
      .updateTable('users')
      .set({ name: after.name, role: after.role, store_id: after.store_id, pin_hash: after.pin_hash, updated_at: after.updated_at })
      .where('id', '=', id)
      .execute();
    await appendChanges(ctx, trx, changesFor(before, after));
    return toView(after);
  });
}

/** Disables (or enables again) a user: a disabled user cannot sign in at any till after its next pull. */
export async function setUserDisabled(ctx: HqContext, id: string, disabled: boolean): Promise<HqUserView> {
  return inTransaction(ctx, async (trx) => {
    const before = await requireUser(trx, id);
    if ((Number(before.disabled) === 1) === disabled) return toView(before);
    const after: UserRow = { ...before, disabled: disabled ? 1 : 0, updated_at: Math.max(ctx.now(), Number(before.updated_at)) };
    await trx.updateTable('users').set({ disabled: after.disabled, updated_at: after.updated_at }).where('id', '=', id).execute();
    await appendChanges(ctx, trx, changesFor(before, after));
    return toView(after);
  });
}

/** One user as the admin API shows it; null when there is none. */
export async function getUserView(ctx: HqContext, id: string): Promise<HqUserView | null> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

/** Users by name; with `storeId`, the ones that store's tills receive (its own and the chain-wide ones). */
export async function listUsers(ctx: HqContext, filter: { storeId?: string } = {}): Promise<HqUserView[]> {
  let q = ctx.db.selectFrom('users').selectAll();
  if (filter.storeId !== undefined) {
    const storeId = filter.storeId;
    q = q.where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', storeId)]));
  }
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map(toView);
}
