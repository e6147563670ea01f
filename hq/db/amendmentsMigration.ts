import { strict, types, type Migration } from './migrations';

/**
 * Amendments of redemptions (decisions 080, 082; hq/services/amendments.ts): each one a till sent,
 * stored once by id. The one with the latest HLC time of a redemption sets its figure in
 * redemption_days, which reconciliation and the day's figures read.
 */
export const amendments: Migration = {
  version: 25,
  name: 'redemption amendments',
  async up(db, dialect) {
    const { big, text } = types(dialect);
    await strict(
      db.schema
        .createTable('redemption_amendments')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('redemption_id', text, (c) => c.notNull())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('before_minor', big, (c) => c.notNull())
        .addColumn('after_minor', big, (c) => c.notNull())
        .addColumn('reason', text, (c) => c.notNull())
        .addColumn('hlc', text, (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('body_hash', text, (c) => c.notNull())
        /** JSON object of flags for a person (figures_mismatch), null when none. */
        .addColumn('flags', text)
        .addColumn('received_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('redemption_amendments_by_redemption').on('redemption_amendments').columns(['redemption_id', 'hlc']).execute();
  },
};
