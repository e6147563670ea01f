import { sql } from 'kysely';
import type { RunningHq } from './server';

/**
 * bench:pos:hq's data (bench/posReconcile.ts): a store-month of N redemptions written in SQL
 * straight into HQ's tables. Store s1, 4 tills, 30 days from 2026-11-01, 0.8 N POS orders (a
 * quarter of them with two coupons): 90% closed (a tenth with a return), 3% cancelled (coupons
 * voided), 7% never closed.
 */
/** Loads the store-month. `series(n)` is the dialect's 0..n-1 row source as `s(n)`; `day(x)` the YYYY-MM-DD of 2026-11-01 + x. */
export async function loadStoreMonth(hq: RunningHq, N: number): Promise<void> {
  const ORDERS = Math.round(N * 0.8);
  const db = hq.ctx.db;
  const pgDialect = hq.ctx.dialect === 'postgres';
  const series = (n: number) =>
    pgDialect
      ? sql.raw(`(select g as n from generate_series(0, ${n - 1}) g) s`)
      : sql.raw(`(with recursive c(n) as (select 0 union all select n + 1 from c where n < ${n - 1}) select n from c) s`);
  const day = (x: string) => sql.raw(pgDialect ? `to_char(date '2026-11-01' + (${x}), 'YYYY-MM-DD')` : `date('2026-11-01', '+' || (${x}) || ' days')`);
  const orderExpr = `(s.n % ${ORDERS})`;
  const order = sql.raw(orderExpr);
  await sql`insert into stores (id, name, time_zone, created_at, currency) values ('s1', 'Bench store', 'Asia/Shanghai', 0, 'CNY')`.execute(db);
  // Redemptions: n -> order n % ORDERS; till = order % 4; day = order % 30; orders 90..92 (of 100) cancelled: voided.
  await sql`insert into redemptions (id, kind, voids_id, coupon_key, campaign_id, store_id, till_id, hlc, body, body_hash, received_at, status, voided, clock_suspect)
    select 'r' || s.n, 'redeem', null, 'p:' || s.n, 1, 's1', 't' || (${order} % 4), '0', '{}', 'x', 0, 'accepted',
      case when ${order} % 100 between 90 and 92 then 1 else 0 end, 0
    from ${series(N)}`.execute(db);
  const closed = sql.raw(`${orderExpr} % 100 < 90`);
  await sql`insert into redemption_days (redemption_id, store_id, till_id, day, kind, discount_minor, order_id, receipt_no, voided, status, order_closed_day, close_minor)
    select 'r' || s.n, 's1', 't' || (${order} % 4), ${day(`${orderExpr} % 30`)}, 'redeem', 100 + (s.n % 50) * 10, 'o' || ${order}, null,
      case when ${order} % 100 between 90 and 92 then 1 else 0 end, 'accepted',
      case when ${closed} then ${day(`${orderExpr} % 30`)} else null end, case when ${closed} then 100 + (s.n % 50) * 10 else null end
    from ${series(N)}`.execute(db);
  const o = sql.raw('s.n');
  await sql`insert into pos_orders (store_id, till_id, order_id, state, receipt_no, paid_total_minor, total_minor, discount_minor, closed_at, closed_day, cancelled_at, cancelled_day, ended_by, named_count, updated_at)
    select 's1', 't' || (${o} % 4), 'o' || ${o},
      case when ${o} % 100 between 90 and 92 then 'cancelled' when ${o} % 10 = 0 then 'partially_returned' else 'closed' end,
      case when ${o} % 100 between 90 and 92 then null else 'R' || ${o} end, null, null, null,
      case when ${o} % 100 between 90 and 92 then null else 1 end,
      case when ${o} % 100 between 90 and 92 then null else ${day('s.n % 30')} end,
      case when ${o} % 100 between 90 and 92 then 1 else null end,
      case when ${o} % 100 between 90 and 92 then ${day('s.n % 30')} else null end, 'pos', 0, 0
    from ${series(ORDERS)} where ${o} % 100 < 93`.execute(db);
  await sql`insert into pos_order_lines (store_id, till_id, order_id, line_id, sku, category, quantity, unit_price_minor, returned_quantity)
    select store_id, till_id, order_id, '1', 'SKU', null, 2, 10000, case when state = 'partially_returned' then 1 else 0 end from pos_orders where closed_day is not null`.execute(
    db,
  );
  await sql`insert into pos_line_modifiers (store_id, till_id, order_id, line_id, redemption_id, campaign_id, amount_minor)
    select d.store_id, d.till_id, d.order_id, '1', d.redemption_id, 1, d.discount_minor
    from redemption_days d join pos_orders o on o.store_id = d.store_id and o.till_id = d.till_id and o.order_id = d.order_id where o.closed_day is not null`.execute(
    db,
  );
  await sql`update pos_orders set discount_minor = (select sum(m.amount_minor) from pos_line_modifiers m
    where m.store_id = pos_orders.store_id and m.till_id = pos_orders.till_id and m.order_id = pos_orders.order_id),
    named_count = (select count(*) from pos_line_modifiers m
    where m.store_id = pos_orders.store_id and m.till_id = pos_orders.till_id and m.order_id = pos_orders.order_id) where closed_day is not null`.execute(db);
  await sql`insert into pos_reversals (event_id, redemption_id, line_id, store_id, till_id, order_id, day, quantity, amount_minor)
    select 'e' || m.order_id, m.redemption_id, '1', m.store_id, m.till_id, m.order_id, o.closed_day, 1, m.amount_minor / 2
    from pos_line_modifiers m join pos_orders o on o.store_id = m.store_id and o.till_id = m.till_id and o.order_id = m.order_id
    where o.state = 'partially_returned'`.execute(db);
  const tables = 'redemptions, redemption_days, pos_orders, pos_order_lines, pos_line_modifiers, pos_reversals';
  await sql.raw(pgDialect ? `vacuum analyze ${tables}` : 'analyze').execute(db);
}
