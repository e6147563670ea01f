import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { HqDialect } from './connect';
import { posOrders } from './posOrdersMigration';
import { pendingChanges } from './pendingChangesMigration';
import { spentLists } from './spentListsMigration';
import { webhookRetention, webhooks } from './webhooksMigration';
import { amendments } from './amendmentsMigration';
import { issuing } from './issuingMigration';

/**
 * HQ migrations: one ordered list for SQLite and PostgreSQL. Applied in one transaction each,
 * tracked in hq_migrations; a database newer than this code is refused.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: HqDialect): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTable = CreateTableBuilder<any, any>;

export function types(dialect: HqDialect) {
  // SQLite STRICT tables accept only INTEGER/TEXT/REAL/BLOB/ANY; PostgreSQL needs bigint for epoch ms.
  return { big: dialect === 'sqlite' ? 'integer' : 'bigint', int: 'integer', text: 'text' } as const;
}

export function strict(t: AnyTable, dialect: HqDialect): AnyTable {
  return dialect === 'sqlite' ? t.modifyEnd(sql`strict`) : t;
}

const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    const table = (name: string) => db.schema.createTable(name);
    await strict(
      table('stores')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('time_zone', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('tills')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('store_id', text, (c) => c.notNull().references('stores.id'))
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('credential_hash', text, (c) => c.unique())
        .addColumn('enrolled_at', big)
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('enrollment_tokens')
        .addColumn('token_hash', text, (c) => c.primaryKey())
        .addColumn('till_id', text, (c) => c.notNull().references('tills.id'))
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('used_at', big),
      dialect,
    ).execute();
    await strict(
      table('campaigns')
        .addColumn('id', int, (c) => c.primaryKey())
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('version', int, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('issuing_keys')
        .addColumn('key_id', int, (c) => c.primaryKey())
        .addColumn('public_key', text, (c) => c.notNull())
        .addColumn('private_key', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('issued_codes')
        .addColumn('coupon_key', text, (c) => c.primaryKey())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('key_id', int, (c) => c.notNull())
        .addColumn('serial', big, (c) => c.notNull())
        .addColumn('code', text, (c) => c.notNull())
        .addColumn('issue_day', int, (c) => c.notNull())
        .addColumn('expiry_day', int, (c) => c.notNull())
        .addColumn('holder', text)
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('issued_codes_campaign').on('issued_codes').columns(['campaign_id', 'serial']).execute();
    await strict(
      table('plain_batches')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('count', int, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('plain_codes')
        .addColumn('hash', text, (c) => c.primaryKey())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('batch_id', text, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('revocations')
        .addColumn('coupon_key', text, (c) => c.primaryKey())
        .addColumn('reason', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('code_state')
        .addColumn('coupon_key', text, (c) => c.primaryKey())
        .addColumn('winners', int, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('redemptions')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('voids_id', text)
        .addColumn('coupon_key', text, (c) => c.notNull())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('store_id', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('hlc', text, (c) => c.notNull())
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('body_hash', text, (c) => c.notNull())
        .addColumn('received_at', big, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('winner_id', text)
        .addColumn('voided', int, (c) => c.notNull().defaultTo(0))
        .addColumn('resolution', text)
        .addColumn('note', text),
      dialect,
    ).execute();
    await db.schema.createIndex('redemptions_code').on('redemptions').columns(['coupon_key', 'kind']).execute();
    await db.schema.createIndex('redemptions_voids').on('redemptions').column('voids_id').execute();
    await db.schema.createIndex('redemptions_store').on('redemptions').columns(['store_id', 'received_at']).execute();
    await strict(
      table('conflicts')
        .addColumn('redemption_id', text, (c) => c.primaryKey())
        .addColumn('coupon_key', text, (c) => c.notNull())
        .addColumn('winner_id', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('state', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('resolution', text)
        .addColumn('note', text)
        .addColumn('resolved_at', big),
      dialect,
    ).execute();
    await db.schema.createIndex('conflicts_state').on('conflicts').columns(['state', 'created_at']).execute();
    await strict(
      table('claims')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('coupon_key', text, (c) => c.notNull())
        .addColumn('till_id', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('redemption_id', text),
      dialect,
    ).execute();
    await db.schema.createIndex('claims_code').on('claims').columns(['coupon_key', 'till_id']).execute();
    await strict(
      table('changes')
        .addColumn('version', big, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('store_id', text)
        .addColumn('till_id', text)
        .addColumn('payload', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('counters')
        .addColumn('name', text, (c) => c.primaryKey())
        .addColumn('value', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      table('hq_settings')
        .addColumn('name', text, (c) => c.primaryKey())
        .addColumn('value', text, (c) => c.notNull()),
      dialect,
    ).execute();
    await sql`insert into counters (name, value) values ('change_version', 0)`.execute(db);
  },
};

/**
 * Users HQ manages for its tills: a store's users (store_id) or chain-wide ones (store_id null,
 * e.g. area managers). Only the PIN's scrypt hash is kept, in the format tills verify offline.
 */
const users: Migration = {
  version: 2,
  name: 'users',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await strict(
      db.schema
        .createTable('users')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('role', text, (c) => c.notNull().check(sql`role in ('cashier', 'supervisor', 'manager')`))
        .addColumn('store_id', text, (c) => c.references('stores.id'))
        .addColumn('pin_hash', text, (c) => c.notNull())
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
    await db.schema.createIndex('users_store').on('users').columns(['store_id', 'name']).execute();
  },
};

/**
 * What HQ checks (hq/services/checks.ts): each redemption's outbox sequence number, whether its
 * clock is believable (clock_suspect ranks it after every believable redemption of its code), the
 * flags a person should look at, and every campaign version HQ ever published.
 */
const trust: Migration = {
  version: 3,
  name: 'trust checks',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await db.schema.alterTable('redemptions').addColumn('seq', big).execute();
    await db.schema
      .alterTable('redemptions')
      .addColumn('clock_suspect', int, (c) => c.notNull().defaultTo(0))
      .execute();
    /** JSON: { "<flag>": detail, ... } (clock_suspect, figures_mismatch, not_verifiable, unknown_campaign, ...). */
    await db.schema.alterTable('redemptions').addColumn('flags', text).execute();
    await db.schema.createIndex('redemptions_till_seq').on('redemptions').columns(['till_id', 'seq']).execute();
    await strict(
      db.schema
        .createTable('campaign_versions')
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('version', int, (c) => c.notNull())
        .addColumn('body', text, (c) => c.notNull())
        .addColumn('published_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('campaign_versions_pk', ['campaign_id', 'version']),
      dialect,
    ).execute();
    // Voids stored for a redemption HQ did not have are held from now on, checked when it arrives.
    await sql`update redemptions set status = 'pending' where kind = 'void' and not exists (select 1 from redemptions t where t.id = redemptions.voids_id and t.kind = 'redeem')`.execute(
      db,
    );
    // What HQ still has: each campaign's current version (earlier ones were overwritten before this migration).
    await sql`insert into campaign_versions (campaign_id, version, body, published_at) select id, version, body, updated_at from campaigns`.execute(db);
  },
};

/**
 * Each store's currency (ISO 4217), carried in the rule set's store info so its tills show money
 * in it. Stores made before this migration are in CNY, what their tills already assumed.
 */
const storeCurrency: Migration = {
  version: 20,
  name: 'store currency',
  async up(db) {
    await db.schema
      .alterTable('stores')
      .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
      .execute();
  },
};

/**
 * The store's tills by name travel to its tills ('tills' changes, hq/services/tills.ts): a
 * manager reads "Till 2", not a UUID. Tills enrolled before this learn the list on their next pull.
 */
const tillNames: Migration = {
  version: 21,
  name: 'till names to tills',
  async up(db) {
    const stores = await sql<{ id: string }>`select id from stores order by id`.execute(db);
    for (const { id } of stores.rows) {
      const tills = await sql<{ id: string; name: string }>`select id, name from tills where store_id = ${id} order by id`.execute(db);
      if (tills.rows.length === 0) continue;
      const row = await sql<{ value: number }>`update counters set value = value + 1 where name = 'change_version' returning value`.execute(db);
      const payload = JSON.stringify(tills.rows.map((t) => ({ id: t.id, name: t.name })));
      await sql`insert into changes (version, kind, store_id, till_id, payload, created_at) values (${Number(row.rows[0]!.value)}, 'tills', ${id}, null, ${payload}, ${Date.now()})`.execute(
        db,
      );
    }
  },
};

/**
 * Named admin accounts with roles (hq/services/adminAccounts.ts), each with its own token kept as
 * a SHA-256 hash, and the append-only audit of every admin write: the database itself refuses to
 * change or delete an audit entry (a trigger on SQLite and on PostgreSQL).
 */
const adminAccounts: Migration = {
  version: 4,
  name: 'admin accounts and audit',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await strict(
      db.schema
        .createTable('admin_accounts')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('name', text, (c) => c.notNull().unique())
        .addColumn('role', text, (c) => c.notNull().check(sql`role in ('owner', 'campaigns', 'stores', 'auditor')`))
        .addColumn('token_hash', text, (c) => c.notNull().unique())
        .addColumn('disabled', int, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`disabled in (0, 1)`),
        )
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('token_rotated_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    const seq = dialect === 'sqlite' ? sql`seq integer primary key autoincrement` : sql`seq bigint generated always as identity primary key`;
    await sql`create table admin_audit (
      ${seq},
      at ${sql.raw(big)} not null,
      account_id text,
      account_name text not null,
      role text not null,
      action text not null,
      method text not null,
      path text not null,
      target text,
      before text,
      after text
    )${sql.raw(dialect === 'sqlite' ? ' strict' : '')}`.execute(db);
    await db.schema.createIndex('admin_audit_account').on('admin_audit').columns(['account_id', 'seq']).execute();
    if (dialect === 'sqlite') {
      for (const op of ['update', 'delete']) {
        await sql
          .raw(
            `create trigger admin_audit_no_${op} before ${op} on admin_audit begin select raise(abort, 'admin_audit is append-only: entries cannot be changed or deleted'); end`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `create function admin_audit_append_only() returns trigger language plpgsql as $$ begin raise exception 'admin_audit is append-only: entries cannot be changed or deleted'; end $$`,
        )
        .execute(db);
      await sql
        .raw('create trigger admin_audit_no_change before update or delete on admin_audit for each row execute function admin_audit_append_only()')
        .execute(db);
      await sql
        .raw('create trigger admin_audit_no_truncate before truncate on admin_audit for each statement execute function admin_audit_append_only()')
        .execute(db);
    }
  },
};

/**
 * Change streams (issue 15, decision 070): the change log is split into a stream per store plus
 * one chain-wide stream ('*'), each with its own head row, so pushes from different stores never
 * queue on one counter. Existing entries keep their (globally unique) versions in the stream of
 * their scope (users, of any scope, in the chain's: users.ts), and every stream's head starts at the old global head H: a till that held version
 * V holds (V, V) in the new cursor, so no enrolled till re-pulls anything. The old counter row is
 * left as it was (H), for the record.
 */
const changeStreams: Migration = {
  version: 22,
  name: 'change streams',
  async up(db, dialect) {
    const { big, text } = types(dialect);
    await strict(
      db.schema
        .createTable('changes_by_stream')
        .addColumn('stream', text, (c) => c.notNull())
        .addColumn('version', big, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('store_id', text)
        .addColumn('till_id', text)
        .addColumn('payload', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('changes_stream_version', ['stream', 'version']),
      dialect,
    ).execute();
    await sql`insert into changes_by_stream (stream, version, kind, store_id, till_id, payload, created_at)
      select case when store_id is null or kind = 'user' then '*' else store_id end, version, kind, store_id, till_id, payload, created_at from changes`.execute(
      db,
    );
    await sql`drop table changes`.execute(db);
    await sql`alter table changes_by_stream rename to changes`.execute(db);
    // What the spent relay has still to copy into the chain stream (hq/services/spentRelay.ts).
    await sql`create index changes_spent_here on changes (stream, version) where kind = 'spent_here'`.execute(db);
    await strict(
      db.schema
        .createTable('change_streams')
        .addColumn('stream', text, (c) => c.primaryKey())
        .addColumn('head', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      db.schema
        .createTable('spent_relay')
        .addColumn('stream', text, (c) => c.primaryKey())
        .addColumn('relayed', big, (c) => c.notNull()),
      dialect,
    ).execute();
    const h = await sql<{ value: number }>`select value from counters where name = 'change_version'`.execute(db);
    const head = Number(h.rows[0]?.value ?? 0);
    await sql`insert into change_streams (stream, head) values ('*', ${head})`.execute(db);
    await sql`insert into change_streams (stream, head) select id, ${head} from stores`.execute(db);
    await sql`insert into spent_relay (stream, relayed) select id, ${head} from stores`.execute(db);
  },
};

/** In version order (migrateHq checks the last one against the database). */
export const HQ_MIGRATIONS: readonly Migration[] = [
  initial,
  users,
  trust,
  adminAccounts,
  storeCurrency,
  tillNames,
  changeStreams,
  posOrders,
  webhooks,
  amendments,
  spentLists,
  webhookRetention,
  pendingChanges,
  issuing,
];

/**
 * Brings the database to the latest version (of `migrations`: tests pass a prefix to build an
 * older database). Safe to call from several HQ processes at once on PostgreSQL.
 */
export async function migrateHq(db: Kysely<unknown>, dialect: HqDialect, migrations: readonly Migration[] = HQ_MIGRATIONS): Promise<number> {
  await sql`create table if not exists hq_migrations (version integer primary key, name text not null, applied_at ${sql.raw(types(dialect).big)} not null)`.execute(
    db,
  );
  const latest = migrations[migrations.length - 1]!.version;
  for (const m of migrations) {
    await db.transaction().execute(async (trx) => {
      // Two HQ processes starting together: the advisory lock makes the second wait, then skip.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7101)`.execute(trx);
      const done = await sql<{ version: number }>`select version from hq_migrations where version = ${m.version}`.execute(trx);
      if (done.rows.length > 0) return;
      await m.up(trx, dialect);
      await sql`insert into hq_migrations (version, name, applied_at) values (${m.version}, ${m.name}, ${Date.now()})`.execute(trx);
    });
  }
  const top = await sql<{ v: number | null }>`select max(version) as v from hq_migrations`.execute(db);
  const current = Number(top.rows[0]?.v ?? 0);
  if (current > latest) throw new Error(`HQ database is at version ${current}, newer than this HQ (${latest}): refusing to run`);
  return current;
}
