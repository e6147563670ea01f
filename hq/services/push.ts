import { RedemptionUploadSchema, type RedemptionUpload } from '../../shared/redemption';
import type { PushItemResult, PushResponse } from '../../shared/sync';
import { queueChanges } from './changeLog';
import { consumeClaims } from './claim';
import { inTransaction, type HqContext, type Tx } from './context';
import { checkUploads, flagsColumn, type UploadCheck } from './checks';
import { bodyHash, canonicalBody, decideAndWrite, fullBody, loadCodeRows, lockCodes, type StoredRow } from './ledger';
import { recordRedemptionDays } from './orders';
import { queueDecisionWebhooks, statusesBefore } from './webhookEvents';
import type { AuthenticatedTill } from './tills';

/**
 * Pushes: a till's outbox entries arrive in batches; each is applied exactly once by its id.
 * The same id with the same content is a duplicate (answered, nothing changes); the same id
 * with different content is refused with 409 for that item only.
 */

export interface Candidate {
  index: number;
  upload: RedemptionUpload;
  body: string;
  hash: string;
}

function describeIssues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(item)'}: ${i.message}`)
    .join('; ');
}

/** Validates each item on its own and checks it belongs to the calling till. */
function screen(till: AuthenticatedTill, items: unknown[], results: PushItemResult[]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Map<string, string>();
  items.forEach((item, index) => {
    const rawId = typeof (item as { id?: unknown })?.id === 'string' ? String((item as { id: string }).id).slice(0, 100) : `#${index}`;
    const parsed = RedemptionUploadSchema.safeParse(item);
    if (!parsed.success) {
      results[index] = { id: rawId, status: 'rejected', httpStatus: 400, error: `invalid redemption: ${describeIssues(parsed.error)}`.slice(0, 500) };
      return;
    }
    const u = parsed.data;
    if (u.storeId !== till.storeId || u.tillId !== till.tillId) {
      results[index] = {
        id: u.id,
        status: 'rejected',
        httpStatus: 403,
        error: `this till (${till.tillId}, store ${till.storeId}) may push only its own redemptions`,
      };
      return;
    }
    if ((u.kind === 'void') !== (u.voidsId !== null)) {
      results[index] = { id: u.id, status: 'rejected', httpStatus: 400, error: 'a void must name the redemption it voids (voidsId), and only a void may' };
      return;
    }
    const body = fullBody(u);
    const hash = bodyHash(canonicalBody(u));
    const earlier = seen.get(u.id);
    if (earlier !== undefined) {
      results[index] =
        earlier === hash
          ? { id: u.id, status: 'duplicate' }
          : { id: u.id, status: 'rejected', httpStatus: 409, error: 'the same id appears twice in this batch with different content' };
      return;
    }
    seen.set(u.id, hash);
    out.push({ index, upload: u, body, hash });
  });
  return out;
}

export interface PushOptions {
  /** Runs inside the push's transaction after every write, just before commit (tests hold a push open here). */
  beforeCommit?: (trx: Tx) => Promise<void>;
}

export async function pushBatch(ctx: HqContext, till: AuthenticatedTill, items: unknown[], opts: PushOptions = {}): Promise<PushResponse> {
  const results: PushItemResult[] = new Array(items.length);
  const candidates = screen(till, items, results);
  if (candidates.length > 0) {
    const applied = await inTransaction(ctx, async (trx) => {
      const out = await applyCandidates(ctx, trx, till, candidates);
      await opts.beforeCommit?.(trx);
      return out;
    });
    for (const [index, r] of applied) results[index] = r;
  }
  return { results, hqTime: ctx.clock.tick() };
}

/**
 * The transaction body: sort out duplicates and check the new entries (reads only), lock their
 * codes, insert them and re-decide the codes, and queue the verdicts and spent facts for the change
 * log, unnumbered (decision 046): the push takes no stream head row, so the only rows two pushes
 * can queue on are the locks of a code both carry. Pure in what it reads (retry-safe: a duplicate id
 * inserted meanwhile by another process fails the insert, and the retry answers it as a duplicate).
 */
async function applyCandidates(ctx: HqContext, trx: Tx, till: AuthenticatedTill, candidates: Candidate[]): Promise<Map<number, PushItemResult>> {
  const out = new Map<number, PushItemResult>();
  const ids = candidates.map((c) => c.upload.id);
  const existing = new Map<string, { body_hash: string; status: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('redemptions')
      .select(['id', 'body_hash', 'status'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.set(r.id, r);
  }
  const fresh: Candidate[] = [];
  for (const c of candidates) {
    const prior = existing.get(c.upload.id);
    if (!prior) fresh.push(c);
    else if (prior.body_hash === c.hash) out.set(c.index, withVerdict({ id: c.upload.id, status: 'duplicate' }, prior.status));
    else out.set(c.index, { id: c.upload.id, status: 'rejected', httpStatus: 409, error: 'HQ already holds a different redemption with this id' });
  }
  if (fresh.length === 0) return out;
  const checks = await checkUploads(ctx, trx, till, fresh);
  // Code locks from here to the commit: two pushes of one code decide it one after the other.
  await lockCodes(
    ctx,
    trx,
    fresh.map((c) => c.upload.couponKey),
  );
  const byCode = await loadCodeRows(
    trx,
    fresh.map((c) => c.upload.couponKey),
  );
  const voids = await checkVoids(trx, till, fresh, checks, out);
  const accepted = fresh.filter((c) => !out.has(c.index));
  const newRows = accepted.filter((c) => c.upload.kind === 'redeem').map((c) => toRow(c, checks.get(c.index)));
  const held = await pendingVoidsFor(trx, newRows);
  for (const row of newRows) {
    row.voided = voids.some((v) => v.status === 'applied' && v.upload!.voidsId === row.id) || (await settlePendingVoid(trx, row, held.get(row.id)));
    byCode.get(row.couponKey)!.push(row);
  }
  for (const v of voids) if (v.status === 'applied') for (const r of byCode.get(v.couponKey) ?? []) if (r.id === v.upload!.voidsId) r.voided = true;
  const before = statusesBefore(byCode);
  const { decisions, changes } = await decideAndWrite(ctx, trx, byCode, voids, till.storeId);
  await queueDecisionWebhooks(ctx, trx, byCode, before, decisions);
  await consumeClaims(trx, newRows);
  await recordRedemptionDays(
    trx,
    till.storeId,
    accepted.map((c) => ({ id: c.upload.id, storeId: c.upload.storeId, tillId: c.upload.tillId, body: c.body })),
  );
  await queueChanges(ctx, trx, changes);
  for (const c of accepted) out.set(c.index, withVerdict({ id: c.upload.id, status: 'applied' }, decisions.get(c.upload.id)?.status));
  return out;
}

export function toRow(c: Candidate, check?: UploadCheck): StoredRow {
  const u = c.upload;
  return {
    id: u.id,
    tillId: u.tillId,
    hlc: u.hlc,
    voided: false,
    resolution: null,
    note: null,
    couponKey: u.couponKey,
    campaignId: u.campaignId,
    storeId: u.storeId,
    status: 'new',
    winnerId: null,
    isNew: true,
    body: c.body,
    bodyHash: c.hash,
    upload: u,
    clockSuspect: check?.clockSuspect ?? false,
    ...(check ? { flags: check.flags } : {}),
  };
}

/**
 * A void applies to a redemption of the same store, till and code. Its target may not have
 * arrived yet: the void is then held ('pending'), and checked when the target arrives, so a till
 * cannot plant a void for another store's redemption in advance.
 */
async function checkVoids(
  trx: Tx,
  till: AuthenticatedTill,
  fresh: Candidate[],
  checks: Map<number, UploadCheck>,
  out: Map<number, PushItemResult>,
): Promise<StoredRow[]> {
  const voids = fresh.filter((c) => c.upload.kind === 'void');
  if (voids.length === 0) return [];
  const targets = new Map<string, { store_id: string; till_id: string; coupon_key: string }>();
  const targetIds = voids.map((v) => v.upload.voidsId!);
  for (let i = 0; i < targetIds.length; i += 500) {
    const rows = await trx
      .selectFrom('redemptions')
      .select(['id', 'store_id', 'till_id', 'coupon_key'])
      .where('id', 'in', targetIds.slice(i, i + 500))
      .where('kind', '=', 'redeem')
      .execute();
    for (const r of rows) targets.set(r.id, r);
  }
  for (const c of fresh)
    if (c.upload.kind === 'redeem') targets.set(c.upload.id, { store_id: c.upload.storeId, till_id: c.upload.tillId, coupon_key: c.upload.couponKey });
  const rows: StoredRow[] = [];
  for (const v of voids) {
    const t = targets.get(v.upload.voidsId!);
    if (t && (t.store_id !== till.storeId || t.till_id !== till.tillId)) {
      out.set(v.index, { id: v.upload.id, status: 'rejected', httpStatus: 403, error: 'a till may void only its own redemptions (same store and till)' });
    } else if (t && t.coupon_key !== v.upload.couponKey) {
      out.set(v.index, { id: v.upload.id, status: 'rejected', httpStatus: 400, error: 'the void names a different coupon than the redemption it voids' });
    } else {
      rows.push({ ...toRow(v, checks.get(v.index)), status: t ? 'applied' : 'pending' });
    }
  }
  return rows;
}

interface HeldVoid {
  id: string;
  store_id: string;
  till_id: string;
  coupon_key: string;
  flags: string | null;
}

/** Voids HQ holds for redemptions that arrive now. */
async function pendingVoidsFor(trx: Tx, rows: StoredRow[]): Promise<Map<string, HeldVoid[]>> {
  const out = new Map<string, HeldVoid[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await trx
      .selectFrom('redemptions')
      .select(['id', 'voids_id', 'store_id', 'till_id', 'coupon_key', 'flags'])
      .where('kind', '=', 'void')
      .where('status', '=', 'pending')
      .where('voids_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of found) out.set(r.voids_id!, [...(out.get(r.voids_id!) ?? []), r]);
  }
  return out;
}

/** Applies the held voids that come from the redemption's own store and till; refuses (and flags) the rest. True when one applied. */
async function settlePendingVoid(trx: Tx, row: StoredRow, held: HeldVoid[] | undefined): Promise<boolean> {
  let applied = false;
  for (const v of held ?? []) {
    const ok = v.store_id === row.storeId && v.till_id === row.tillId && v.coupon_key === row.couponKey;
    const flags = ok
      ? v.flags
      : flagsColumn({ ...(v.flags ? JSON.parse(v.flags) : {}), void_target_mismatch: { targetStoreId: row.storeId, targetTillId: row.tillId } });
    await trx
      .updateTable('redemptions')
      .set({ status: ok ? 'applied' : 'refused', flags })
      .where('id', '=', v.id)
      .execute();
    applied ||= ok;
  }
  return applied;
}

function withVerdict(r: PushItemResult, status: string | undefined): PushItemResult {
  if (status === 'accepted' || status === 'conflict' || status === 'resolved') r.verdict = status;
  return r;
}
