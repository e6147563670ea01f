import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import type { HqTables } from './schema';
import { migrateHq } from './migrations';
import { lockDownDataDir, touchPrivate } from '../services/secrets';

export type HqDialect = 'sqlite' | 'postgres';

export interface HqDatabase {
  db: Kysely<HqTables>;
  dialect: HqDialect;
  /** Where the data lives, for messages (file path or URL without password). */
  location: string;
  close(): Promise<void>;
}

export interface OpenHqDatabaseOptions {
  /** Folder for the SQLite file (hq.sqlite). Absent with no databaseUrl: in-memory SQLite. */
  dataDir?: string;
  /** postgres://... to use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created when missing); tests give each HQ its own. */
  pgSchema?: string;
}

/** Opens (and migrates) HQ's database: SQLite by default, PostgreSQL for a postgres:// URL. */
export async function openHqDatabase(opts: OpenHqDatabaseOptions): Promise<HqDatabase> {
  const url = opts.databaseUrl;
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error('--database-url must be a postgres:// URL');
  const hq = url ? await openPostgres(url, opts.pgSchema) : openSqlite(opts.dataDir);
  await migrateHq(hq.db as Kysely<unknown>, hq.dialect);
  return hq;
}

function openSqlite(dataDir: string | undefined): HqDatabase {
  let file = ':memory:';
  if (dataDir) {
    lockDownDataDir(dataDir);
    file = path.join(dataDir, 'hq.sqlite');
    // SQLite gives its -wal and -shm files the database file's mode: 0600 from the start.
    touchPrivate(file);
  }
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<HqTables>({ dialect: new SqliteDialect({ database: cachingStatements(raw) }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    async close() {
      raw.pragma('optimize');
      await db.destroy();
    },
  };
}

/** Kysely's SQLite driver prepares every query afresh; HQ's queries repeat, so cache the statements. */
function cachingStatements(raw: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = raw.prepare(source);
      if (cache.size > 500) cache.clear();
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** pg, loaded only for a postgres:// URL: a SQLite HQ (the demo's) never parses the driver. */
async function loadPg(): Promise<typeof pg> {
  const pgModule = (await import('pg')).default;
  // int8 (epoch ms, versions) as JS numbers: every value HQ stores is below 2^53.
  pgModule.types.setTypeParser(20, (v: string) => Number(v));
  return pgModule;
}

async function openPostgres(url: string, schema: string | undefined): Promise<HqDatabase> {
  const pg = await loadPg();
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('bad PostgreSQL schema name');
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 8, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = new Kysely<HqTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') + (schema ? ` (schema ${schema})` : ''),
    close: () => db.destroy(),
  };
}
