import { CompiledQuery, sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainStreamQuery, storeStreamQuery } from './services/changeLog';
import { codeRowsQuery } from './services/ledger';
import { pendingFactsQuery } from './services/spentRelay';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * The queries a pull, the spent relay and the conflict recomputation run, EXPLAINed on a chain of
 * 40 stores: each reads its own stream's (or its codes') index range, never other stores' rows.
 */
const STORES = 40;
const PER_STORE = 250;

async function fill(hq: TestHq): Promise<void> {
  const db = hq.ctx.db;
  const changes = [];
  for (let s = 0; s < STORES; s++)
    for (let v = 1; v <= PER_STORE; v++)
      changes.push({
        stream: `s${s}`,
        version: v,
        kind: v % 10 === 0 ? 'spent_here' : 'verdict',
        store_id: `s${s}`,
        till_id: v % 10 === 0 ? null : `t${s}`,
        payload: '[]',
        created_at: 1,
      });
  for (let v = 1; v <= 2_000; v++) changes.push({ stream: '*', version: v, kind: 'campaign', store_id: null, till_id: null, payload: '[]', created_at: 1 });
  for (let i = 0; i < changes.length; i += 1000)
    await db
      .insertInto('changes')
      .values(changes.slice(i, i + 1000))
      .execute();
  await db
    .insertInto('spent_relay')
    .values(Array.from({ length: STORES }, (_, s) => ({ stream: `s${s}`, relayed: PER_STORE - 20 })))
    .execute();
  const reds = Array.from({ length: 10_000 }, (_, i) => ({
    id: `r${i}`,
    kind: 'redeem',
    voids_id: null,
    coupon_key: `s:1:${i}`,
    campaign_id: 1,
    store_id: `s${i % STORES}`,
    till_id: `t${i % STORES}`,
    hlc: '001700000000000:00000:t',
    body: '{}',
    body_hash: 'h',
    received_at: 1,
    status: 'accepted',
    winner_id: null,
    voided: 0,
    resolution: null,
    note: null,
    seq: null,
    clock_suspect: 0,
    flags: null,
  }));
  for (let i = 0; i < reds.length; i += 500)
    await db
      .insertInto('redemptions')
      .values(reds.slice(i, i + 500))
      .execute();
  await sql`analyze`.execute(db);
}

interface PgPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PgPlan[];
}

function nodesOn(plan: PgPlan, table: string): PgPlan[] {
  return [...(plan['Relation Name'] === table ? [plan] : []), ...(plan.Plans ?? []).flatMap((p) => nodesOn(p, table))];
}

describe.each(TEST_DIALECTS)('EXPLAIN: pulls, the relay and conflict recomputation stay in their index range (%s)', (dialect) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await startTestHq(dialect);
    await fill(hq);
  }, 120_000);
  afterAll(() => hq.cleanup());

  /** The plan of `q` on this engine: SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's executed plan nodes on `table`. */
  async function plan(q: Compilable<unknown>, table: string): Promise<{ lines: string[]; nodes: PgPlan[]; indexes: string[] }> {
    const c = q.compile();
    if (dialect === 'sqlite') {
      const r = await hq.ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
      return { lines: r.rows.map((x) => x.detail), nodes: [], indexes: [] };
    }
    const r = await hq.ctx.db.executeQuery<{ 'QUERY PLAN': { Plan: PgPlan }[] }>(
      CompiledQuery.raw(`explain (analyze, format json) ${c.sql}`, [...c.parameters]),
    );
    const root = r.rows[0]!['QUERY PLAN'][0]!.Plan;
    const all = (n: PgPlan): PgPlan[] => [n, ...(n.Plans ?? []).flatMap(all)];
    return { lines: [], nodes: nodesOn(root, table), indexes: all(root).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])) };
  }

  /** PostgreSQL: rows the scans on the table touched (returned plus thrown away), over every loop. */
  const touched = (nodes: PgPlan[]) =>
    nodes.reduce(
      (n, p) => n + ((p['Actual Rows'] ?? 0) + (p['Rows Removed by Filter'] ?? 0) + (p['Rows Removed by Index Recheck'] ?? 0)) * (p['Actual Loops'] ?? 1),
      0,
    );

  it("a till's store-stream pull reads its store's rows only (one store of 40)", async () => {
    const scope = { storeId: 's7', tillId: 't7' };
    const p = await plan(storeStreamQuery(hq.ctx.db, 100, PER_STORE, scope, 1000), 'changes');
    if (dialect === 'sqlite') expect(p.lines.join('\n')).toMatch(/SEARCH changes USING (PRIMARY KEY|INDEX \w+) \(stream=\? AND version>\? AND version<\?\)/);
    else {
      expect(p.nodes.map((n) => n['Node Type'])).toEqual([expect.stringMatching(/Index|Bitmap/)]);
      expect(touched(p.nodes)).toBeLessThanOrEqual(PER_STORE - 100);
    }
  });

  it("the chain-stream pull reads the chain's rows in range only", async () => {
    const p = await plan(chainStreamQuery(hq.ctx.db, 1_500, 2_000, { storeId: 's7', tillId: 't7' }, 1000), 'changes');
    if (dialect === 'sqlite') expect(p.lines.join('\n')).toMatch(/SEARCH changes USING (PRIMARY KEY|INDEX \w+) \(stream=\? AND version>\? AND version<\?\)/);
    else expect(touched(p.nodes)).toBeLessThanOrEqual(500);
  });

  it('the spent relay reads pending facts through its partial index, not the stores’ other rows', async () => {
    const p = await plan(pendingFactsQuery(hq.ctx.db, 5000), 'changes');
    if (dialect === 'sqlite') expect(p.lines.join('\n')).toMatch(/SEARCH c USING (COVERING )?INDEX changes_spent_here \(stream=\? AND version>\?\)/);
    else {
      expect(p.nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      expect(p.indexes).toContain('changes_spent_here');
      expect(touched(p.nodes)).toBeLessThanOrEqual((STORES * PER_STORE) / 10);
    }
  });

  it("the conflict recomputation reads only the pushed codes' redemptions", async () => {
    const keys = ['s:1:5', 's:1:77', 's:1:9001'];
    const p = await plan(codeRowsQuery(hq.ctx.db, keys), 'redemptions');
    if (dialect === 'sqlite') expect(p.lines.join('\n')).toMatch(/SEARCH redemptions USING INDEX redemptions_code \(coupon_key=\? AND kind=\?\)/);
    else expect(touched(p.nodes)).toBeLessThanOrEqual(keys.length);
  });
});
