import {
  closedOrderProblem,
  OrderEventUploadSchema,
  type OrderEventUpload,
  type OrderPushItemResult,
  type OrderPushResponse,
  type OrderClosedUpload,
  type OrderReturnedUpload,
} from '../../shared/orderSync';
import { storeDayOf } from '../../shared/storeDay';
import { redemptionDayRow } from '../db/redemptionDays';
import { inTransaction, type HqContext, type Tx } from './context';
import { bodyHash } from './ledger';
import type { AuthenticatedTill } from './tills';
import { queueOrderWebhook } from './webhookEvents';

/**
 * The POS's orders at HQ (issue 14): a till pushes each order event (closed, cancelled, returned)
 * once by id, like its redemptions. HQ checks what it can (the till speaks only for its own store
 * and till, the figures of a close add up, a return takes back no more than was sold and reverses
 * no more than the coupon took off, an order closes once) and refuses the rest with a reason code,
 * storing nothing for that item.
 */

type Refusal = { httpStatus: number; reason: string; error: string };
const refuse = (httpStatus: number, reason: string, error: string): Refusal => ({ httpStatus, reason, error });

interface OrderRow {
  state: string;
  closed_at: number | null;
}

function describeIssues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(item)'}: ${i.message}`)
    .join('; ');
}

/** The identity of an event for "same id, same content": everything but the outbox sequence number. */
function canonical(e: OrderEventUpload): string {
  const { seq: _seq, ...rest } = e;
  return JSON.stringify(rest);
}

export async function pushOrderEvents(ctx: HqContext, till: AuthenticatedTill, items: unknown[]): Promise<OrderPushResponse> {
  const results: OrderPushItemResult[] = [];
  const store = await ctx.db.selectFrom('stores').select('time_zone').where('id', '=', till.storeId).executeTakeFirst();
  const zone = store?.time_zone ?? 'UTC';
  await inTransaction(ctx, async (trx) => {
    results.length = 0;
    for (const [index, item] of items.entries()) results.push(await applyOne(ctx, trx, till, zone, item, index));
  });
  return { results, hqTime: ctx.clock.tick() };
}

async function applyOne(ctx: HqContext, trx: Tx, till: AuthenticatedTill, zone: string, item: unknown, index: number): Promise<OrderPushItemResult> {
  const rawId = typeof (item as { id?: unknown })?.id === 'string' ? String((item as { id: string }).id).slice(0, 100) : `#${index}`;
  const parsed = OrderEventUploadSchema.safeParse(item);
  if (!parsed.success)
    return { id: rawId, status: 'rejected', httpStatus: 400, reason: 'invalid_order_event', error: describeIssues(parsed.error).slice(0, 500) };
  const e = parsed.data;
  const hash = bodyHash(canonical(e));
  const prior = await trx.selectFrom('pos_order_events').select(['body_hash', 'store_id', 'till_id']).where('id', '=', e.id).executeTakeFirst();
  if (prior && prior.body_hash === hash && prior.store_id === till.storeId && prior.till_id === till.tillId) return { id: e.id, status: 'duplicate' };
  const refusal = prior ? refuse(409, 'id_reused', 'HQ already holds a different order event with this id') : ((await check(trx, till, e)) ?? null);
  if (refusal) return { id: e.id, status: 'rejected', ...refusal };
  await write(ctx, trx, e, hash, storeDayOf(e.at, zone));
  return { id: e.id, status: 'applied' };
}

/** Everything that refuses an event, before anything is written. */
async function check(trx: Tx, till: AuthenticatedTill, e: OrderEventUpload): Promise<Refusal | undefined> {
  if (e.storeId !== till.storeId || e.tillId !== till.tillId)
    return refuse(403, 'not_this_till', `this till (${till.tillId}, store ${till.storeId}) may push only its own orders`);
  const problem = e.kind === 'closed' ? closedOrderProblem(e) : null;
  if (problem) return refuse(400, 'order_figures_mismatch', problem);
  const linked = await checkRedemptions(trx, e);
  if (linked) return linked;
  const order = (await trx
    .selectFrom('pos_orders')
    .select(['state', 'closed_at'])
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .executeTakeFirst()) as OrderRow | undefined;
  if (e.kind === 'closed') {
    if (order?.state === 'cancelled') return refuse(409, 'order_cancelled', `order ${e.orderId} was cancelled: it cannot close`);
    if (order) return refuse(409, 'already_closed', `order ${e.orderId} is already closed`);
  } else if (e.kind === 'cancelled') {
    if (order?.state === 'cancelled') return refuse(409, 'already_cancelled', `order ${e.orderId} is already cancelled`);
    if (order) return refuse(409, 'already_closed', `order ${e.orderId} is closed: it cannot be cancelled`);
  } else {
    if (!order || order.closed_at === null) return refuse(409, 'order_not_closed', `HQ holds no close of order ${e.orderId}: a return needs one`);
    return checkReturn(trx, e);
  }
  return undefined;
}

function referencedRedemptions(e: OrderEventUpload): string[] {
  if (e.kind === 'closed') return [...e.redemptionIds, ...e.lines.flatMap((l) => l.modifiers.map((m) => m.redemptionId))];
  if (e.kind === 'cancelled') return e.voidedRedemptionIds;
  return [...e.reinstated, ...e.reversals.map((r) => r.redemptionId)];
}

/** Redemptions an event names that HQ holds must be this till's, on this order (those not here yet are checked by nothing: they may still arrive). */
async function checkRedemptions(trx: Tx, e: OrderEventUpload): Promise<Refusal | undefined> {
  const ids = [...new Set(referencedRedemptions(e))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('redemption_days')
      .select(['redemption_id', 'store_id', 'till_id', 'order_id'])
      .where('redemption_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      if (r.store_id !== e.storeId || r.till_id !== e.tillId)
        return refuse(403, 'redemption_not_this_till', `redemption ${r.redemption_id} belongs to another till or store`);
      if (r.order_id !== e.orderId) return refuse(400, 'redemption_not_on_order', `redemption ${r.redemption_id} is not on order ${e.orderId}`);
    }
  }
  return undefined;
}

/** A return takes back at most what is left of each line, and reverses at most what each coupon took off it. */
async function checkReturn(trx: Tx, e: OrderReturnedUpload): Promise<Refusal | undefined> {
  const lines = new Map(
    (
      await trx
        .selectFrom('pos_order_lines')
        .select(['line_id', 'quantity', 'returned_quantity'])
        .where('store_id', '=', e.storeId)
        .where('till_id', '=', e.tillId)
        .where('order_id', '=', e.orderId)
        .execute()
    ).map((l) => [l.line_id, l]),
  );
  const wanted = new Map<string, number>();
  for (const l of e.lines) wanted.set(l.lineId, (wanted.get(l.lineId) ?? 0) + l.quantity);
  for (const [lineId, q] of wanted) {
    const line = lines.get(lineId);
    if (!line) return refuse(400, 'unknown_line', `order ${e.orderId} has no line ${lineId}`);
    if (q > line.quantity - line.returned_quantity)
      return refuse(400, 'return_exceeds_sold', `line ${lineId}: ${q} returned but only ${line.quantity - line.returned_quantity} left to return`);
  }
  const modifiers = await trx
    .selectFrom('pos_line_modifiers')
    .select(['line_id', 'redemption_id', 'amount_minor'])
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .execute();
  const done = await trx
    .selectFrom('pos_reversals')
    .select(['line_id', 'redemption_id', 'amount_minor'])
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .execute();
  const left = new Map<string, number>();
  for (const m of modifiers) left.set(`${m.redemption_id}|${m.line_id}`, Number(m.amount_minor));
  for (const d of done) left.set(`${d.redemption_id}|${d.line_id}`, (left.get(`${d.redemption_id}|${d.line_id}`) ?? 0) - Number(d.amount_minor));
  for (const r of e.reversals) {
    const k = `${r.redemptionId}|${r.lineId}`;
    if (!wanted.has(r.lineId)) return refuse(400, 'reversal_not_returned', `a reversal names line ${r.lineId}, which this return does not take back`);
    const rest = left.get(k) ?? 0;
    if (r.amountMinor > rest) return refuse(400, 'reversal_exceeds_discount', `line ${r.lineId}: reverses ${r.amountMinor} of a modifier with ${rest} left`);
    left.set(k, rest - r.amountMinor);
  }
  return undefined;
}

async function write(ctx: HqContext, trx: Tx, e: OrderEventUpload, hash: string, day: string): Promise<void> {
  const now = ctx.now();
  const where = { store_id: e.storeId, till_id: e.tillId, order_id: e.orderId };
  await trx
    .insertInto('pos_order_events')
    .values({ id: e.id, ...where, kind: e.kind, at: e.at, day, body: JSON.stringify(e), body_hash: hash, received_at: now })
    .execute();
  if (e.kind === 'closed') {
    await trx
      .insertInto('pos_orders')
      .values({
        ...where,
        state: 'closed',
        receipt_no: e.receiptNo,
        paid_total_minor: e.paidTotalMinor,
        total_minor: e.totalMinor,
        discount_minor: e.discountMinor,
        closed_at: e.at,
        closed_day: day,
        cancelled_at: null,
        cancelled_day: null,
        ended_by: 'pos',
        named_count: closeAmounts(e).size,
        updated_at: now,
      })
      .execute();
    await markClosed(trx, e, day);
    for (const l of e.lines) {
      await trx
        .insertInto('pos_order_lines')
        .values({
          ...where,
          line_id: l.lineId,
          sku: l.sku,
          category: l.category ?? null,
          quantity: l.quantity,
          unit_price_minor: l.unitPriceMinor,
          returned_quantity: 0,
        })
        .execute();
      for (const m of l.modifiers)
        await trx
          .insertInto('pos_line_modifiers')
          .values({ ...where, line_id: l.lineId, redemption_id: m.redemptionId, campaign_id: m.campaignId, amount_minor: m.amountMinor })
          .execute();
    }
  } else if (e.kind === 'cancelled') {
    await trx
      .insertInto('pos_orders')
      .values({
        ...where,
        state: 'cancelled',
        receipt_no: null,
        paid_total_minor: null,
        total_minor: null,
        discount_minor: null,
        closed_at: null,
        closed_day: null,
        cancelled_at: e.at,
        cancelled_day: day,
        ended_by: e.endedBy,
        named_count: 0,
        updated_at: now,
      })
      .execute();
  } else {
    await writeReturn(trx, e, day, now);
  }
  await queueOrderWebhook(ctx, trx, e, day);
}

async function writeReturn(trx: Tx, e: OrderReturnedUpload, day: string, now: number): Promise<void> {
  const where = { store_id: e.storeId, till_id: e.tillId, order_id: e.orderId };
  for (const l of e.lines)
    await trx
      .updateTable('pos_order_lines')
      .set((eb) => ({ returned_quantity: eb('returned_quantity', '+', l.quantity) }))
      .where('store_id', '=', e.storeId)
      .where('till_id', '=', e.tillId)
      .where('order_id', '=', e.orderId)
      .where('line_id', '=', l.lineId)
      .execute();
  const merged = new Map<string, { redemptionId: string; lineId: string; quantity: number; amountMinor: number }>();
  for (const r of e.reversals) {
    const k = `${r.redemptionId}|${r.lineId}`;
    const m = merged.get(k);
    merged.set(k, m ? { ...m, quantity: m.quantity + r.quantity, amountMinor: m.amountMinor + r.amountMinor } : { ...r });
  }
  for (const r of merged.values())
    await trx
      .insertInto('pos_reversals')
      .values({ event_id: e.id, redemption_id: r.redemptionId, line_id: r.lineId, ...where, day, quantity: r.quantity, amount_minor: r.amountMinor })
      .execute();
  const left = await trx
    .selectFrom('pos_order_lines')
    .select((eb) => eb.fn.count<number>('line_id').as('n'))
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .whereRef('returned_quantity', '<', 'quantity')
    .executeTakeFirst();
  await trx
    .updateTable('pos_orders')
    .set({ state: Number(left?.n ?? 0) === 0 ? 'returned' : 'partially_returned', updated_at: now })
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .execute();
}

/** What the close says each coupon it names took off the order (the sum of its line modifiers; 0 for one without any). */
function closeAmounts(e: OrderClosedUpload): Map<string, number> {
  const out = new Map<string, number>(e.redemptionIds.map((id) => [id, 0]));
  for (const l of e.lines) for (const m of l.modifiers) out.set(m.redemptionId, (out.get(m.redemptionId) ?? 0) + m.amountMinor);
  return out;
}

/** The order's redemptions HQ holds learn the close: its day, and what it says each named one took off. */
async function markClosed(trx: Tx, e: OrderClosedUpload, day: string): Promise<void> {
  await trx
    .updateTable('redemption_days')
    .set({ order_closed_day: day })
    .where('store_id', '=', e.storeId)
    .where('till_id', '=', e.tillId)
    .where('order_id', '=', e.orderId)
    .execute();
  for (const [id, amount] of closeAmounts(e))
    await trx.updateTable('redemption_days').set({ close_minor: amount }).where('redemption_id', '=', id).where('order_id', '=', e.orderId).execute();
}

/** For redemptions arriving after their order's close (rare): the close's day and what it says they took off. */
async function closesOf(trx: Tx, storeId: string, orderIds: string[]): Promise<Map<string, { day: string; amounts: Map<string, number> }>> {
  const out = new Map<string, { day: string; amounts: Map<string, number> }>();
  if (orderIds.length === 0) return out;
  const events = await trx
    .selectFrom('pos_order_events')
    .select(['till_id', 'order_id', 'day', 'body'])
    .where('store_id', '=', storeId)
    .where('kind', '=', 'closed')
    .where('order_id', 'in', orderIds)
    .execute();
  for (const ev of events) out.set(`${ev.till_id}|${ev.order_id}`, { day: ev.day, amounts: closeAmounts(JSON.parse(ev.body) as OrderClosedUpload) });
  return out;
}

/**
 * Called by the redemption push (services/push.ts) in its transaction, after HQ decided: each newly
 * stored redemption or void gets its store day, POS order, HQ's status, and its order's close if
 * HQ already holds it. Reconciliation reads these columns.
 */
export async function recordRedemptionDays(trx: Tx, storeId: string, rows: { id: string; storeId: string; tillId: string; body?: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const store = await trx.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirst();
  const values = rows.map((r) => redemptionDayRow({ id: r.id, store_id: r.storeId, till_id: r.tillId, body: r.body ?? '{}' }, store?.time_zone ?? 'UTC'));
  const state = new Map<string, { voided: number; status: string }>();
  for (let i = 0; i < values.length; i += 500) {
    const found = await trx
      .selectFrom('redemptions')
      .select(['id', 'voided', 'status'])
      .where(
        'id',
        'in',
        values.slice(i, i + 500).map((v) => v.redemption_id),
      )
      .execute();
    for (const f of found) state.set(f.id, { voided: Number(f.voided), status: f.status });
  }
  const closes = await closesOf(trx, storeId, [...new Set(values.map((v) => v.order_id).filter((o): o is string => o !== null))]);
  const full = values.map((v) => {
    const close = v.order_id ? closes.get(`${v.till_id}|${v.order_id}`) : undefined;
    const amount = close?.amounts.get(v.redemption_id);
    return { ...v, ...(state.get(v.redemption_id) ?? { voided: 0, status: 'accepted' }), order_closed_day: close?.day ?? null, close_minor: amount ?? null };
  });
  for (let i = 0; i < full.length; i += 200)
    await trx
      .insertInto('redemption_days')
      .values(full.slice(i, i + 200))
      .onConflict((oc) => oc.column('redemption_id').doNothing())
      .execute();
}
