import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../services/testing/tillKit';
import { closeTillDatabase, openTillDatabase } from './connection';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('openTillDatabase', () => {
  it('opens a file in WAL with synchronous=FULL, foreign keys and a busy timeout', () => {
    const d = tempDir();
    dirs.push(d);
    const db = openTillDatabase(join(d.dir, 'till.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeTillDatabase(db);
    expect(db.open).toBe(false);
  });

  it('checkpoints the WAL into the database file when idle, not inside commits', async () => {
    const d = tempDir();
    dirs.push(d);
    const file = join(d.dir, 'till.db');
    const db = openTillDatabase(file, { idleCheckpointMs: 25 });
    const insert = db.prepare('INSERT INTO spent_elsewhere (coupon_key, uses) VALUES (?, 1)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`s:1:${i}`);
    })();
    const before = statSync(file).size;
    await new Promise((r) => setTimeout(r, 200));
    expect(statSync(file).size).toBeGreaterThan(before);
    closeTillDatabase(db);
  });
});
