import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PullResponse, PushResponse } from '../shared/sync';
import type { RunningHq } from './server';
import { CHAIN_STREAM, queueChanges, sequencePending } from './services/changeLog';
import { pushBatch } from './services/push';
import { pullFrom, startTestHq, TEST_DIALECTS, type TestDialect, type TestHq } from './testSupport';

/**
 * Change streams (decision 070): a push writes only its own store's stream, so pushes from
 * different stores do not queue on one row; every stream's versions stay gap-free and become
 * visible in order, whatever the order of syncs and however the pushes are split over HQ processes.
 */
let hq: TestHq | undefined;
afterEach(async () => {
  await hq?.cleanup();
  hq = undefined;
});

interface Till {
  tillId: string;
  storeId: string;
  credential: string;
}

async function enroll(h: TestHq, storeId: string): Promise<Till> {
  const token = await h.admin.enrollmentToken(storeId);
  const res = await fetch(`${h.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const body = (await res.json()) as { tillId: string; credential: string };
  return { ...body, storeId };
}

function redemption(till: Till, couponKey: string, wallMs: number): RedemptionUpload {
  return {
    id: newId(),
    kind: 'redeem',
    voidsId: null,
    couponKey,
    campaignId: 1,
    storeId: till.storeId,
    tillId: till.tillId,
    cashierId: 'c',
    basketId: newId(),
    basketTotalMinor: 5000,
    discountMinor: 2000,
    memberId: null,
    source: 'manual',
    hlc: encodeHlc({ wallMs, counter: 0, node: till.tillId }),
    createdAt: 1_700_000_000_000,
    reason: null,
    approvedBy: null,
  };
}

async function push(url: string, till: Till, items: RedemptionUpload[]): Promise<PushResponse> {
  const r = await fetch(`${url}/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${till.credential}`, 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as PushResponse;
}

/** Every version of every stream, in order, once the pending entries are numbered: each stream must be 1..head with no hole. */
async function streamVersions(h: TestHq): Promise<Map<string, number[]>> {
  // What tills will see: pushes leave their entries for the sequencer (decision 046), which each pull runs first.
  await sequencePending(h.ctx);
  const rows = await h.ctx.db.selectFrom('changes').select(['stream', 'version']).orderBy('stream').orderBy('version').execute();
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.stream, [...(out.get(r.stream) ?? []), Number(r.version)]);
  return out;
}

const gapFree = (vs: number[]) => vs.every((v, i) => v === i + 1);

describe.skipIf(!process.env.TEST_DATABASE_URL)('pushes from different stores (PostgreSQL)', () => {
  it('do not wait on each other: one held open inside its transaction, the other commits', async () => {
    hq = await startTestHq('postgres');
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    const [a, b] = [await enroll(hq, 's1'), await enroll(hq, 's2')];
    const codes = await hq.admin.mint(1, 2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    let heldPid = 0;
    const isHolding = new Promise<void>((r) => (holding = r));
    const tillA = { tillId: a.tillId, storeId: 's1', enrolledAt: null };
    const first = pushBatch(hq.ctx, tillA, [redemption(a, codes[0]!.couponKey, 1_700_000_000_000)], {
      beforeCommit: async (trx) => {
        heldPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
        holding();
        await held;
      },
    });
    await isHolding;
    // Another store's push commits while the first is still open (before: it queued on the one counter row).
    // It fails as soon as any backend waits on a lock while the held push is open.
    let otherDone = false;
    const otherPush = push(hq.url, b, [redemption(b, codes[1]!.couponKey, 1_700_000_000_001)]).finally(() => (otherDone = true));
    const waited = waitFor(async () => otherDone || (await lockWaits(hq!, heldPid)) > 0);
    await Promise.race([otherPush, waited]);
    if (!otherDone) {
      release();
      await otherPush;
      expect.fail("another store's push waited on a lock held by the open push");
    }
    const other = await otherPush;
    expect(other.results[0]).toMatchObject({ status: 'applied', verdict: 'accepted' });
    // The control: a push of the held push's code (from another store) does wait, on the code's lock.
    let sameCodeDone = false;
    const sameCode = push(hq.url, b, [redemption(b, codes[0]!.couponKey, 1_700_000_000_002)]).then((r) => ((sameCodeDone = true), r));
    await waitFor(async () => (await lockWaits(hq!, heldPid)) > 0);
    expect(sameCodeDone).toBe(false);
    release();
    expect((await first).results[0]).toMatchObject({ status: 'applied', verdict: 'accepted' });
    expect((await sameCode).results[0]).toMatchObject({ status: 'applied', verdict: 'conflict' });
    const versions = await streamVersions(hq);
    expect(gapFree(versions.get('s1')!)).toBe(true);
    expect(gapFree(versions.get('s2')!)).toBe(true);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('pushes from one store (PostgreSQL)', () => {
  it('do not wait on each other either: one held open inside its transaction after every write, the other commits', async () => {
    hq = await startTestHq('postgres');
    await hq.admin.seed({ storeIds: ['s1'] });
    const [a, a2] = [await enroll(hq, 's1'), await enroll(hq, 's1')];
    const codes = await hq.admin.mint(1, 2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    let heldPid = 0;
    const isHolding = new Promise<void>((r) => (holding = r));
    const first = pushBatch(hq.ctx, { tillId: a.tillId, storeId: 's1', enrolledAt: null }, [redemption(a, codes[0]!.couponKey, 1_700_000_000_000)], {
      beforeCommit: async (trx) => {
        heldPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
        holding();
        await held;
      },
    });
    await isHolding;
    // Before decision 046 every push of a store took its stream's head row and held it to its commit.
    let otherDone = false;
    const otherPush = push(hq.url, a2, [redemption(a2, codes[1]!.couponKey, 1_700_000_000_001)]).finally(() => (otherDone = true));
    const waited = waitFor(async () => otherDone || (await lockWaits(hq!, heldPid)) > 0);
    await Promise.race([otherPush, waited]);
    if (!otherDone) {
      release();
      await otherPush;
      await first;
      expect.fail('a push of the same store waited on a lock held by the open push');
    }
    expect((await otherPush).results[0]).toMatchObject({ status: 'applied', verdict: 'accepted' });
    // A pull meanwhile numbers the committed push's entries; the open one's are not visible yet.
    await sequencePending(hq.ctx);
    release();
    expect((await first).results[0]).toMatchObject({ status: 'applied', verdict: 'accepted' });
    const versions = await streamVersions(hq);
    expect(gapFree(versions.get('s1')!)).toBe(true);
    // Both pushes' verdicts are in the store stream, each once, the committed one's first.
    const verdicts = await hq.ctx.db
      .selectFrom('changes')
      .select('payload')
      .where('stream', '=', 's1')
      .where('kind', '=', 'verdict')
      .orderBy('version')
      .execute();
    const ids = verdicts.flatMap((v) => (JSON.parse(v.payload) as { redemptionId: string }[]).map((x) => x.redemptionId));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(await hq.ctx.db.selectFrom('pending_changes').selectAll().execute()).toEqual([]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('the sequencer (PostgreSQL)', () => {
  it('numbers each pending entry exactly once, gap-free, with four HQ processes sequencing while entries are queued', async () => {
    hq = await startTestHq('postgres');
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    const hqs: RunningHq[] = [hq, await hq.twin(), await hq.twin(), await hq.twin()];
    const queued: string[] = [];
    let writing = true;
    const sequencers = hqs.map(async (x) => {
      while (writing) await sequencePending(x.ctx);
    });
    // 40 transactions of 1-5 entries each, over both stores, from every process, while all four sequence.
    await Promise.all(
      Array.from({ length: 40 }, async (_, t) => {
        const x = hqs[t % hqs.length]!;
        const entries = Array.from({ length: 1 + (t % 5) }, (_, i) => `e${t}.${i}`);
        await x.ctx.db.transaction().execute((trx) =>
          queueChanges(
            x.ctx,
            trx,
            entries.map((e) => ({ kind: 'verdict' as const, storeId: t % 2 ? 's1' : 's2', tillId: 't', payload: [{ redemptionId: e, status: 'accepted' }] })),
          ),
        );
        queued.push(...entries);
      }),
    );
    writing = false;
    await Promise.all(sequencers);
    const versions = await streamVersions(hq);
    for (const s of ['s1', 's2']) expect(gapFree(versions.get(s)!)).toBe(true);
    const rows = await hq.ctx.db.selectFrom('changes').select('payload').where('kind', '=', 'verdict').execute();
    const numbered = rows.flatMap((r) => (JSON.parse(r.payload) as { redemptionId: string }[]).map((v) => v.redemptionId));
    expect(numbered.sort()).toEqual([...queued].sort());
    expect(await hq.ctx.db.selectFrom('pending_changes').selectAll().execute()).toEqual([]);
  });
});

/** Backends waiting on a lock the held push's transaction holds (pg_blocking_pids). */
async function lockWaits(h: TestHq, heldPid: number): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where ${heldPid} = any(pg_blocking_pids(pid))`.execute(h.ctx.db);
  return Number(r.rows[0]!.n);
}

async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached in 10 s');
}

/** The conflict rule, written out: per code the earliest (HLC, till id, id) wins (single use). */
function oracle(items: RedemptionUpload[]): Map<string, string> {
  const byCode = new Map<string, RedemptionUpload[]>();
  for (const i of items) byCode.set(i.couponKey, [...(byCode.get(i.couponKey) ?? []), i]);
  const out = new Map<string, string>();
  for (const list of byCode.values()) {
    list.sort((x, y) => (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : x.tillId < y.tillId ? -1 : x.tillId > y.tillId ? 1 : x.id < y.id ? -1 : 1));
    list.forEach((r, i) => out.set(r.id, i === 0 ? 'accepted' : 'conflict'));
  }
  return out;
}

const splits: { dialect: TestDialect; processes: number }[] = TEST_DIALECTS.flatMap((d): { dialect: TestDialect; processes: number }[] =>
  d === 'sqlite' ? [{ dialect: d, processes: 1 }] : [1, 2, 4].map((processes) => ({ dialect: d, processes })),
);

describe.each(splits)('change streams ($dialect, pushes over $processes HQ processes)', ({ dialect, processes }) => {
  it('every sync order: exactly once, winners = the rule, and every stream gap-free and visible in order', async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['s1', 's2', 's3'] });
    const codes = await hq.admin.mint(1, 8);
    const tills: Till[] = [];
    for (const s of ['s1', 's2', 's3']) for (let i = 0; i < 2; i++) tills.push(await enroll(hq, s));
    const hqs: RunningHq[] = [hq];
    const all: RedemptionUpload[] = [];
    while (hqs.length < processes) hqs.push(await hq.twin());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(5), fc.nat(7), fc.nat(40)), { minLength: 6, maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (picks, order) => {
          const items = picks.map(([t, c, ms]) => redemption(tills[t]!, codes[c]!.couponKey, 1_700_000_000_000 + ms));
          // Batches of up to 3 per till, sent in an order the property picks, each to the HQ process it picks, all at once.
          const batches = tills.flatMap((t) =>
            chunk(
              items.filter((i) => i.tillId === t.tillId),
              3,
            ).map((b) => ({ till: t, b })),
          );
          const shuffled = batches.map((x, i) => ({ x, k: order[i % order.length]! + i })).sort((p, q) => p.k - q.k);
          const watcher = watchStreams(hq!, hqs);
          await Promise.all(shuffled.map(({ x, k }, i) => push(hqs[(k + i) % hqs.length]!.url, x.till, x.b)));
          const holes = await watcher.stop();
          expect(holes).toEqual([]);
          // Exactly once, and the rule over everything HQ holds (earlier runs reuse the codes).
          all.push(...items);
          const rows = await hq!.ctx.db.selectFrom('redemptions').select(['id', 'status']).where('kind', '=', 'redeem').execute();
          expect(rows).toHaveLength(all.length);
          expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(oracle(all));
          for (const vs of (await streamVersions(hq!)).values()) expect(gapFree(vs)).toBe(true);
        },
      ),
      { numRuns: 4, seed: 15 },
    );
    // A new till of each store learns every used-up code, page by page, each page starting where the last ended.
    const used = new Set((await hq.ctx.db.selectFrom('redemptions').select('coupon_key').where('status', '=', 'accepted').execute()).map((r) => r.coupon_key));
    for (const s of ['s1', 's3']) {
      const fresh = await enroll(hq, s);
      const spent = new Set<string>();
      let last: PullResponse['update'] = null;
      for (;;) {
        const query: string = pullFrom(last);
        const r = (await (
          await fetch(`${hqs.at(-1)!.url}/v1/sync/pull?${query}&limit=1`, { headers: { authorization: `Bearer ${fresh.credential}` } })
        ).json()) as PullResponse;
        if (!r.update) break;
        expect([r.update.fromVersion, r.update.storeFromVersion]).toEqual([last?.toVersion ?? 0, last?.storeToVersion ?? 0]);
        for (const e of r.update.spentElsewhere) if (e.uses > 0) spent.add(e.couponKey);
        last = r.update;
        if (!r.more) break;
      }
      expect(spent).toEqual(used);
    }
  });
});

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Numbers pending entries and reads every stream up to its head over and over while pushes run: a hole below a head means a version became visible out of order. */
function watchStreams(h: TestHq, sequencers: RunningHq[]): { stop(): Promise<string[]> } {
  let running = true;
  const holes: string[] = [];
  const loop = (async () => {
    while (running) {
      // Pulls on every HQ process number pending entries while the pushes run (the sequencers race each other and the pushes).
      await Promise.all(sequencers.map((x) => sequencePending(x.ctx)));
      const headRows = await h.ctx.db.selectFrom('change_streams').select(['stream', 'head']).execute();
      for (const { stream, head } of headRows) {
        const got = await h.ctx.db
          .selectFrom('changes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('stream', '=', stream)
          .where('version', '<=', head)
          .executeTakeFirstOrThrow();
        if (Number(got.n) !== Number(head)) holes.push(`${stream === CHAIN_STREAM ? 'chain' : stream}: ${got.n} rows up to head ${head}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return holes;
    },
  };
}
