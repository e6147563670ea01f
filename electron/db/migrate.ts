import type Database from 'better-sqlite3';

/** One schema step. `up` runs inside the migration transaction; it must not commit. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

/** The database was written by a newer build of the app; opening it with this one could corrupt it. */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `This database is at schema version ${databaseVersion}, but this version of Coupon Till only knows up to ${codeVersion}. ` +
        'Install the newer Coupon Till that wrote it; the database was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Checks the list is strictly increasing positive integers (gaps allowed: domains own ranges). */
export function checkMigrationList(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(`migration list out of order at version ${m.version} (${m.name}) after ${previous}`);
    }
    previous = m.version;
  }
}

/**
 * Runs every pending migration (up to `target`, default all) in ONE transaction, so a
 * failure leaves the database exactly as it was. Returns the resulting version.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[], target?: number): number {
  checkMigrationList(migrations);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const goal = target ?? latest;
  const pending = migrations.filter((m) => m.version > current && m.version <= goal);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      // user_version lives in the database header and is part of this transaction.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }
  }).immediate();
  return schemaVersion(db);
}
