import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { makeTestTill, type TestTill } from './testing';

/**
 * A till runs 12 hours a day: what it does per scan (redeem, the sync that follows, the status it
 * pushes to the screen) must not read more rows as the day's ledger grows. Every statement the
 * till runs through that cycle is recorded with its arguments and its query plan is checked:
 * no full scan, and no search without an index, of a table that grows with every redemption.
 * (Seen in bench:soak: the status's `max(delivered_at)` read the whole outbox, 14.7 ms at
 * 100,000 rows, several times per scan.)
 */
const GROWING = ['redemptions', 'outbox', 'audit_log', 'spent_elsewhere', 'pos_orders', 'pos_order_events', 'pos_order_returns', 'pos_order_reversals'];

interface Recorded {
  sql: string;
  args: unknown[];
  db: Database.Database;
}

function recordStatements(): { seen: Map<string, Recorded>; stop: () => void } {
  const seen = new Map<string, Recorded>();
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  const originals = new Map<string, (...a: unknown[]) => unknown>();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = function (this: { source: string; database: Database.Database }, ...args: unknown[]) {
      if (!seen.has(this.source)) seen.set(this.source, { sql: this.source, args, db: this.database });
      return original.apply(this, args);
    };
  }
  return {
    seen,
    stop: () => {
      for (const [m, f] of originals) proto[m] = f;
    },
  };
}

/** The plan's lines that read a growing table row by row. */
function unindexedReads(db: Database.Database, rec: Recorded): string[] {
  if (!/^\s*(SELECT|UPDATE|DELETE|WITH)/i.test(rec.sql)) return [];
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${rec.sql}`).all(...(rec.args as [])) as { detail: string }[];
  return plan
    .map((p) => p.detail)
    .filter((d) => {
      const m = /^(SCAN|SEARCH) (\w+)(.*)$/.exec(d);
      if (!m || !GROWING.includes(m[2]!)) return false;
      return m[1] === 'SCAN' ? !/USING (COVERING )?INDEX \w+/.test(m[3]!) || /USING INDEX sqlite_autoindex/.test(m[3]!) : !/USING/.test(m[3]!);
    });
}

describe('a till through a day of scans', () => {
  let hq: TestHq;
  let till: TestTill;
  afterEach(async () => {
    till?.close();
    await hq?.cleanup();
  });

  it('reads no growing table row by row per scan: redeem, sync, status', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const codes = await hq.admin.mint(1, 12);
    till = makeTestTill({ name: 'A' });
    await till.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1', 'Till A'));
    expect((await till.engine.syncNow()).ok).toBe(true);
    // A day already on the ledger: earlier scans, synced.
    for (const c of codes.slice(0, 6)) expect(till.redeem(c.code).verdict.ok).toBe(true);
    expect((await till.engine.syncNow()).ok).toBe(true);

    const rec = recordStatements();
    try {
      for (const c of codes.slice(6)) {
        expect(till.redeem(c.code).verdict.ok).toBe(true);
        till.service.syncStatus();
        expect((await till.engine.syncNow()).ok).toBe(true);
        till.engine.status();
      }
      expect(till.redeem(codes[0]!.code).verdict.ok).toBe(false); // a repeat, refused
    } finally {
      rec.stop();
    }
    const tillStatements = [...rec.seen.values()].filter((r) => r.db === till.db); // HQ runs in this process too
    expect(tillStatements.length).toBeGreaterThan(10);
    const offenders = tillStatements.map((r) => ({ sql: r.sql.replace(/\s+/g, ' '), plan: unindexedReads(till.db, r) })).filter((o) => o.plan.length);
    expect(offenders).toEqual([]);
  });
});
