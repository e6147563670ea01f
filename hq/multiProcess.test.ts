import { spawn, type ChildProcess } from 'node:child_process';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PullResponse, PushResponse } from '../shared/sync';
import { startTestHq, type TestHq } from './testSupport';

/**
 * Two HQ processes on one PostgreSQL database take interleaved, concurrent pushes (and
 * duplicate deliveries) for the same codes. The per-code row locks must make them end in the
 * state one HQ reaches: the conflict rule's, each redemption stored once.
 */
let hq: TestHq | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGTERM');
  child = undefined;
  await hq?.cleanup();
  hq = undefined;
});

function startSecondProcess(h: TestHq): Promise<string> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'hq/cli.ts',
      'serve',
      '--database-url',
      process.env.TEST_DATABASE_URL!,
      '--pg-schema',
      h.pgSchema!,
      '--data',
      h.dataDir,
      '--port',
      '0',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = proc;
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`second HQ exited (${code}): ${out}`)));
  });
}

/** The conflict rule, written out: per code the N earliest (HLC, till id, id) win. */
function oracle(items: RedemptionUpload[], uses: (k: string) => number): Map<string, string> {
  const byCode = new Map<string, RedemptionUpload[]>();
  for (const i of items) byCode.set(i.couponKey, [...(byCode.get(i.couponKey) ?? []), i]);
  const out = new Map<string, string>();
  for (const [k, list] of byCode) {
    list.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.tillId < b.tillId ? -1 : a.tillId > b.tillId ? 1 : a.id < b.id ? -1 : 1));
    list.forEach((r, i) => out.set(r.id, i < uses(k) ? 'accepted' : 'conflict'));
  }
  return out;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two HQ processes on one PostgreSQL database', () => {
  it('reach the same result as one under interleaved concurrent pushes for the same codes', async () => {
    hq = await startTestHq('postgres');
    await hq.admin.seed();
    await hq.admin.ok('POST', '/admin/campaigns', { id: 2, name: 'Three uses', benefit: { type: 'cash', amountOffMinor: 100 }, rules: { usesPerCode: 3 } });
    const codes = [...(await hq.admin.mint(1, 4)), ...(await hq.admin.mint(2, 2))];
    const [hot] = await hq.admin.mint(1, 1);
    const secondUrl = await startSecondProcess(hq);
    const tills: { tillId: string; credential: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const token = await hq.admin.enrollmentToken('s1');
      const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      tills.push((await res.json()) as { tillId: string; credential: string });
    }
    const rnd = fc.sample(fc.integer({ min: 0, max: 999 }), { numRuns: 2000, seed: 7 });
    let n = 0;
    const next = (m: number) => rnd[n++ % rnd.length]! % m;
    const items: RedemptionUpload[] = Array.from({ length: 160 }, () => {
      const till = tills[next(4)]!;
      const code = codes[next(codes.length)]!;
      return {
        id: newId(),
        kind: 'redeem',
        voidsId: null,
        couponKey: code.couponKey,
        campaignId: Number(code.couponKey.split(':')[1]),
        storeId: 's1',
        tillId: till.tillId,
        cashierId: 'c',
        basketId: newId(),
        basketTotalMinor: 5000,
        discountMinor: 100,
        memberId: null,
        source: 'manual',
        hlc: encodeHlc({ wallMs: 1_700_000_000_000 + next(50), counter: next(3), node: till.tillId }),
        createdAt: 1_700_000_000_000,
        reason: null,
        approvedBy: null,
      };
    });
    const urls = [hq.url, secondUrl];
    const push = async (url: string, credential: string, batch: RedemptionUpload[]) => {
      const r = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: batch }),
      });
      expect(r.status).toBe(200);
      return (await r.json()) as PushResponse;
    };
    // Each till pushes its items in small batches, alternating HQ processes, all tills at once; some batches go to both.
    await Promise.all(
      tills.map(async (t, ti) => {
        const mine = items.filter((i) => i.tillId === t.tillId);
        const sends: Promise<unknown>[] = [];
        for (let b = 0; b < mine.length; b += 4) {
          const batch = mine.slice(b, b + 4);
          sends.push(push(urls[(b / 4 + ti) % 2]!, t.credential, batch));
          if (b % 12 === 0) sends.push(push(urls[(b / 4 + ti + 1) % 2]!, t.credential, batch));
        }
        await Promise.all(sends);
      }),
    );
    // Then a burst: every till redeems one fresh single-use code, all pushed at the same moment to both processes.
    const burst = tills.flatMap((t, ti) =>
      [0, 1].map((j) => ({
        ...items[0]!,
        id: newId(),
        tillId: t.tillId,
        couponKey: hot!.couponKey,
        campaignId: 1,
        hlc: encodeHlc({ wallMs: 1_700_000_000_100 + ((ti * 7 + j * 3) % 5), counter: 0, node: t.tillId }),
      })),
    );
    await Promise.all(burst.map((item, k) => push(urls[k % 2]!, tills.find((t) => t.tillId === item.tillId)!.credential, [item])));
    items.push(...burst);
    const expected = oracle(items, (k) => (k.startsWith('s:2:') ? 3 : 1));
    for (const url of urls) {
      const reds = (await (await fetch(`${url}/admin/redemptions?limit=10000`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).json()) as {
        id: string;
        status: string;
      }[];
      expect(reds).toHaveLength(items.length);
      expect(new Map(reds.map((r) => [r.id, r.status]))).toEqual(expected);
      const conflicts = (await (await fetch(`${url}/admin/conflicts?state=open`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).json()) as {
        redemptionId: string;
      }[];
      expect(conflicts.map((c) => c.redemptionId).sort()).toEqual(
        [...expected]
          .filter(([, s]) => s === 'conflict')
          .map(([id]) => id)
          .sort(),
      );
    }
    // What a new till learns is the same from either process: every used-up code, its uses.
    const token = await hq.admin.enrollmentToken('s1');
    const fresh = (await (
      await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
    ).json()) as { credential: string };
    const pulls = await Promise.all(
      urls.map(
        async (u) =>
          (await (await fetch(`${u}/v1/sync/pull?since=0&limit=10000`, { headers: { authorization: `Bearer ${fresh.credential}` } })).json()) as PullResponse,
      ),
    );
    expect(pulls[0]!.update!.spentElsewhere).toEqual(pulls[1]!.update!.spentElsewhere);
    const uses = (k: string) => (k.startsWith('s:2:') ? 3 : 1);
    const usedUp = new Set([...codes, hot!].map((c) => c.couponKey).filter((k) => items.filter((i) => i.couponKey === k).length >= uses(k)));
    expect(new Set(pulls[0]!.update!.spentElsewhere.map((s) => s.couponKey))).toEqual(usedUp);
  });
});
