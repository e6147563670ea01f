import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startHq } from '../../../hq/server';
import { startTestHq } from '../../../hq/testSupport';
import { expectedStatuses, tillLedger } from './oracle';
import { makeTestTill, type TestTill } from './testing';

/**
 * Property: for any schedule of offline redemptions and voids on several tills sharing codes,
 * syncing in any order (and in any batch size) leaves HQ in the same state, the state the
 * conflict rule prescribes, and every till shows HQ's verdicts.
 */
const opArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('redeem' as const), till: fc.nat(2), code: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), till: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 3 }) }) },
);

const scenarioArb = fc.record({
  tills: fc.integer({ min: 2, max: 3 }),
  skews: fc.array(fc.integer({ min: -2 * 3600_000, max: 2 * 3600_000 }), { minLength: 3, maxLength: 3 }),
  ops: fc.array(opArb, { minLength: 2, maxLength: 14 }),
  order1: fc.array(fc.nat(2), { minLength: 3, maxLength: 8 }),
  order2: fc.array(fc.nat(2), { minLength: 3, maxLength: 8 }),
  batch1: fc.integer({ min: 1, max: 5 }),
  batch2: fc.integer({ min: 1, max: 5 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function syncInOrder(tills: TestTill[], order: number[]): Promise<void> {
  for (const i of order) await tills[i % tills.length]!.engine.syncNow();
  for (let pass = 0; pass < 2; pass++) for (const t of tills) await t.engine.syncNow();
}

async function hqView(url: string, token: string) {
  const get = async (p: string) => (await fetch(url + p, { headers: { authorization: `Bearer ${token}` } })).json();
  const reds = (await get('/admin/redemptions?limit=10000')) as { id: string; status: string; winnerId: string | null }[];
  const conflicts = (await get('/admin/conflicts')) as { redemptionId: string; winnerId: string; state: string }[];
  return {
    reds: reds.map((r) => ({ id: r.id, status: r.status, winnerId: r.winnerId })).sort((a, b) => a.id.localeCompare(b.id)),
    conflicts: conflicts.map((c) => ({ id: c.redemptionId, winnerId: c.winnerId, state: c.state })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

async function runScenario(s: Scenario): Promise<void> {
  const hq = await startTestHq('sqlite');
  const all: TestTill[] = [];
  const others: { close(): Promise<void> }[] = [];
  try {
    await hq.admin.seed();
    await hq.admin.ok('POST', '/admin/campaigns', { id: 2, name: 'Two uses', benefit: { type: 'cash', amountOffMinor: 100 }, rules: { usesPerCode: 2 } });
    const codes = [...(await hq.admin.mint(1, 3)), ...(await hq.admin.mint(2, 1))];
    const tills: TestTill[] = [];
    for (let i = 0; i < s.tills; i++) {
      const t = makeTestTill({ name: `T${i}`, skewMs: s.skews[i], options: { batchSize: s.batch1 } });
      tills.push(t);
      await t.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
      await t.engine.syncNow();
    }
    all.push(...tills);
    // Offline: redeem and void.
    for (const op of s.ops) {
      if (op.kind === 'wait') await new Promise((r) => setTimeout(r, op.ms));
      else if (op.kind === 'redeem') tills[op.till % tills.length]!.redeem(codes[op.code]!.code);
      else {
        const t = tills[op.till % tills.length]!;
        const live = t.db.prepare("SELECT id FROM redemptions WHERE kind = 'redeem' AND voided = 0 ORDER BY hlc DESC LIMIT 1").get() as
          { id: string } | undefined;
        if (live) t.service.voidRedemption({ redemptionId: live.id, reason: 'wrong basket' }, { actorId: 'mgr' });
      }
    }
    // A twin world: the same HQ data and the same tills, copied before anyone syncs.
    const hqDir2 = fs.mkdtempSync(path.join(path.dirname(hq.database), '..', 'hq-copy-'));
    // HQ's SQLite runs in WAL mode: VACUUM INTO gives a consistent copy while it runs.
    await sql`vacuum into ${path.join(hqDir2, 'hq.sqlite')}`.execute(hq.ctx.db);
    const hq2 = await startHq({ dataDir: hqDir2, adminToken: hq.adminToken });
    others.push({
      close: async () => {
        await hq2.close();
        fs.rmSync(hqDir2, { recursive: true, force: true });
      },
    });
    const twins = tills.map((t, i) => {
      const copy = t.file.replace(/\.sqlite$/, '-twin.sqlite');
      t.db.prepare('VACUUM INTO ?').run(copy);
      const raw = new Database(copy);
      raw.prepare('UPDATE sync_state SET hq_url = ? WHERE id = 1').run(hq2.url);
      raw.close();
      return makeTestTill({ name: `T${i}'`, skewMs: s.skews[i], file: copy, options: { batchSize: s.batch2 } });
    });
    all.push(...twins);
    await syncInOrder(tills, s.order1);
    await syncInOrder(twins, s.order2);

    const union = tills.flatMap(tillLedger);
    const expected = expectedStatuses(union, (key) => (key.startsWith('s:2:') ? 2 : 1));
    const v1 = await hqView(hq.url, hq.adminToken);
    const v2 = await hqView(hq2.url, hq.adminToken);
    expect(v1.reds.map((r) => [r.id, r.status])).toEqual(union.map((e) => [e.id, expected.get(e.id)]).sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(v2.reds).toEqual(v1.reds);
    expect(v2.conflicts.map(({ id, winnerId }) => ({ id, winnerId }))).toEqual(v1.conflicts.map(({ id, winnerId }) => ({ id, winnerId })));
    expect(
      v1.conflicts
        .filter((c) => c.state === 'open')
        .map((c) => c.id)
        .sort(),
    ).toEqual(
      [...expected]
        .filter(([, st]) => st === 'conflict')
        .map(([id]) => id)
        .sort(),
    );
    for (const t of [...tills, ...twins]) {
      const rows = t.db.prepare("SELECT id, sync_state FROM redemptions WHERE kind = 'redeem' AND voided = 0").all() as { id: string; sync_state: string }[];
      for (const r of rows) expect([r.id, r.sync_state]).toEqual([r.id, expected.get(r.id)]);
    }
  } finally {
    for (const t of all) t.close();
    for (const o of others) await o.close();
    await hq.cleanup();
  }
}

describe('random schedules of offline tills and sync orders', () => {
  it('end in the same HQ state, the one the conflict rule prescribes', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, runScenario), { numRuns: 10, seed: Number(process.env.SCHEDULE_SEED ?? 20261123) });
  });
});
