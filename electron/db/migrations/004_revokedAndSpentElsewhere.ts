import type { Migration } from '../migrate';

/** Version 4: coupons HQ revoked, and uses of codes at other tills as HQ knows them. */
export const migration: Migration = {
  version: 4,
  name: 'revoked and spent-elsewhere coupons',
  up: (db) =>
    db.exec(`
        CREATE TABLE revoked_coupons (
          coupon_key TEXT PRIMARY KEY
        ) STRICT, WITHOUT ROWID;
        -- Uses of a code at other tills as HQ knows them (absolute counts).
        CREATE TABLE spent_elsewhere (
          coupon_key TEXT PRIMARY KEY,
          uses INTEGER NOT NULL CHECK (uses >= 0)
        ) STRICT, WITHOUT ROWID;`),
};
