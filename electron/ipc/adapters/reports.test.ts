import { afterEach, describe, expect, it } from 'vitest';
import { applyHqVerdict } from '../../db/repos/ledger';
import { makeTill, NOON, type TillKit } from '../../services/testing/tillKit';
import { createReportsPort } from './reports';

let till: TillKit;
afterEach(() => till?.close());

const HOUR = 3_600_000;

/** NOON is 2026-11-23 12:00 in Shanghai (the kit's store). */
function dayWithEverything() {
  till = makeTill();
  till.db
    .prepare(`INSERT INTO users (id, name, role, pin_hash, origin, created_at, updated_at) VALUES ('c1', 'Cashier Chen 陈', 'cashier', 'x', 'local', 0, 0)`)
    .run();
  const redeem = (campaign: number, serial: number, cashier = 'c1', total = 20_000) =>
    till.service.redeem({ code: till.mint(campaign, serial), basket: { id: `b${serial}`, totalMinor: total }, source: 'wedge' }, { cashierId: cashier })!
      .redemption!;
  const a = redeem(1, 1); // cash ¥5, 12:00
  till.clock.now += HOUR;
  const b = redeem(3, 2, 'c2'); // threshold: ¥40 off 200, 13:00
  const c = redeem(1, 3);
  till.service.voidRedemption({ redemptionId: c.id, reason: 'customer changed mind' }, { actorId: 'c2' });
  till.db.transaction(() => applyHqVerdict(till.db, { redemptionId: b.id, status: 'conflict', winnerId: a.id }))();
  till.clock.now += 12 * HOUR; // the next day at 01:00
  redeem(1, 4);
  return { a, b, c };
}

describe('end-of-day report', () => {
  it('counts one store day: per campaign and type, cashier, hour; voids with reasons, conflicts, unsynced', () => {
    const { b, c } = dayWithEverything();
    const port = createReportsPort(till.service, till.db, () => till.clock.now);
    const r = port.day('2026-11-23');
    expect(r).toMatchObject({ day: '2026-11-23', timeZone: 'Asia/Shanghai', currency: 'CNY', from: NOON - 12 * HOUR, to: NOON + 12 * HOUR });
    expect(r.totals).toEqual({ count: 4, redeemedCount: 2, voidedCount: 1, voidCount: 1, discountMinor: 500 + 4000 });
    expect(r.campaigns.map((x) => [x.name, x.type, x.redeemed, x.discountMinor, x.voided, x.voids])).toEqual([
      ['Cash 5', 'cash', 1, 500, 1, 1],
      ['Spend 99 get 15', 'threshold', 1, 4000, 0, 0],
    ]);
    expect(r.types.map((x) => [x.key, x.redeemed, x.discountMinor])).toEqual([
      ['cash', 1, 500],
      ['threshold', 1, 4000],
    ]);
    expect(r.cashiers.map((x) => [x.key, x.name, x.redeemed])).toEqual([
      ['c1', 'Cashier Chen 陈', 1],
      ['c2', null, 1],
    ]);
    expect(r.hours).toHaveLength(24);
    expect(r.hours.filter((h) => h.redeemed + h.voided + h.voids > 0).map((h) => [h.key, h.redeemed, h.voided, h.voids])).toEqual([
      ['12', 1, 0, 0],
      ['13', 1, 1, 1],
    ]);
    expect(r.voids.map((v) => [v.voidsId, v.reason, v.syncState])).toEqual([[c.id, 'customer changed mind', 'pending']]);
    expect(r.conflicts.map((x) => [x.redemption.id, x.status])).toEqual([[b.id, 'conflict']]);
    expect(r.unsynced).toEqual({ count: 4, oldestAt: NOON, waitingAll: 5 });
    // Today by default (the clock is on the 24th now).
    expect(port.day(undefined).day).toBe('2026-11-24');
  });

  it('exports CSV with decimal money, its currency, store-local and UTC times, and no member ids', () => {
    dayWithEverything();
    const csv = createReportsPort(till.service, till.db, () => till.clock.now).dayCsv('2026-11-23').csv;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,name,coupon_type,redemptions,discount,voided,voids,currency,time_local,time_utc,cashier,reason,state');
    expect(lines[1]).toBe('summary,2026-11-23,Nanjing Road,,2,45.00,1,1,CNY,2026-11-23 00:00:00,2026-11-22T16:00:00.000Z,,,Asia/Shanghai');
    expect(lines).toContain('campaign,3,Spend 99 get 15,threshold,1,40.00,0,0,CNY,,,,,');
    expect(lines.find((l) => l.startsWith('void,'))).toMatch(
      /^void,[0-9a-f-]{36},Cash 5,,,5\.00,,1,CNY,2026-11-23 13:00:00,2026-11-23T05:00:00\.000Z,c2,customer changed mind,pending$/,
    );
    expect(csv).not.toMatch(/member/);
  });

  it('refuses a day that is not one', () => {
    till = makeTill();
    expect(() => createReportsPort(till.service, till.db).day('2026-02-30')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});
