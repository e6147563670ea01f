import { sql } from 'kysely';
import { strict, types, type Migration } from './migrations';

/**
 * Webhooks (issue 14, hq/services/webhooks.ts): the endpoints an admin registered (the signing
 * secret sealed with HQ's master key, like the issuing keys) and the delivery outbox: one row per
 * event and endpoint, written in the transaction that made the event, so nothing is lost if HQ
 * stops mid-delivery. A delivery HQ gave up on stays as a dead letter until replayed.
 */
export const webhooks: Migration = {
  version: 24,
  name: 'webhooks',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await strict(
      db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('url', text, (c) => c.notNull())
        /** "enc1:..." (services/secrets.ts): never the secret itself. */
        .addColumn('secret_sealed', text, (c) => c.notNull())
        /** JSON array of event types, e.g. ["redemption.accepted","order.closed"]. */
        .addColumn('events', text, (c) => c.notNull())
        /** Only this store's events; null: every store. */
        .addColumn('store_id', text)
        .addColumn('disabled', int, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`disabled in (0, 1)`),
        )
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('endpoint_id', text, (c) => c.notNull().references('webhook_endpoints.id'))
        .addColumn('event_id', text, (c) => c.notNull())
        .addColumn('event_type', text, (c) => c.notNull())
        /** The exact JSON body that is signed and sent. */
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('state', text, (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'dead')`))
        .addColumn('attempts', int, (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', big, (c) => c.notNull())
        /** A sender holds the row until then; after a crash the lease runs out and another attempt sends it again. */
        .addColumn('lease_until', big)
        .addColumn('last_status', int)
        .addColumn('last_error', text)
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('delivered_at', big)
        .addUniqueConstraint('webhook_deliveries_once', ['endpoint_id', 'event_id']),
      dialect,
    ).execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
  },
};

/**
 * Retention of the webhook outbox (hq/services/webhookRetention.ts): the prune looks for delivered
 * rows by delivery time. Dead letters are found by (state, next_attempt_at), the due index above.
 */
export const webhookRetention: Migration = {
  version: 27,
  name: 'webhook_retention',
  async up(db) {
    await db.schema.createIndex('webhook_deliveries_delivered').on('webhook_deliveries').columns(['state', 'delivered_at']).execute();
  },
};
