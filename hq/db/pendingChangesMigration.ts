import { sql } from 'kysely';
import { strict, types, type Migration } from './migrations';

/**
 * Pending changes (decision 046): a push writes its store stream's entries (verdicts, spent facts)
 * here, unnumbered, instead of taking the next versions from the stream's head row, so two pushes
 * of one store no longer queue on that row. The sequencer (hq/services/changeLog.ts, run before
 * each pull) numbers them into `changes` in `seq` order under the head row's lock, off the push
 * path. Nothing existing moves: the table starts empty, and every till's cursor stays valid.
 */
export const pendingChanges: Migration = {
  version: 29,
  name: 'pending changes',
  async up(db, dialect) {
    const { big, text } = types(dialect);
    await strict(
      db.schema
        .createTable('pending_changes')
        // SQLite: an INTEGER PRIMARY KEY is the rowid, numbered on insert; PostgreSQL: an identity.
        .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
          dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn('stream', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('store_id', text)
        .addColumn('till_id', text)
        .addColumn('payload', text, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull()),
      dialect,
    ).execute();
    await sql`create index pending_changes_stream on pending_changes (stream, seq)`.execute(db);
  },
};
