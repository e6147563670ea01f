import type { Migration } from '../migrate';

/**
 * Version 52, the POS's orders (issue 14). A redemption on an order is an ordinary ledger entry on
 * the order's basket (`pos:<orderId>`); these tables add the order itself, its returns and the
 * reversals they made, the order events waiting for HQ, and the answers to idempotent POS calls.
 * Money in minor units, times in epoch ms, every table STRICT.
 */
export const migration: Migration = {
  version: 52,
  name: 'pos orders',
  up: (db) =>
    db.exec(`
      CREATE TABLE pos_orders (
        order_id TEXT PRIMARY KEY,
        basket_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'partially_returned', 'returned', 'cancelled')),
        lines TEXT NOT NULL,
        member_id TEXT,
        member_tier TEXT,
        receipt_no TEXT,
        paid_total_minor INTEGER CHECK (paid_total_minor IS NULL OR paid_total_minor >= 0),
        closed_effects TEXT,
        ended_by TEXT CHECK (ended_by IS NULL OR ended_by IN ('pos', 'timeout')),
        opened_by TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER,
        CHECK ((state = 'open') = (ended_at IS NULL)),
        CHECK (state IN ('open', 'cancelled') OR (receipt_no IS NOT NULL AND paid_total_minor IS NOT NULL AND closed_effects IS NOT NULL))
      ) STRICT;
      CREATE INDEX pos_orders_open_by_age ON pos_orders (updated_at) WHERE state = 'open';
      CREATE TABLE pos_order_returns (
        return_id TEXT NOT NULL,
        order_id TEXT NOT NULL REFERENCES pos_orders (order_id),
        line_id TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        at INTEGER NOT NULL,
        PRIMARY KEY (return_id, line_id)
      ) STRICT;
      CREATE INDEX pos_order_returns_by_order ON pos_order_returns (order_id);
      CREATE TABLE pos_order_reversals (
        return_id TEXT NOT NULL,
        order_id TEXT NOT NULL REFERENCES pos_orders (order_id),
        redemption_id TEXT NOT NULL REFERENCES redemptions (id),
        line_id TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        at INTEGER NOT NULL,
        PRIMARY KEY (return_id, redemption_id, line_id)
      ) STRICT;
      CREATE INDEX pos_order_reversals_by_order ON pos_order_reversals (order_id);
      CREATE TABLE pos_order_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        order_id TEXT NOT NULL REFERENCES pos_orders (order_id),
        kind TEXT NOT NULL CHECK (kind IN ('closed', 'cancelled', 'returned')),
        payload TEXT NOT NULL,
        at INTEGER NOT NULL,
        sent_at INTEGER
      ) STRICT;
      CREATE TABLE pos_idempotency (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        answer TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT;
    `),
};
