import { sql } from 'kysely';
import { strict, types, type Migration } from './migrations';
import { redemptionDayRow } from './redemptionDays';

/**
 * HQ's side of the POS's orders (issue 14, hq/services/orders.ts): each order as its events left
 * it, the events themselves (applied once by id), the lines and per-line price modifiers frozen at
 * close, the reversals of each return, and one row per redemption with its store day and order
 * (redemption_days), so that reconciliation reads indexed columns instead of every body's JSON.
 */
export const posOrders: Migration = {
  version: 23,
  name: 'pos orders and reconciliation',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    const table = (name: string) => db.schema.createTable(name);
    await strict(
      table('pos_orders')
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('order_id', text, (c) => c.notNull())
        .addColumn('state', text, (c) => c.notNull().check(sql`state in ('closed', 'partially_returned', 'returned', 'cancelled')`))
        .addColumn('receipt_no', text)
        .addColumn('paid_total_minor', big)
        .addColumn('total_minor', big)
        .addColumn('discount_minor', big)
        .addColumn('closed_at', big)
        .addColumn('closed_day', text)
        .addColumn('cancelled_at', big)
        .addColumn('cancelled_day', text)
        .addColumn('ended_by', text)
        /** How many redemptions the close named (its redemptionIds and the ones its line modifiers name). */
        .addColumn('named_count', int, (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('pos_orders_pk', ['store_id', 'till_id', 'order_id']),
      dialect,
    ).execute();
    // Covering: the reconciliation reads closes per day from the index alone.
    await db.schema.createIndex('pos_orders_closed_day').on('pos_orders').columns(['store_id', 'closed_day', 'discount_minor', 'named_count']).execute();
    await db.schema.createIndex('pos_orders_cancelled_day').on('pos_orders').columns(['store_id', 'cancelled_day']).execute();
    await strict(
      table('pos_order_events')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('order_id', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('day', text, (c) => c.notNull())
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('body_hash', text, (c) => c.notNull())
        .addColumn('received_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('pos_order_events_order').on('pos_order_events').columns(['store_id', 'till_id', 'order_id']).execute();
    await strict(
      table('pos_order_lines')
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('order_id', text, (c) => c.notNull())
        .addColumn('line_id', text, (c) => c.notNull())
        .addColumn('sku', text, (c) => c.notNull())
        .addColumn('category', text)
        .addColumn('quantity', int, (c) => c.notNull())
        .addColumn('unit_price_minor', big, (c) => c.notNull())
        .addColumn('returned_quantity', int, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('pos_order_lines_pk', ['store_id', 'till_id', 'order_id', 'line_id']),
      dialect,
    ).execute();
    await strict(
      table('pos_line_modifiers')
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('order_id', text, (c) => c.notNull())
        .addColumn('line_id', text, (c) => c.notNull())
        .addColumn('redemption_id', text, (c) => c.notNull())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('pos_line_modifiers_pk', ['store_id', 'till_id', 'order_id', 'line_id', 'redemption_id']),
      dialect,
    ).execute();
    await strict(
      table('pos_reversals')
        .addColumn('event_id', text, (c) => c.notNull())
        .addColumn('redemption_id', text, (c) => c.notNull())
        .addColumn('line_id', text, (c) => c.notNull())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('order_id', text, (c) => c.notNull())
        .addColumn('day', text, (c) => c.notNull())
        .addColumn('quantity', int, (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('pos_reversals_pk', ['event_id', 'redemption_id', 'line_id']),
      dialect,
    ).execute();
    await db.schema.createIndex('pos_reversals_day').on('pos_reversals').columns(['store_id', 'day']).execute();
    await db.schema.createIndex('pos_reversals_order').on('pos_reversals').columns(['store_id', 'till_id', 'order_id', 'redemption_id', 'line_id']).execute();
    await strict(
      table('redemption_days')
        .addColumn('redemption_id', text, (c) => c.primaryKey())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('day', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('discount_minor', big, (c) => c.notNull())
        .addColumn('order_id', text)
        .addColumn('receipt_no', text)
        /** Copies of the redemption's voided and status, kept by a trigger on redemptions. */
        .addColumn('voided', int, (c) => c.notNull().defaultTo(0))
        .addColumn('status', text, (c) => c.notNull().defaultTo('accepted'))
        /** The store day its POS order closed (null: a manual basket, or no close yet). */
        .addColumn('order_closed_day', text)
        /** What the close's line modifiers say this coupon took off (null: the close did not name it). */
        .addColumn('close_minor', big),
      dialect,
    ).execute();
    const index = (name: string, columns: string[]) => db.schema.createIndex(name).on('redemption_days').columns(columns).execute();
    await index('redemption_days_day', ['store_id', 'day', 'kind', 'voided', 'status', 'order_closed_day', 'discount_minor', 'order_id']);
    await index('redemption_days_closed', ['store_id', 'order_closed_day', 'kind', 'close_minor', 'discount_minor']);
    await index('redemption_days_order', ['store_id', 'till_id', 'order_id']);
    await followRedemptions(db, dialect);
    await backfillDays(db);
  },
};

/** A redemption's voided and status change (a void, a conflict, a resolution): its redemption_days row follows, whatever code made the change. */
async function followRedemptions(db: Parameters<Migration['up']>[0], dialect: string): Promise<void> {
  const set = 'update redemption_days set voided = new.voided, status = new.status where redemption_id = new.id';
  if (dialect === 'sqlite') {
    await sql.raw(`create trigger redemption_days_follow after update of voided, status on redemptions begin ${set}; end`).execute(db);
    return;
  }
  await sql.raw(`create function redemption_days_follow() returns trigger language plpgsql as $$ begin ${set}; return null; end $$`).execute(db);
  await sql
    .raw(
      'create trigger redemption_days_follow after update of voided, status on redemptions for each row when (old.voided is distinct from new.voided or old.status is distinct from new.status) execute function redemption_days_follow()',
    )
    .execute(db);
}

/** Redemptions HQ held before this migration get their store day and order (from the body each till sent). */
async function backfillDays(db: Parameters<Migration['up']>[0]): Promise<void> {
  const zones = new Map((await sql<{ id: string; time_zone: string }>`select id, time_zone from stores`.execute(db)).rows.map((r) => [r.id, r.time_zone]));
  let after = '';
  for (;;) {
    const page = await sql<{ id: string; store_id: string; till_id: string; body: string; voided: number; status: string }>`
      select id, store_id, till_id, body, voided, status from redemptions where id > ${after} order by id limit 1000`.execute(db);
    if (page.rows.length === 0) return;
    for (const r of page.rows) {
      const row = redemptionDayRow(r, zones.get(r.store_id) ?? 'UTC');
      await sql`insert into redemption_days (redemption_id, store_id, till_id, day, kind, discount_minor, order_id, receipt_no)
        values (${row.redemption_id}, ${row.store_id}, ${row.till_id}, ${row.day}, ${row.kind}, ${row.discount_minor}, ${row.order_id}, ${row.receipt_no})`.execute(
        db,
      );
    }
    after = page.rows[page.rows.length - 1]!.id;
  }
}
