import { afterEach, describe, expect, it } from 'vitest';
import { decodeHlc } from '../../../shared/hlc';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { currentRuleSetVersion } from '../ruleSet';
import { backoffDelay } from './backoff';
import type { FetchLike } from './hqClient';
import { makeTestTill, type TestTill } from './testing';

let hq: TestHq;
const tills: TestTill[] = [];
afterEach(async () => {
  while (tills.length) tills.pop()!.close();
  await hq?.cleanup();
  hq = undefined as unknown as TestHq;
});

async function enrolledTill(opts: Parameters<typeof makeTestTill>[0] = {}) {
  const t = makeTestTill(opts);
  tills.push(t);
  await t.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
  return t;
}

/** What must not move when HQ misbehaves: the rule set, the ledger's sync states and the outbox. */
function snapshot(t: TestTill) {
  const q = (sql: string) => t.db.prepare(sql).all();
  return {
    version: currentRuleSetVersion(t.db),
    campaigns: q('SELECT * FROM campaigns ORDER BY id'),
    keys: q('SELECT * FROM signing_keys ORDER BY key_id'),
    plain: q('SELECT count(*) AS n FROM plain_codes'),
    ledger: q('SELECT id, sync_state, synced FROM redemptions ORDER BY id'),
    outbox: q('SELECT seq, delivered_at FROM outbox ORDER BY seq'),
  };
}

describe('sync engine against a real HQ', () => {
  it('resumes after a restart: the rule-set cursor and the outbox survive', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [c1, c2] = await hq.admin.mint(1, 2);
    let till = await enrolledTill();
    expect((await till.engine.syncNow()).ok).toBe(true);
    const version = currentRuleSetVersion(till.db);
    expect(version).toBeGreaterThan(0);
    till.redeem(c1!.code);
    till = till.restart();
    tills.splice(0, 1, till);
    expect(till.engine.status()).toMatchObject({ enrolled: true, waiting: 1, ruleSetVersion: version });
    await expect(till.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'))).rejects.toThrow(/waiting for HQ/);
    await hq.admin.ok('POST', '/admin/codes/revoke', { couponKeys: [c2!.couponKey], reason: 'printed twice' });
    const run = await till.engine.syncNow();
    expect(run).toMatchObject({ ok: true, pushed: 1, pages: 1 });
    expect(till.redeem(c2!.code).verdict).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(1);
  });

  it('tolerates a till clock hours off: HQ time moves the till HLC forward, and the skew is shown', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    const till = await enrolledTill({ skewMs: -5 * 3600_000 });
    await till.engine.syncNow();
    const r = till.redeem(code!.code);
    expect(r.verdict.ok).toBe(true);
    expect(decodeHlc(r.redemption!.hlc).wallMs).toBeGreaterThan(Date.now() - 60_000);
    expect(till.engine.status().clockSkewMs).toBeGreaterThan(4.9 * 3600_000);
  });

  it('reports offline, backs off with jitter, and tells subscribers', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    let down = false;
    const flaky: FetchLike = (url, init) => (down ? Promise.reject(new TypeError('connect ECONNREFUSED')) : (fetch as unknown as FetchLike)(url, init));
    const till = await enrolledTill({ fetch: flaky });
    const seen: boolean[] = [];
    const off = till.engine.subscribe((s) => seen.push(Boolean(s.online)));
    expect((await till.engine.syncNow()).ok).toBe(true);
    down = true;
    const failed = await till.engine.syncNow();
    expect(failed.ok).toBe(false);
    expect(till.engine.status()).toMatchObject({ online: false, lastError: expect.stringMatching(/did not answer/) });
    expect(till.engine.status().nextAttemptAt).not.toBeNull();
    off();
    expect(seen).toContain(true);
    expect(seen.at(-1)).toBe(false);
    down = false;
    expect((await till.engine.syncNow()).ok).toBe(true);
    expect(till.engine.status()).toMatchObject({ online: true, lastError: null });
  });

  it('sends what waited at once when HQ is back (no answer from HQ is not a reason to hold a redemption back), in outbox order', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [c1, c2] = await hq.admin.mint(1, 2);
    let down = false;
    const flaky: FetchLike = (url, init) => (down ? Promise.reject(new TypeError('connect ECONNREFUSED')) : (fetch as unknown as FetchLike)(url, init));
    // Backoffs as in a store (seconds), not the tests' milliseconds: nothing may wait them out here.
    const till = await enrolledTill({ fetch: flaky, options: { backoffBaseMs: 60_000, backoffMaxMs: 300_000 } });
    expect((await till.engine.syncNow()).ok).toBe(true);
    down = true;
    till.redeem(c1!.code);
    expect((await till.engine.syncNow()).ok).toBe(false);
    till.redeem(c2!.code);
    down = false;
    // The cashier presses Sync now as soon as HQ is back: both go, the first one first.
    expect(await till.engine.syncNow()).toMatchObject({ ok: true, pushed: 2 });
    expect(till.engine.status().waiting).toBe(0);
    const atHq = await hq.admin.ok<{ couponKey: string; flags: Record<string, unknown> }[]>('GET', '/admin/redemptions');
    expect(atHq.map((r) => r.couponKey).sort()).toEqual([c1!.couponKey, c2!.couponKey].sort());
    expect(atHq.map((r) => r.flags)).toEqual([{}, {}]);
    // The attempt is still on the row for whoever looks at the outbox.
    expect(till.db.prepare('SELECT attempts FROM outbox ORDER BY seq').all()).toEqual([{ attempts: 1 }, { attempts: 0 }]);
  });

  it('the offline drill: a sync during it sends nothing; when it ends, what waited goes at once', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    const till = await enrolledTill({ options: { backoffBaseMs: 60_000, backoffMaxMs: 300_000 } });
    expect((await till.engine.syncNow()).ok).toBe(true);
    till.engine.setOfflineDrill(true);
    till.redeem(code!.code);
    expect(await till.engine.syncNow()).toMatchObject({ ok: false, error: expect.stringContaining('offline drill') });
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(0);
    till.engine.setOfflineDrill(false);
    expect(await till.engine.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(1);
  });

  it('claims online within the budget, and says unknown when HQ is too slow', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    let delay = 0;
    const slow: FetchLike = async (url, init) => {
      if (delay) {
        await new Promise((resolve, reject) => {
          setTimeout(resolve, delay);
          init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      }
      return (fetch as unknown as FetchLike)(url, init);
    };
    const a = await enrolledTill({ fetch: slow });
    const b = await enrolledTill();
    expect(await a.engine.claim({ couponKey: code!.couponKey, campaignId: 1 })).toMatchObject({ decision: 'claimed' });
    expect(await b.engine.claim({ couponKey: code!.couponKey, campaignId: 1 })).toMatchObject({ decision: 'refused', reason: 'claimed_elsewhere' });
    delay = 2_000;
    const late = await a.engine.claim({ couponKey: code!.couponKey, campaignId: 1 }, 100);
    expect(late.decision).toBe('unknown');
    expect(late.latencyMs).toBeLessThan(1_500); // gave up at its budget, did not wait for HQ
  });
});

describe('background sync', () => {
  it('start() syncs, notify() pushes a new redemption soon, a void frees the use for other tills', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    const a = await enrolledTill({ options: { intervalMs: 100 } });
    const b = await enrolledTill({ options: { intervalMs: 100 } });
    const states: number[] = [];
    a.engine.subscribe((s) => states.push(s.waiting));
    a.engine.start();
    b.engine.start();
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(cond()).toBe(true);
    };
    await until(() => a.engine.status().lastSyncAt !== null && b.engine.status().lastSyncAt !== null);
    const r = a.redeem(code!.code);
    a.engine.notify();
    await until(() => a.engine.status().waiting === 0);
    const check = () => b.service.validate({ code: code!.code, basket: { id: 'x', totalMinor: 10_000 }, source: 'manual' });
    await until(() => !check().ok);
    expect(check()).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    a.service.voidRedemption({ redemptionId: r.redemption!.id, reason: 'wrong customer' }, { actorId: 'mgr' });
    a.engine.notify();
    await until(() => check().ok);
    expect(states).toContain(1);
    await a.engine.stop();
    await b.engine.stop();
  });
});

describe('malformed or hostile HQ answers change nothing on the till', () => {
  it.each([
    ['not JSON', () => new Response('<html>proxy error</html>', { status: 200 })],
    ['wrong shape', () => Response.json({ update: { formatVersion: 2 }, more: false, head: 1, hqTime: '000000000000001:00000:hq' })],
    [
      'a page from the wrong version',
      (since: number) =>
        Response.json({
          update: { formatVersion: 1, fromVersion: since + 5, toVersion: since + 9 },
          more: false,
          head: since + 9,
          hqTime: '001700000000000:00000:hq',
        }),
    ],
    [
      'a corrupt plain-code hash',
      (since: number) =>
        Response.json({
          update: { formatVersion: 1, fromVersion: since, toVersion: since + 1, plainCodes: [{ hash: 'A'.repeat(22), campaignId: 999 }] },
          more: false,
          head: since + 1,
          hqTime: '001700000000000:00000:hq',
        }),
    ],
    [
      'a verdict for a stranger redemption',
      (since: number) =>
        Response.json({
          update: {
            formatVersion: 1,
            fromVersion: since,
            toVersion: since + 1,
            verdicts: [{ redemptionId: '0190a0a0-0000-7000-8000-000000000009', status: 'conflict' }],
          },
          more: false,
          head: since + 1,
          hqTime: '001700000000000:00000:hq',
        }),
    ],
    ['a push answer for ids never sent', () => Response.json({ results: [{ id: 'someone-else', status: 'applied' }], hqTime: '001700000000000:00000:hq' })],
    ['a 500', () => Response.json({ error: 'internal', message: 'boom' }, { status: 500 })],
    ['an oversized field', () => Response.json({ results: [{ id: 'x'.repeat(10_000), status: 'applied' }], hqTime: '001700000000000:00000:hq' })],
  ] as [string, (since: number) => Response][])('%s', async (_name, answer) => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    let hostile = false;
    let since = 0;
    const gate: FetchLike = async (url, init) =>
      hostile ? (answer(since) as unknown as Awaited<ReturnType<FetchLike>>) : (fetch as unknown as FetchLike)(url, init);
    const till = await enrolledTill({ fetch: gate });
    await till.engine.syncNow();
    till.redeem(code!.code);
    since = currentRuleSetVersion(till.db);
    const before = snapshot(till);
    hostile = true;
    const run = await till.engine.syncNow();
    expect(run.ok).toBe(false);
    expect(snapshot(till)).toEqual(before);
    expect(till.engine.status().waiting).toBe(1);
    hostile = false;
    expect((await till.engine.syncNow()).ok).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially within [base, cap], with jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(0);
    expect(backoffDelay(1, () => 1)).toBe(1_000);
    expect(backoffDelay(4, () => 1)).toBe(8_000);
    expect(backoffDelay(4, () => 0)).toBe(1_000);
    expect(backoffDelay(50, () => 1)).toBe(300_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(6, Math.random)));
    expect(spread.size).toBeGreaterThan(10);
  });
});
