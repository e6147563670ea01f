import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PullResponse, PushResponse } from '../shared/sync';
import { pullFrom, startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** A till speaking raw HTTP (HQ tests may not import the till's engine). */
async function enrollTill(hq: TestHq, storeId: string, name?: string) {
  const token = await hq.admin.enrollmentToken(storeId, name);
  const res = await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const body = (await res.json()) as { tillId: string; credential: string };
  const call = async <T>(method: string, p: string, payload?: unknown) => {
    const r = await fetch(hq.url + p, {
      method,
      headers: { authorization: `Bearer ${body.credential}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    });
    return { status: r.status, body: (await r.json()) as T };
  };
  let wall = 1_700_000_000_000;
  const upload = (couponKey: string, extra: Partial<RedemptionUpload> = {}): RedemptionUpload => ({
    id: newId(),
    kind: 'redeem',
    voidsId: null,
    couponKey,
    campaignId: 1,
    storeId,
    tillId: body.tillId,
    cashierId: 'c1',
    basketId: newId(),
    basketTotalMinor: 10_000,
    discountMinor: 2_000,
    memberId: null,
    source: 'manual',
    hlc: encodeHlc({ wallMs: wall++, counter: 0, node: body.tillId }),
    createdAt: wall,
    reason: null,
    approvedBy: null,
    ...extra,
  });
  return { tillId: body.tillId, credential: body.credential, call, upload, push: (items: unknown[]) => call<PushResponse>('POST', '/v1/sync/push', { items }) };
}

describe.each(TEST_DIALECTS)('HQ API (%s)', (dialect) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
  });
  afterEach(() => hq.cleanup());

  it('refuses bad admin input with a 4xx and a clear message, changing nothing', async () => {
    const anon = await fetch(`${hq.url}/admin/stores`);
    expect(anon.status).toBe(401);
    const wrong = await fetch(`${hq.url}/admin/stores`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', '/admin/stores', { id: 's3', name: 'X', timeZone: 'Mars/Olympus' }, 400, /time zone/],
      ['POST', '/admin/stores', { id: 's1', name: 'Again', timeZone: 'Asia/Shanghai' }, 409, /already exists/],
      ['POST', '/admin/stores', { id: 'bad id!', name: 'X', timeZone: 'UTC' }, 400, /id/],
      ['POST', '/admin/tills', { storeId: 'nowhere' }, 404, /no store/],
      ['POST', '/admin/campaigns', { id: 2, name: 'No benefit', rules: {} }, 400, /benefit/],
      ['POST', '/admin/campaigns', { id: 1, name: 'Dup', benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }, 409, /already exists/],
      ['PUT', '/admin/campaigns/1', { id: 2, name: 'X', benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }, 400, /differs/],
      ['POST', '/admin/campaigns/99/end', undefined, 404, /no campaign 99/],
      ['POST', '/admin/codes/mint', { campaignId: 1, count: 0 }, 400, /count/],
      ['POST', '/admin/codes/mint', { campaignId: 99, count: 1 }, 404, /no campaign/],
      ['POST', '/admin/codes/revoke', { couponKeys: ['not-a-key'], reason: 'lost batch' }, 400, /coupon key/],
      ['POST', `/admin/conflicts/${newId()}/resolve`, { resolution: 'charged_back', note: 'store pays' }, 404, /no conflict/],
      ['POST', `/admin/conflicts/${newId()}/resolve`, { resolution: 'refund', note: 'x' }, 400, /resolution/],
      ['GET', '/admin/codes/export?campaignId=abc', undefined, 400, /campaignId/],
    ];
    for (const [method, p, body, status, message] of cases) {
      const r = await hq.admin.call<{ error: string; message: string }>(method, p, body);
      expect({ p, status: r.status }).toEqual({ p, status });
      expect(r.body.message).toMatch(message);
    }
    const bad = await fetch(`${hq.url}/admin/stores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
      body: '{"id": ',
    });
    expect(bad.status).toBe(400);
    const csv = await hq.admin.call<{ message: string }>('POST', '/admin/codes/import?campaignId=1', 'code\n\n', 'text/csv');
    expect(csv.status).toBe(400);
    expect(await hq.admin.ok('GET', '/admin/stores')).toHaveLength(2);
  });

  it('enrollment tokens work once; sync calls need a till credential', async () => {
    const token = await hq.admin.enrollmentToken('s1');
    const enroll = () => fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect((await enroll()).status).toBe(200);
    const again = await enroll();
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/already used/);
    expect((await fetch(`${hq.url}/v1/sync/pull?since=0`)).status).toBe(401);
    expect((await fetch(`${hq.url}/v1/sync/pull?since=0`, { headers: { authorization: 'Bearer ' + 'x'.repeat(43) } })).status).toBe(401);
  });

  it('applies each pushed item once by id: duplicates answered, a different body with the same id is a 409', async () => {
    const till = await enrollTill(hq, 's1');
    const [code] = await hq.admin.mint(1, 1);
    const item = till.upload(code!.couponKey);
    const first = await till.push([item, { junk: true }]);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ id: item.id, status: 'applied', verdict: 'accepted' });
    expect(first.body.results[1]).toMatchObject({ status: 'rejected', httpStatus: 400 });
    const again = await till.push([item, item]);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const changed = await till.push([{ ...item, discountMinor: 1 }]);
    expect(changed.body.results[0]).toMatchObject({ status: 'rejected', httpStatus: 409 });
    const rows = await hq.admin.ok<{ id: string }[]>('GET', '/admin/redemptions');
    expect(rows.map((r) => r.id)).toEqual([item.id]);
  });

  it('a till cannot push, void or claim for another store or till', async () => {
    const t1 = await enrollTill(hq, 's1');
    const t2 = await enrollTill(hq, 's2');
    const [code] = await hq.admin.mint(1, 1);
    const forged = t2.upload(code!.couponKey, { storeId: 's1' });
    const asOther = t2.upload(code!.couponKey, { tillId: t1.tillId, storeId: 's1' });
    const r = await t2.push([forged, asOther]);
    expect(r.body.results.map((x) => x.httpStatus)).toEqual([403, 403]);
    const mine = t1.upload(code!.couponKey);
    await t1.push([mine]);
    const voidOfOther = t2.upload(code!.couponKey, { kind: 'void', voidsId: mine.id });
    expect((await t2.push([voidOfOther])).body.results[0]).toMatchObject({ status: 'rejected', httpStatus: 403 });
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(1);
  });

  it('pages the rule set: many plain codes arrive over several pages, each chained to the last', async () => {
    const till = await enrollTill(hq, 's1');
    const codes = Array.from({ length: 12_000 }, (_, i) => `PLAIN-${i}`);
    const imported = await hq.admin.ok<{ imported: number }>('POST', '/admin/codes/import?campaignId=1', 'code\n' + codes.join('\n'), 'text/csv');
    expect(imported.imported).toBe(12_000);
    let last: PullResponse['update'] = null;
    let pages = 0;
    const hashes = new Set<string>();
    for (;;) {
      const query: string = pullFrom(last);
      const r = await till.call<PullResponse>('GET', `/v1/sync/pull?${query}&limit=2`);
      expect(r.status).toBe(200);
      if (!r.body.update) break;
      expect(r.body.update.fromVersion).toBe(last?.toVersion ?? 0);
      expect(r.body.update.reset).toBe(last === null);
      for (const p of r.body.update.plainCodes) hashes.add(p.hash);
      last = r.body.update;
      pages++;
      if (!r.body.more) break;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(hashes.size).toBe(12_000);
    const atHead = (await till.call<PullResponse>('GET', `/v1/sync/pull?${pullFrom(last)}`)).body;
    expect([last!.toVersion, last!.storeToVersion]).toEqual([atHead.head, atHead.storeHead]);
  });

  it('claims: one till holds the code, the next is refused; revoked codes are refused', async () => {
    const t1 = await enrollTill(hq, 's1');
    const t2 = await enrollTill(hq, 's2');
    const [a, b] = await hq.admin.mint(1, 2);
    const claim = (t: typeof t1, couponKey: string, claimId = newId()) =>
      t.call<{ decision: string; reason?: string }>('POST', '/v1/claim', { claimId, couponKey, campaignId: 1 });
    const id = newId();
    expect((await claim(t1, a!.couponKey, id)).body).toMatchObject({ decision: 'claimed', usesLeft: 0 });
    expect((await claim(t1, a!.couponKey, id)).body).toMatchObject({ decision: 'claimed' });
    expect((await claim(t2, a!.couponKey)).body).toMatchObject({ decision: 'refused', reason: 'claimed_elsewhere' });
    await t1.push([t1.upload(a!.couponKey)]);
    expect((await claim(t2, a!.couponKey)).body).toMatchObject({ decision: 'refused', reason: 'claimed_elsewhere' });
    await hq.admin.ok('POST', '/admin/codes/revoke', { couponKeys: [b!.couponKey], reason: 'stolen batch' });
    expect((await claim(t2, b!.couponKey)).body).toMatchObject({ decision: 'refused', reason: 'revoked' });
    expect((await t2.call('POST', '/v1/claim', { claimId: 'x', couponKey: b!.couponKey, campaignId: 1 })).status).toBe(400);
  });

  it('a resolved conflict reaches the losing till as a verdict', async () => {
    const t1 = await enrollTill(hq, 's1');
    const t2 = await enrollTill(hq, 's2');
    const [code] = await hq.admin.mint(1, 1);
    const win = t1.upload(code!.couponKey);
    const lose = t2.upload(code!.couponKey, { hlc: encodeHlc({ wallMs: 1_800_000_000_000, counter: 0, node: t2.tillId }) });
    await t2.push([lose]);
    await t1.push([win]);
    const conflicts = await hq.admin.ok<{ redemptionId: string; kind: string; winnerId: string }[]>('GET', '/admin/conflicts?state=open');
    expect(conflicts).toMatchObject([{ redemptionId: lose.id, kind: 'displaced', winnerId: win.id }]);
    const resolved = await hq.admin.call('POST', `/admin/conflicts/${lose.id}/resolve`, { resolution: 'charged_back', note: 'store 2 pays' });
    expect(resolved.status).toBe(200);
    expect((await hq.admin.call('POST', `/admin/conflicts/${lose.id}/resolve`, { resolution: 'charged_back', note: 'again' })).status).toBe(409);
    const pull = await t2.call<PullResponse>('GET', '/v1/sync/pull?since=0');
    // Unnamed at HQ, the winning till goes by its id; it is of another store than the loser.
    const winner = { tillId: t1.tillId, tillName: t1.tillId, storeId: 's1', redeemedAt: win.createdAt };
    expect(pull.body.update!.verdicts).toEqual([
      { redemptionId: lose.id, status: 'resolved', winnerId: win.id, winner, resolution: 'charged_back', note: 'store 2 pays' },
    ]);
    expect(pull.body.update!.spentElsewhere).toEqual([{ couponKey: code!.couponKey, uses: 1 }]);
    const pull1 = await t1.call<PullResponse>('GET', '/v1/sync/pull?since=0');
    expect(pull1.body.update!.verdicts).toEqual([{ redemptionId: win.id, status: 'accepted' }]);
    expect(pull1.body.update!.spentElsewhere).toEqual([{ couponKey: code!.couponKey, uses: 0 }]);
  });

  for (const order of ['winner first', 'loser first'] as const) {
    it(`a conflict verdict names the winning till, its store and when it redeemed (${order})`, async () => {
      const t1 = await enrollTill(hq, 's1', 'Front till');
      const t2 = await enrollTill(hq, 's1', 'Back till');
      const [code] = await hq.admin.mint(1, 1);
      const win = t1.upload(code!.couponKey, { createdAt: 1_700_000_100_000 });
      const lose = t2.upload(code!.couponKey, { hlc: encodeHlc({ wallMs: 1_800_000_000_000, counter: 0, node: t2.tillId }) });
      for (const [t, item] of order === 'winner first'
        ? ([
            [t1, win],
            [t2, lose],
          ] as const)
        : ([
            [t2, lose],
            [t1, win],
          ] as const)) {
        expect((await t.push([item])).body.results[0]).toMatchObject({ status: 'applied' });
      }
      const winner = { tillId: t1.tillId, tillName: 'Front till', storeId: 's1', redeemedAt: 1_700_000_100_000 };
      const pull = await t2.call<PullResponse>('GET', '/v1/sync/pull?since=0');
      expect(pull.body.update!.verdicts).toEqual([{ redemptionId: lose.id, status: 'conflict', winnerId: win.id, winner }]);
      // The winner's own verdict names no winner.
      expect((await t1.call<PullResponse>('GET', '/v1/sync/pull?since=0')).body.update!.verdicts).toEqual([{ redemptionId: win.id, status: 'accepted' }]);
      await hq.admin.ok('POST', `/admin/conflicts/${lose.id}/resolve`, { resolution: 'accepted_as_loss', note: 'served' });
      const after = await t2.call<PullResponse>('GET', `/v1/sync/pull?${pullFrom(pull.body.update)}`);
      expect(after.body.update!.verdicts).toEqual([
        { redemptionId: lose.id, status: 'resolved', winnerId: win.id, winner, resolution: 'accepted_as_loss', note: 'served' },
      ]);
    });
  }

  it('refuses a createdAt no clock could show (before 1970, after 9999) for that item alone; the rest of the batch applies', async () => {
    const t1 = await enrollTill(hq, 's1');
    const [a, b, c] = await hq.admin.mint(1, 3);
    const answer = await t1.push([t1.upload(a!.couponKey, { createdAt: -5 }), t1.upload(b!.couponKey, { createdAt: 10 ** 15 * 300 }), t1.upload(c!.couponKey)]);
    expect(answer.body.results.map((r) => [r.status, r.httpStatus])).toEqual([
      ['rejected', 400],
      ['rejected', 400],
      ['applied', undefined],
    ]);
    expect(answer.body.results[0]!.error).toMatch(/createdAt/);
  });

  it('exports codes as CSV and QR (PNG, SVG), and describes itself at /openapi.json', async () => {
    const [code] = await hq.admin.mint(1, 1);
    const csv = await hq.admin.ok<string>('GET', '/admin/codes/export?campaignId=1');
    expect(csv.split('\n')[1]).toContain(code!.code);
    const png = await fetch(`${hq.url}/admin/codes/qr?couponKey=${encodeURIComponent(code!.couponKey)}&format=png`, {
      headers: { authorization: `Bearer ${hq.adminToken}` },
    });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const svg = await hq.admin.ok<string>('GET', `/admin/codes/qr?couponKey=${encodeURIComponent(code!.couponKey)}&format=svg`);
    expect(svg).toMatch(/^<svg/);
    const doc = (await (await fetch(`${hq.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/enroll', '/v1/sync/pull', '/v1/sync/push', '/v1/claim', '/admin/campaigns']));
    expect(Object.keys(doc.paths['/v1/claim']!.post!.requestBody!.content['application/json']!.schema.properties!)).toEqual([
      'claimId',
      'couponKey',
      'campaignId',
    ]);
  });
});
