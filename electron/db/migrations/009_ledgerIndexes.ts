import type { Migration } from '../migrate';

/** Version 9: ledger indexes for the manager log and use counts. */
export const migration: Migration = {
  version: 9,
  name: 'ledger indexes for the manager log and use counts',
  up: (db) =>
    db.exec(`
        CREATE INDEX redemptions_by_time ON redemptions (created_at, id);
        CREATE INDEX redemptions_by_cashier ON redemptions (cashier_id, created_at, id);
        CREATE INDEX redemptions_by_campaign ON redemptions (campaign_id, created_at, id);
        CREATE INDEX redemptions_by_sync_state ON redemptions (sync_state, created_at, id);
        CREATE INDEX redemptions_by_basket ON redemptions (basket_id, coupon_key);
        CREATE INDEX redemptions_by_coupon ON redemptions (coupon_key) WHERE kind = 'redeem' AND voided = 0;
        CREATE INDEX redemptions_by_member ON redemptions (member_id, campaign_id) WHERE member_id IS NOT NULL AND kind = 'redeem' AND voided = 0;`),
};
