import type { Kysely } from 'kysely';
import type { HqTables } from '../db/schema';
import type { AdminAccount } from './adminAccounts';
import { HqError, type HqContext } from './context';

/**
 * The admin audit: one entry per admin write (who, what, before and after), written in the same
 * transaction as the write, so a write without its entry never commits. Append-only: HQ has no
 * code that changes or deletes an entry, and the database refuses to (HQ migration 4).
 */
export interface AuditInput {
  /** null: HQ itself (the first owner made at start). */
  account: AdminAccount | null;
  action: string;
  method: string;
  path: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  seq: number;
  at: number;
  accountId: string | null;
  accountName: string;
  role: string;
  action: string;
  method: string;
  path: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export async function appendAudit(db: Kysely<HqTables>, at: number, e: AuditInput): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({
      at,
      account_id: e.account?.id ?? null,
      account_name: e.account?.name ?? 'HQ',
      role: e.account?.role ?? 'system',
      action: e.action,
      method: e.method,
      path: e.path,
      target: e.target,
      before: json(e.before),
      after: json(e.after),
    })
    .execute();
}

export interface AuditFilter {
  accountId?: string;
  action?: string;
  limit?: number;
  /** The previous page's X-Next-Cursor. */
  cursor?: string;
}

/** One page of the audit, newest first, and the next page's cursor (null on the last). Keyset on seq: any depth. */
export async function pageAudit(ctx: HqContext, f: AuditFilter): Promise<{ rows: AuditEntry[]; nextCursor: string | null }> {
  const limit = f.limit ?? 100;
  let q = ctx.db.selectFrom('admin_audit').selectAll();
  if (f.cursor !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(f.cursor)) throw new HqError(400, 'bad_cursor', 'the cursor is not one HQ gave out: start again without it');
    q = q.where('seq', '<', Number(f.cursor));
  }
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  if (f.action) q = q.where('action', '=', f.action);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((r) => ({
    seq: Number(r.seq),
    at: Number(r.at),
    accountId: r.account_id,
    accountName: r.account_name,
    role: r.role,
    action: r.action,
    method: r.method,
    path: r.path,
    target: r.target,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
  return { rows: page, nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null };
}
