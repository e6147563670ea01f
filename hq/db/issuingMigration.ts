import { strict, types, type Migration } from './migrations';

/**
 * Bounce-back coupons (decision 086, hq/services/issuing.ts): the blocks of codes HQ signed for each
 * till, and each code a till reported it handed out (once, by coupon key).
 */
export const issuing: Migration = {
  version: 32,
  name: 'bounce-back issuing blocks',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await strict(
      db.schema
        .createTable('issuing_blocks')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('serial_from', big, (c) => c.notNull())
        .addColumn('serial_to', big, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('issuing_blocks_by_till').on('issuing_blocks').columns(['till_id', 'campaign_id', 'serial_from']).execute();
    await strict(
      db.schema
        .createTable('till_issuances')
        .addColumn('coupon_key', text, (c) => c.primaryKey())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('basket_id', text, (c) => c.notNull())
        .addColumn('receipt_no', text)
        .addColumn('paid_minor', big, (c) => c.notNull())
        .addColumn('issued_at', big, (c) => c.notNull())
        .addColumn('received_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('till_issuances_by_till').on('till_issuances').columns(['till_id', 'campaign_id']).execute();
  },
};
