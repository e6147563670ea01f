import type Database from 'better-sqlite3';

/**
 * Tests: every row of every table (but `except`), by table name, for comparing a database before
 * and after a migration.
 */
export function dumpTables(db: Database.Database, except: readonly string[] = []): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .filter((t) => !except.includes(t.name));
  return Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name.replace(/"/g, '""')}" ORDER BY 1`).all()]));
}
