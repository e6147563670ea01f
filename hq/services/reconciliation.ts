import { sql } from 'kysely';
import { isStoreDay, nextStoreDay } from '../../shared/storeDay';
import { HqError, type HqContext } from './context';

/**
 * Reconciliation per store and store day (issue 14): what finance checks against the POS's
 * receipts. Every figure is an aggregate in SQL over indexed columns (redemption_days, pos_orders,
 * pos_reversals), never a body's JSON, so a store-month of a million redemptions stays seconds.
 *
 * Per day, as flows on that day:
 * - redemptions made (count, discount), of them voided, of them in conflict at HQ;
 * - orders closed: with coupons, their close discount against the redemptions those closes named
 *   as HQ holds them (a removed coupon, voided before close, is not named; a reinstated one is);
 * - redemptions whose order never closed (still live, on a POS order HQ holds no close of);
 * - orders cancelled and the voids of their coupons (and any coupon of theirs not voided yet);
 * - reversals from returns (on live redemptions; those of reinstated coupons apart: their whole
 *   discount is already in "voided", so nothing counts twice);
 * - net discount = made - voided - reversed.
 */

export interface ReconciliationQuery {
  storeId: string;
  from: string;
  to: string;
}

export const MAX_RECONCILIATION_DAYS = 366;
const PROBLEMS_LIMIT = 200;

export interface DayFigures {
  day: string;
  redemptions: { count: number; discountMinor: number; voidedCount: number; voidedMinor: number; conflictCount: number; conflictMinor: number };
  ordersClosed: {
    count: number;
    withCoupons: number;
    closeDiscountMinor: number;
    /** The discount the redemptions named by those closes carry, as HQ holds them. */
    redemptionDiscountMinor: number;
    /** Named redemptions whose discount is not what the close says they took off. */
    mismatchedRedemptions: number;
    /** Redemptions a close named that HQ does not hold (not synced, or refused). */
    missingRedemptions: number;
  };
  unclosed: { count: number; discountMinor: number };
  cancellations: { orders: number; voidedCount: number; voidedMinor: number; notVoidedCount: number };
  reversals: { returns: number; count: number; amountMinor: number; onReinstatedMinor: number };
  netDiscountMinor: number;
}

export interface Problem {
  kind: 'redemption_discount_mismatch' | 'order_not_closed' | 'redemption_missing';
  tillId: string;
  orderId: string;
  day: string;
  receiptNo?: string | null;
  redemptionId?: string;
  closeDiscountMinor?: number;
  redemptionDiscountMinor?: number;
  discountMinor?: number;
}

export interface Reconciliation {
  storeId: string;
  currency: string;
  from: string;
  to: string;
  days: DayFigures[];
  totals: Omit<DayFigures, 'day'>;
  /** The first PROBLEMS_LIMIT things a person should look at, each naming its order. */
  problems: Problem[];
}

const n = (v: unknown): number => Number(v ?? 0);

/** Checks the range and the store (400 bad_day / bad_range, 404 unknown_store); returns the store's currency. */
export async function checkRange(ctx: HqContext, q: ReconciliationQuery): Promise<string> {
  if (!isStoreDay(q.from) || !isStoreDay(q.to)) throw new HqError(400, 'bad_day', 'days are real calendar days written YYYY-MM-DD');
  if (q.to < q.from) throw new HqError(400, 'bad_range', `the range ends (${q.to}) before it starts (${q.from})`);
  let days = 1;
  for (let d = q.from; d < q.to && days <= MAX_RECONCILIATION_DAYS; d = nextStoreDay(d)) days++;
  if (days > MAX_RECONCILIATION_DAYS) throw new HqError(400, 'bad_range', `at most ${MAX_RECONCILIATION_DAYS} days at a time`);
  const store = await ctx.db.selectFrom('stores').select('currency').where('id', '=', q.storeId).executeTakeFirst();
  if (!store) throw new HqError(404, 'unknown_store', `no store ${q.storeId}`);
  return store.currency;
}

function emptyDay(day: string): DayFigures {
  return {
    day,
    redemptions: { count: 0, discountMinor: 0, voidedCount: 0, voidedMinor: 0, conflictCount: 0, conflictMinor: 0 },
    ordersClosed: { count: 0, withCoupons: 0, closeDiscountMinor: 0, redemptionDiscountMinor: 0, mismatchedRedemptions: 0, missingRedemptions: 0 },
    unclosed: { count: 0, discountMinor: 0 },
    cancellations: { orders: 0, voidedCount: 0, voidedMinor: 0, notVoidedCount: 0 },
    reversals: { returns: 0, count: 0, amountMinor: 0, onReinstatedMinor: 0 },
    netDiscountMinor: 0,
  };
}

export async function reconcile(ctx: HqContext, q: ReconciliationQuery): Promise<Reconciliation> {
  const currency = await checkRange(ctx, q);
  const byDay = new Map<string, DayFigures>();
  const at = (day: string) => byDay.get(day) ?? (byDay.set(day, emptyDay(day)), byDay.get(day)!);
  for (const r of await redemptionFigures(ctx, q)) {
    at(r.day).redemptions = {
      count: n(r.count),
      discountMinor: n(r.minor),
      voidedCount: n(r.voided_n),
      voidedMinor: n(r.voided_minor),
      conflictCount: n(r.conflict_n),
      conflictMinor: n(r.conflict_minor),
    };
    at(r.day).unclosed = { count: n(r.unclosed_n), discountMinor: n(r.unclosed_minor) };
  }
  for (const r of await closedFigures(ctx, q))
    at(r.day).ordersClosed = {
      count: n(r.closed),
      withCoupons: n(r.with_coupons),
      closeDiscountMinor: n(r.close_minor),
      redemptionDiscountMinor: n(r.redeemed_minor),
      mismatchedRedemptions: n(r.mismatched),
      missingRedemptions: n(r.missing),
    };
  for (const r of await cancelFigures(ctx, q))
    at(r.day).cancellations = { orders: n(r.orders), voidedCount: n(r.voided_n), voidedMinor: n(r.voided_minor), notVoidedCount: n(r.live_n) };
  for (const r of await reversalFigures(ctx, q))
    at(r.day).reversals = { returns: n(r.returns), count: n(r.count), amountMinor: n(r.minor), onReinstatedMinor: n(r.reinstated_minor) };
  const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  for (const d of days)
    d.netDiscountMinor = d.redemptions.discountMinor - d.redemptions.voidedMinor - (d.reversals.amountMinor - d.reversals.onReinstatedMinor);
  const totals = sumDays(days);
  return { storeId: q.storeId, currency, from: q.from, to: q.to, days, totals, problems: await problems(ctx, q, totals) };
}

function sumDays(days: DayFigures[]): Omit<DayFigures, 'day'> {
  const total = emptyDay('');
  for (const d of days)
    for (const k of ['redemptions', 'ordersClosed', 'unclosed', 'cancellations', 'reversals'] as const) {
      const into = total[k] as unknown as Record<string, number>;
      for (const [f, v] of Object.entries(d[k])) into[f] = (into[f] ?? 0) + v;
    }
  total.netDiscountMinor = days.reduce((s, d) => s + d.netDiscountMinor, 0);
  const { day: _day, ...rest } = total;
  return rest;
}

/** Redemptions made on each day, voided, in conflict, and live on a POS order that never closed: one scan of one index. */
async function redemptionFigures(ctx: HqContext, q: ReconciliationQuery) {
  const r = await sql<Record<string, unknown> & { day: string }>`
    select day, count(*) as count, sum(discount_minor) as minor,
      sum(case when voided = 1 then 1 else 0 end) as voided_n,
      sum(case when voided = 1 then discount_minor else 0 end) as voided_minor,
      sum(case when status = 'conflict' then 1 else 0 end) as conflict_n,
      sum(case when status = 'conflict' then discount_minor else 0 end) as conflict_minor,
      sum(case when order_id is not null and voided = 0 and order_closed_day is null then 1 else 0 end) as unclosed_n,
      sum(case when order_id is not null and voided = 0 and order_closed_day is null then discount_minor else 0 end) as unclosed_minor
    from redemption_days
    where store_id = ${q.storeId} and day >= ${q.from} and day <= ${q.to} and kind = 'redeem'
    group by day`.execute(ctx.db);
  return r.rows;
}

/**
 * Orders closed each day (pos_orders), against the redemptions HQ holds that their closes named
 * (redemption_days, by the day their order closed): the discount each redemption carries, what the
 * close says it took off, and how many named redemptions HQ does not hold.
 */
async function closedFigures(ctx: HqContext, q: ReconciliationQuery) {
  const orders = await sql<Record<string, unknown> & { day: string }>`
    select closed_day as day, count(*) as closed, sum(case when discount_minor > 0 or named_count > 0 then 1 else 0 end) as with_coupons,
      sum(discount_minor) as close_minor, sum(named_count) as named
    from pos_orders where store_id = ${q.storeId} and closed_day >= ${q.from} and closed_day <= ${q.to}
    group by closed_day`.execute(ctx.db);
  const held = await sql<Record<string, unknown> & { day: string }>`
    select order_closed_day as day, count(*) as held, sum(discount_minor) as redeemed_minor, sum(close_minor) as named_minor,
      sum(case when close_minor <> discount_minor then 1 else 0 end) as mismatched
    from redemption_days
    where store_id = ${q.storeId} and order_closed_day >= ${q.from} and order_closed_day <= ${q.to} and close_minor is not null and kind = 'redeem'
    group by order_closed_day`.execute(ctx.db);
  const byDay = new Map(held.rows.map((h) => [h.day, h]));
  return orders.rows.map((o): Record<string, unknown> & { day: string } => {
    const h = byDay.get(o.day);
    return { ...o, held: n(h?.held), redeemed_minor: n(h?.redeemed_minor), mismatched: n(h?.mismatched), missing: n(o.named) - n(h?.held) };
  });
}

async function cancelFigures(ctx: HqContext, q: ReconciliationQuery) {
  const r = await sql<Record<string, unknown> & { day: string }>`
    select o.cancelled_day as day, count(distinct o.till_id || '|' || o.order_id) as orders,
      sum(case when d.voided = 1 then 1 else 0 end) as voided_n,
      sum(case when d.voided = 1 then d.discount_minor else 0 end) as voided_minor,
      sum(case when d.voided = 0 then 1 else 0 end) as live_n
    from pos_orders o
    left join redemption_days d on d.store_id = o.store_id and d.till_id = o.till_id and d.order_id = o.order_id and d.kind = 'redeem'
    where o.store_id = ${q.storeId} and o.state = 'cancelled' and o.cancelled_day >= ${q.from} and o.cancelled_day <= ${q.to}
    group by o.cancelled_day`.execute(ctx.db);
  return r.rows;
}

async function reversalFigures(ctx: HqContext, q: ReconciliationQuery) {
  const r = await sql<Record<string, unknown> & { day: string }>`
    select v.day as day, count(distinct v.event_id) as returns, count(*) as count, sum(v.amount_minor) as minor,
      sum(case when d.voided = 1 then v.amount_minor else 0 end) as reinstated_minor
    from pos_reversals v
    left join redemption_days d on d.redemption_id = v.redemption_id
    where v.store_id = ${q.storeId} and v.day >= ${q.from} and v.day <= ${q.to}
    group by v.day`.execute(ctx.db);
  return r.rows;
}

/** What a person should look at, each naming its order; a list is read only when the figures say it is not empty. */
async function problems(ctx: HqContext, q: ReconciliationQuery, totals: Omit<DayFigures, 'day'>): Promise<Problem[]> {
  const out: Problem[] = [];
  if (totals.ordersClosed.mismatchedRedemptions > 0) {
    const rows = await sql<Record<string, unknown>>`
      select order_closed_day as day, till_id, order_id, redemption_id, close_minor, discount_minor from redemption_days
      where store_id = ${q.storeId} and order_closed_day >= ${q.from} and order_closed_day <= ${q.to} and close_minor is not null and kind = 'redeem'
        and close_minor <> discount_minor
      order by order_closed_day, till_id, order_id limit ${PROBLEMS_LIMIT}`.execute(ctx.db);
    for (const r of rows.rows)
      out.push({
        kind: 'redemption_discount_mismatch',
        tillId: String(r.till_id),
        orderId: String(r.order_id),
        day: String(r.day),
        redemptionId: String(r.redemption_id),
        closeDiscountMinor: n(r.close_minor),
        redemptionDiscountMinor: n(r.discount_minor),
      });
  }
  if (totals.ordersClosed.missingRedemptions > 0) {
    const rows = await sql<Record<string, unknown>>`
      select o.closed_day as day, m.till_id as till_id, m.order_id as order_id, o.receipt_no as receipt_no, m.redemption_id as redemption_id, sum(m.amount_minor) as minor
      from pos_orders o
      join pos_line_modifiers m on m.store_id = o.store_id and m.till_id = o.till_id and m.order_id = o.order_id
      left join redemption_days d on d.redemption_id = m.redemption_id
      where o.store_id = ${q.storeId} and o.closed_day >= ${q.from} and o.closed_day <= ${q.to} and d.redemption_id is null
      group by o.closed_day, m.till_id, m.order_id, o.receipt_no, m.redemption_id
      order by o.closed_day, m.till_id, m.order_id limit ${PROBLEMS_LIMIT}`.execute(ctx.db);
    for (const r of rows.rows)
      out.push({
        kind: 'redemption_missing',
        tillId: String(r.till_id),
        orderId: String(r.order_id),
        day: String(r.day),
        receiptNo: r.receipt_no as string | null,
        redemptionId: String(r.redemption_id),
        discountMinor: n(r.minor),
      });
  }
  if (totals.unclosed.count > 0) {
    const rows = await sql<Record<string, unknown>>`
      select day, till_id, order_id, redemption_id, discount_minor from redemption_days
      where store_id = ${q.storeId} and day >= ${q.from} and day <= ${q.to} and kind = 'redeem'
        and order_id is not null and voided = 0 and order_closed_day is null
      order by day, till_id, order_id limit ${PROBLEMS_LIMIT}`.execute(ctx.db);
    for (const r of rows.rows)
      out.push({
        kind: 'order_not_closed',
        tillId: String(r.till_id),
        orderId: String(r.order_id),
        day: String(r.day),
        redemptionId: String(r.redemption_id),
        discountMinor: n(r.discount_minor),
      });
  }
  return out;
}
