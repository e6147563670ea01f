import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import type { PushResponse } from '../shared/sync';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * Issue 11 items 5 and 6: every integer has its real range and every text field refuses NUL, so
 * SQLite and PostgreSQL give the same 400 (never a 500); names refuse control, bidi and lone
 * surrogate characters; one bad item of a push never holds back the good ones.
 */

const BIG = 2 ** 32;
const BAD_NAMES: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['RLO', 'Shop \u202Egpj.exe'],
  ['lone surrogate', 'x\ud800y'],
  ['newline', 'two\nlines'],
  ['CR', 'a\rb'],
  ['BEL', 'a\u0007'],
];

async function enrollTill(hq: TestHq, storeId: string, deviceName?: string) {
  const token = await hq.admin.enrollmentToken(storeId);
  const res = await fetch(`${hq.url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...(deviceName !== undefined ? { deviceName } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as { tillId: string; credential: string; message?: string } };
}

describe.each(TEST_DIALECTS)('HQ input ranges and text (%s)', (dialect) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed({ storeIds: ['s1'] });
  });
  afterEach(() => hq.cleanup());

  it('5. an out-of-range campaign id in a push refuses that item alone; the good one is stored', async () => {
    const { body: till } = await enrollTill(hq, 's1');
    const [code] = await hq.admin.mint(1, 1);
    let wall = Date.now();
    const upload = (extra: Partial<RedemptionUpload>): RedemptionUpload => ({
      id: newId(),
      kind: 'redeem',
      voidsId: null,
      couponKey: code!.couponKey,
      campaignId: 1,
      storeId: 's1',
      tillId: till.tillId,
      cashierId: 'c1',
      basketId: newId(),
      basketTotalMinor: 10_000,
      discountMinor: 2_000,
      memberId: null,
      source: 'manual',
      hlc: encodeHlc({ wallMs: wall++, counter: 0, node: till.tillId }),
      createdAt: wall,
      reason: null,
      approvedBy: null,
      ...extra,
    });
    const items = [
      upload({ campaignId: BIG }),
      upload({ couponKey: `s:${BIG}:1`, campaignId: BIG }),
      upload({ cashierId: 'c\u0000' }),
      upload({ reason: 'why\u202E' }),
      upload({ source: 'wedge\n' }),
      upload({}),
    ];
    const r = await fetch(`${hq.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${till.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    expect(r.status).toBe(200);
    const answer = (await r.json()) as PushResponse;
    expect(answer.results.map((x) => x.httpStatus ?? x.status)).toEqual([400, 400, 400, 400, 400, 'applied']);
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/redemptions')).toHaveLength(1);
  });

  it('5. out-of-range ids and NUL in any text field or query parameter are a 400, never a 500', async () => {
    const cases: [string, string, unknown][] = [
      ['GET', `/admin/codes/export?campaignId=${BIG}`, undefined],
      ['POST', `/admin/campaigns/${BIG}/end`, undefined],
      ['PUT', `/admin/campaigns/${BIG}`, { id: BIG, name: 'x', benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }],
      ['POST', '/admin/codes/mint', { campaignId: BIG, count: 1 }],
      ['POST', '/admin/stores', { id: 's9', name: 'a\u0000b', timeZone: 'Asia/Shanghai' }],
      ['POST', '/admin/tills', { storeId: 's1', name: 'till\u0000' }],
      ['POST', '/admin/codes/revoke', { couponKeys: ['s:1:1'], reason: 'stolen\u0000' }],
      ['GET', '/admin/redemptions?storeId=%00', undefined],
      ['GET', '/admin/redemptions?couponKey=s%3A1%3A1%00', undefined],
      ['GET', '/admin/users?storeId=s1%00', undefined],
    ];
    for (const [method, path, body] of cases) {
      const r = await hq.admin.call(method, path, body);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
    }
    expect((await enrollTill(hq, 's1', 'Till\u0000One')).status).toBe(400);
    expect(await hq.admin.ok<unknown[]>('GET', '/admin/stores')).toHaveLength(1);
  });

  it('6. names refuse control, bidi-override and unpaired-surrogate characters everywhere', async () => {
    for (const [what, name] of BAD_NAMES) {
      const refused = [
        await hq.admin.call('POST', '/admin/stores', { id: 's9', name, timeZone: 'Asia/Shanghai' }),
        await hq.admin.call('POST', '/admin/tills', { storeId: 's1', name }),
        await hq.admin.call('POST', '/admin/campaigns', { id: 9, name, benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }),
        await hq.admin.call('POST', '/admin/users', { name, role: 'cashier', storeId: 's1', pin: '4821' }),
      ];
      expect({ what, statuses: refused.map((r) => r.status) }).toEqual({ what, statuses: [400, 400, 400, 400] });
      expect((await enrollTill(hq, 's1', name)).status, what).toBe(400);
    }
    // A name with CJK, emoji (a surrogate pair) and an accent is fine.
    expect((await hq.admin.call('POST', '/admin/stores', { id: 's9', name: '演示门店 🛒 Café', timeZone: 'Asia/Shanghai' })).status).toBe(200);
  });
});
