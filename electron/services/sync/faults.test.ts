import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, TEST_DIALECTS, type TestHq } from '../../../hq/testSupport';
import { FAULTS, startFaultProxy, type Fault, type FaultProxy } from './faultProxy';
import { expectedStatuses, tillLedger, type LedgerEntryView } from './oracle';
import { makeTestTill, type TestTill } from './testing';

/**
 * Through a proxy that drops, cuts, duplicates and delays requests, the tills keep redeeming
 * and syncing. Afterwards HQ's ledger must equal the union of the tills' ledgers: nothing
 * lost, nothing doubled, every entry as the till wrote it, every code decided by the rule.
 */
let hq: TestHq | undefined;
let proxy: FaultProxy | undefined;
const tills: TestTill[] = [];
afterEach(async () => {
  while (tills.length) tills.pop()!.close();
  await proxy?.close();
  await hq?.cleanup();
  hq = undefined;
  proxy = undefined;
});

interface HqRow {
  id: string;
  kind: string;
  couponKey: string;
  tillId: string;
  hlc: string;
  voidsId: string | null;
  status: string;
}

async function drain(all: TestTill[]): Promise<void> {
  for (let round = 0; round < 60; round++) {
    for (const t of all) await t.engine.syncNow();
    if (all.every((t) => t.engine.status().waiting === 0)) {
      for (const t of all) await t.engine.syncNow(); // last verdicts
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`outboxes did not drain: ${all.map((t) => `${t.name}:${t.engine.status().waiting} ${t.engine.status().lastError}`).join(', ')}`);
}

describe.each(TEST_DIALECTS)('fault-injecting proxy between tills and HQ (%s)', (dialect) => {
  it('HQ ledger equals the union of the tills ledgers, nothing lost or doubled', async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    await hq.admin.ok('POST', '/admin/campaigns', { id: 2, name: 'Three uses', benefit: { type: 'cash', amountOffMinor: 100 }, rules: { usesPerCode: 3 } });
    const single = await hq.admin.mint(1, 5);
    const multi = await hq.admin.mint(2, 2);
    const codes = [...single, ...multi];
    const rnd = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 5000, seed: 42 });
    let i = 0;
    const next = () => rnd[i++ % rnd.length]! / 1_000_000;
    let faulty = false;
    proxy = await startFaultProxy(
      hq.url,
      (): Fault => (faulty ? FAULTS[Math.floor(next() * FAULTS.length)]! : 'pass'),
      () => 200 + next() * 1_500,
    );
    for (const name of ['A', 'B', 'C']) {
      const t = makeTestTill({ name, options: { requestTimeoutMs: 800, batchSize: 3 } });
      tills.push(t);
      await t.engine.enroll(proxy.url, await hq.admin.enrollmentToken('s1'));
      await t.engine.syncNow();
    }
    faulty = true;
    for (let round = 0; round < 6; round++) {
      for (const t of tills) {
        for (let k = 0; k < 3; k++) {
          const r = t.redeem(codes[Math.floor(next() * codes.length)]!.code);
          if (r.verdict.ok && next() < 0.2) t.service.voidRedemption({ redemptionId: r.redemption!.id, reason: 'customer changed mind' }, { actorId: 'mgr' });
        }
        await t.engine.syncNow();
      }
    }
    await proxy.settle();
    faulty = false;
    await drain(tills);
    await proxy.settle();
    expect(Object.entries(proxy.counts).filter(([f, n]) => f !== 'pass' && n > 0).length).toBeGreaterThanOrEqual(5);

    const union: LedgerEntryView[] = tills.flatMap(tillLedger);
    const hqRows = await hq.admin.ok<HqRow[]>('GET', '/admin/redemptions?limit=10000');
    expect(union.length).toBeGreaterThan(20);
    expect(hqRows.map((r) => r.id).sort()).toEqual(union.map((e) => e.id).sort());
    const byId = new Map(union.map((e) => [e.id, e]));
    for (const r of hqRows) {
      const { id: _id, ...mine } = byId.get(r.id)!;
      expect({ kind: r.kind, couponKey: r.couponKey, tillId: r.tillId, hlc: r.hlc, voidsId: r.voidsId }).toEqual(mine);
    }
    const expected = expectedStatuses(union, (key) => (key.startsWith('s:2:') ? 3 : 1));
    for (const r of hqRows) expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: expected.get(r.id) });
    // Every till shows HQ's verdict on each of its (non-voided) redemptions.
    for (const t of tills) {
      const rows = t.db.prepare("SELECT id, sync_state FROM redemptions WHERE kind = 'redeem' AND voided = 0").all() as { id: string; sync_state: string }[];
      for (const row of rows) expect({ id: row.id, state: row.sync_state }).toEqual({ id: row.id, state: expected.get(row.id) });
      expect(t.engine.status()).toMatchObject({ waiting: 0 });
    }
  });
});
