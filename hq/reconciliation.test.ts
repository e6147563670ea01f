import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Reconciliation } from './services/reconciliation';
import type { PriceModifierRecord } from './services/reconciliationExport';
import { enrollPosTill, T0, type PosTestTill } from './posTestSupport';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** Reconciliation per store day (issue 14): every figure finance checks, from one store-day of POS orders. */

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('reconciliation (%s)', (dialect) => {
  let hq: TestHq;
  let till: PosTestTill;

  beforeAll(async () => {
    hq = await startTestHq(dialect, { now: () => T0 + 5_000 });
    await hq.admin.seed({ storeIds: ['s1', 's2'] });
    till = await enrollPosTill(hq, 's1');
    const r = (order: string | null, discountMinor: number, extra = {}) => till.redemption(order, { discountMinor, ...extra });
    const [r1, r2, r3, r4, r5, r6, r7, r8, r9] = [
      r('O-1', 500),
      r('O-1', 300),
      r('O-1', 200),
      r('O-2', 1_000),
      r('O-3', 400),
      r('O-4', 250),
      r('O-5', 150),
      r(null, 600, { receiptNo: 'M-1' }),
      r('O-6', 100),
    ] as const;
    const nextDay = r(null, 70, { createdAt: T0 + DAY });
    // r7 never reaches HQ: O-5's close names a redemption HQ lacks.
    const pushed = await till.push([r1, r2, r3, till.voidOf(r3), r4, r5, r6, till.voidOf(r6), r8, r9, nextDay]);
    expect(pushed.results.every((x) => x.status === 'applied')).toBe(true);
    const other = await enrollPosTill(hq, 's2');
    await other.push([other.redemption('X-1', { discountMinor: 9_999 })]);
    const events = [
      till.closed('O-1', [
        {
          lineId: '1',
          quantity: 2,
          unitPriceMinor: 1_000,
          off: [
            [r1, 300],
            [r2, 300],
          ],
        },
        { lineId: '2', quantity: 1, unitPriceMinor: 700, off: [[r1, 200]] },
      ]),
      till.returned(
        'O-1',
        [{ lineId: '1', quantity: 1 }],
        [
          [r1, '1', 1, 150],
          [r2, '1', 1, 150],
        ],
      ),
      till.closed('O-2', [{ lineId: '1', quantity: 1, unitPriceMinor: 5_000, off: [[r4, 900]] }]),
      till.cancelled('O-4', [r6]),
      till.closed('O-5', [{ lineId: '1', quantity: 1, unitPriceMinor: 5_000, off: [[r7, 150]] }]),
      till.closed('O-6', [{ lineId: 'A', quantity: 1, unitPriceMinor: 100, off: [[r9, 100]] }]),
      till.returned('O-6', [{ lineId: 'A', quantity: 1 }], [[r9, 'A', 1, 100]]),
    ];
    expect((await till.pushOrders(events)).body.results.map((x) => x.reason ?? x.status)).toEqual(Array(7).fill('applied'));
    // O-6's coupon was given back on the return (reinstated): its void arrives through the redemption push.
    expect((await till.push([till.voidOf(r9)])).results[0]!.status).toBe('applied');
  });
  afterAll(() => hq.cleanup());
  afterEach(() => undefined);

  it('counts every figure of the store day, and nothing of another store', async () => {
    const rec = await hq.admin.ok<Reconciliation>('GET', '/admin/reconciliation?storeId=s1&day=2025-06-15');
    expect(rec.days).toHaveLength(1);
    expect(rec.days[0]).toEqual({
      day: '2025-06-15',
      redemptions: { count: 8, discountMinor: 3_350, voidedCount: 3, voidedMinor: 550, conflictCount: 0, conflictMinor: 0 },
      ordersClosed: { count: 4, withCoupons: 4, closeDiscountMinor: 1_950, redemptionDiscountMinor: 1_900, mismatchedRedemptions: 1, missingRedemptions: 1 },
      unclosed: { count: 1, discountMinor: 400 },
      cancellations: { orders: 1, voidedCount: 1, voidedMinor: 250, notVoidedCount: 0 },
      reversals: { returns: 2, count: 3, amountMinor: 400, onReinstatedMinor: 100 },
      netDiscountMinor: 2_500,
    });
    expect(rec.problems.map((p) => [p.kind, p.orderId, p.closeDiscountMinor ?? p.discountMinor])).toEqual([
      ['redemption_discount_mismatch', 'O-2', 900],
      ['redemption_missing', 'O-5', 150],
      ['order_not_closed', 'O-3', 400],
    ]);
    expect(rec).toMatchObject({ storeId: 's1', currency: 'CNY' });
  });

  it('splits a range by store day and totals it', async () => {
    const rec = await hq.admin.ok<Reconciliation>('GET', '/admin/reconciliation?storeId=s1&from=2025-06-14&to=2025-06-16');
    expect(rec.days.map((d) => [d.day, d.redemptions.count, d.netDiscountMinor])).toEqual([
      ['2025-06-15', 8, 2_500],
      ['2025-06-16', 1, 70],
    ]);
    expect(rec.totals.redemptions.count).toBe(9);
    expect(rec.totals.netDiscountMinor).toBe(2_570);
  });

  it('exports one price modifier per sold line, returned line and manual basket, as JSON lines and CSV', async () => {
    const jsonl = await hq.admin.call<string>('GET', '/admin/reconciliation/export?storeId=s1&day=2025-06-15&format=jsonl');
    expect(jsonl.status).toBe(200);
    const records = String(jsonl.body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PriceModifierRecord);
    expect(records).toHaveLength(10);
    const sum = (type: string) => records.filter((x) => x.recordType === type).reduce((s, x) => s + x.retailPriceModifier.amountMinor, 0);
    expect([sum('sale'), sum('return')]).toEqual([2_550, 400]);
    expect(records[0]).toEqual({
      recordType: 'sale',
      retailStoreId: 's1',
      workstationId: till.tillId,
      businessDayDate: '2025-06-15',
      transactionId: 'O-1',
      receiptNo: 'R-O-1',
      currency: 'CNY',
      lineItem: {
        sequenceNumber: '1',
        itemId: 'SKU-1',
        merchandiseHierarchy: null,
        quantity: 2,
        regularSalesUnitPriceMinor: 1_000,
        extendedAmountMinor: 2_000,
      },
      retailPriceModifier: { promotionId: 1, couponKey: expect.stringMatching(/^p:/), referenceId: expect.any(String), amountMinor: 300, action: 'subtract' },
    });
    expect(records.find((x) => x.receiptNo === 'M-1')).toMatchObject({ transactionId: null, lineItem: null, retailPriceModifier: { amountMinor: 600 } });
    const csv = await hq.admin.call<string>('GET', '/admin/reconciliation/export?storeId=s1&day=2025-06-15');
    const rows = String(csv.body).trim().split('\r\n');
    expect(rows[0]).toMatch(/^record_type,retail_store_id,workstation_id,business_day_date,transaction_id,receipt_no/);
    expect(rows).toHaveLength(11);
    expect(rows.filter((x) => x.startsWith('return,'))).toHaveLength(3);
  });

  it('refuses a bad range or store with a stable reason and a 4xx; every admin role may read it', async () => {
    const bad = async (q: string) => {
      const r = await hq.admin.call<{ error: string }>('GET', `/admin/reconciliation?${q}`);
      return `${r.status} ${r.body.error}`;
    };
    expect(await bad('storeId=s1&day=2025-02-30')).toBe('400 bad_day');
    expect(await bad('storeId=s1&from=2025-06-16&to=2025-06-15')).toBe('400 bad_range');
    expect(await bad('storeId=s1&from=2024-01-01&to=2025-06-15')).toBe('400 bad_range');
    expect(await bad('storeId=nope&day=2025-06-15')).toBe('404 unknown_store');
    expect((await bad('storeId=s1')).startsWith('400')).toBe(true);
    expect((await bad('storeId=s1&day=2025-06-15&from=2025-06-15&to=2025-06-15')).startsWith('400')).toBe(true);
    expect((await bad('storeId=s1&day=2025-06-15&format=csv')).startsWith('400')).toBe(true);
    expect((await hq.admin.call('GET', '/admin/reconciliation/export?storeId=s1&day=2025-06-15&format=xml')).status).toBe(400);
    expect((await fetch(`${hq.url}/admin/reconciliation?storeId=s1&day=2025-06-15`)).status).toBe(401);
    const auditor = await hq.admin.ok<{ token: string }>('POST', '/admin/accounts', { name: 'Finance', role: 'auditor' });
    const r = await fetch(`${hq.url}/admin/reconciliation?storeId=s1&day=2025-06-15`, { headers: { authorization: `Bearer ${auditor.token}` } });
    expect(r.status).toBe(200);
  });
});
