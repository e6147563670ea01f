import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { applyMigrations, type Migration } from './migrate';

export type TillDatabase = Database.Database;

export interface OpenOptions {
  /** Migrations to run on open (default: every known migration). Tests pass a prefix. */
  migrations?: readonly Migration[];
  /** Skip migrations entirely (migration tests drive them by hand). */
  migrate?: boolean;
  /** Checkpoint the WAL this often between scans (default 5000 ms; 0 = never, e.g. benchmarks of the raw path). */
  idleCheckpointMs?: number;
}

const stopCheckpoints = new WeakMap<TillDatabase, () => void>();

/**
 * Opens the till's database: one connection per file in the main process.
 * synchronous=FULL because a redemption the cashier saw accepted must survive a power cut.
 */
export function openTillDatabase(file: string, options: OpenOptions = {}): TillDatabase {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The till's own page cache: 8 MB holds the hot B-tree pages (the allow-list's interior pages, the
    // ledger's newest); the rest comes from the OS file cache, shared and reclaimable. A bigger one
    // (64 MB) only grew the till's memory through the day, a page at a time (decision 085).
    db.pragma('cache_size = -8192');
    db.pragma('temp_store = MEMORY');
    // A checkpoint inside a redemption's commit stalls that scan. Checkpoint rarely inline
    // (every ~32 MB of WAL) and otherwise when the till is idle (startIdleCheckpoints).
    db.pragma('wal_autocheckpoint = 8000');
    db.pragma('journal_size_limit = 67108864');
    if (options.migrate !== false) applyMigrations(db, options.migrations ?? MIGRATIONS);
    const every = options.idleCheckpointMs ?? 5_000;
    if (every > 0 && !db.memory) stopCheckpoints.set(db, startIdleCheckpoints(db, every));
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Closes the database, letting SQLite refresh its planner statistics first. */
export function closeTillDatabase(db: TillDatabase): void {
  stopCheckpoints.get(db)?.();
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

/**
 * Checkpoints the WAL into the database file every `everyMs` while the app runs, so the
 * checkpoint work happens between scans rather than inside a redemption's commit.
 * openTillDatabase starts this itself; returns a stop function. The timer does not keep
 * the process alive.
 */
export function startIdleCheckpoints(db: TillDatabase, everyMs = 5_000): () => void {
  const timer = setInterval(() => {
    if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
