import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDayAndHour } from '../../../shared/storeDay';
import { makeTill, STORE, type TillKit } from '../../services/testing/tillKit';
import { applyHqVerdict, markSynced } from './ledger';
import { conditions, ledgerTotals, type LedgerFilter } from './ledgerLog';
import { filterBreakdown, filterTotals, usesRunningTotals, withDayBounds } from './ledgerSummary';
import { rebuildLedgerTotals, sumTotals, totalsBy } from './ledgerTotals';

/**
 * The running totals always equal a full recount of the ledger, whatever happens to it:
 * redemptions at any hour of any day, voids, HQ verdicts (accepted, conflict, resolved) and
 * deliveries, in any order.
 */
type Op =
  | { op: 'redeem'; campaign: 1 | 3 | 5; total: number; cashier: number }
  | { op: 'void'; pick: number }
  | { op: 'verdict'; pick: number; status: 'accepted' | 'conflict' | 'resolved' }
  | { op: 'deliver'; pick: number }
  | { op: 'wait'; minutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('redeem' as const),
      campaign: fc.constantFrom(1 as const, 3 as const, 5 as const),
      total: fc.integer({ min: 1000, max: 30_000 }),
      cashier: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('verdict' as const),
      pick: fc.nat(),
      status: fc.constantFrom('accepted' as const, 'conflict' as const, 'resolved' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 600 }) }) },
);

interface Row {
  id: string;
  kind: string;
  voided: number;
  created_at: number;
  campaign_id: number;
  cashier_id: string;
  till_id: string;
  sync_state: string;
  discount_minor: number;
}

/** The totals recounted from every ledger row, written out without the repo's helpers. */
function recount(till: TillKit): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const rows = till.db
    .prepare('SELECT id, kind, voided, created_at, campaign_id, cashier_id, till_id, sync_state, discount_minor FROM redemptions')
    .all() as Row[];
  for (const r of rows) {
    const { day, hour } = storeDayAndHour(r.created_at, STORE.timeZone);
    const live = r.kind === 'redeem' && !r.voided;
    const gone = r.kind === 'redeem' && r.voided === 1;
    const add = [1, live ? 1 : 0, live ? r.discount_minor : 0, gone ? 1 : 0, gone ? r.discount_minor : 0, r.kind === 'void' ? 1 : 0];
    for (const k of [
      `all|`,
      `campaign|${r.campaign_id}`,
      `cashier|${r.cashier_id}`,
      `till|${r.till_id}`,
      `hour|${String(hour).padStart(2, '0')}`,
      `state|${r.sync_state}`,
    ]) {
      const key = `${day}|${k}`;
      const sum = out.get(key) ?? [0, 0, 0, 0, 0, 0];
      out.set(
        key,
        sum.map((v, i) => v + add[i]!),
      );
    }
  }
  return out;
}

function stored(till: TillKit): Map<string, number[]> {
  const rows = till.db
    .prepare('SELECT store_day, dim, key, entries, redeemed, discount_minor, voided_redemptions, voided_discount_minor, voids FROM ledger_totals')
    .all() as { store_day: string; dim: string; key: string; [m: string]: number | string }[];
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const m = [r.entries, r.redeemed, r.discount_minor, r.voided_redemptions, r.voided_discount_minor, r.voids] as number[];
    if (m.some((v) => v !== 0)) out.set(`${r.store_day}|${r.dim}|${r.key}`, m);
  }
  return out;
}

function run(till: TillKit, ops: Op[]): void {
  let serial = 0;
  const ids: string[] = [];
  for (const o of ops) {
    if (o.op === 'wait') till.clock.now += o.minutes * 60_000;
    else if (o.op === 'redeem') {
      const r = till.service.redeem(
        { code: till.mint(o.campaign, ++serial), basket: { id: `b${serial}`, totalMinor: o.total }, source: 'manual' },
        { cashierId: `cashier-${o.cashier}` },
      );
      if (r.redemption) ids.push(r.redemption.id);
    } else if (ids.length === 0) continue;
    else if (o.op === 'void') {
      try {
        ids.push(till.service.voidRedemption({ redemptionId: ids[o.pick % ids.length]!, reason: 'property test' }, { actorId: 'mgr' }).id);
      } catch {
        // already voided, or a void itself: refused, nothing written
      }
    } else if (o.op === 'verdict') {
      till.db.transaction(() => applyHqVerdict(till.db, { redemptionId: ids[o.pick % ids.length]!, status: o.status }))();
    } else {
      till.db.transaction(() => markSynced(till.db, [ids[o.pick % ids.length]!]))();
    }
  }
}

describe('running totals (property)', () => {
  it('equal a full recount after any sequence of redemptions, voids, verdicts and deliveries', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const till = makeTill();
        try {
          run(till, ops);
          expect(stored(till)).toEqual(recount(till));
          // And a rebuild (what migration 46 does) counts the same.
          till.db.transaction(() => rebuildLedgerTotals(till.db))();
          expect(stored(till)).toEqual(recount(till));
        } finally {
          till.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers a day range and one key, and breaks a range down by key', () => {
    const till = makeTill();
    try {
      run(till, [
        { op: 'redeem', campaign: 1, total: 10_000, cashier: 1 },
        { op: 'redeem', campaign: 3, total: 10_000, cashier: 2 },
        { op: 'wait', minutes: 24 * 60 },
        { op: 'redeem', campaign: 1, total: 10_000, cashier: 1 },
        { op: 'void', pick: 2 },
      ]);
      // NOON is 2026-11-23 12:00 in Shanghai; the last two happen on the 24th.
      expect(sumTotals(till.db, { fromDay: '2026-11-23', toDay: '2026-11-23' }, 'all', [''])).toMatchObject({ entries: 2, redeemed: 2, discountMinor: 2000 });
      expect(sumTotals(till.db, {}, 'campaign', ['1'])).toMatchObject({ entries: 3, redeemed: 1, voidedRedemptions: 1, voids: 1, discountMinor: 500 });
      expect(sumTotals(till.db, { fromDay: '2026-11-24' }, 'all', [''])).toMatchObject({ entries: 2, redeemed: 0, voidedRedemptions: 1, voids: 1 });
      expect(totalsBy(till.db, {}, 'cashier').map((r) => [r.key, r.m.entries])).toEqual([
        ['cashier-1', 2],
        ['cashier-2', 1],
        ['mgr', 1],
      ]);
      expect(totalsBy(till.db, { toDay: '2026-11-23' }, 'hour').map((r) => r.key)).toEqual(['12']);
    } finally {
      till.close();
    }
  });
});

const filterArb: fc.Arbitrary<Omit<LedgerFilter, 'limit'>> = fc.record(
  {
    fromDay: fc.constantFrom('2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'),
    toDay: fc.constantFrom('2026-11-23', '2026-11-24', '2026-11-26'),
    campaignId: fc.constantFrom(1, 3, 5),
    cashierId: fc.constantFrom('cashier-1', 'cashier-2', 'mgr'),
    status: fc.constantFrom('redeemed' as const, 'voided' as const, 'pending' as const, 'conflict' as const, 'accepted' as const),
    conflictsOnly: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('log totals and breakdowns from the running totals', () => {
  it('equal what counting the matching rows gives, for any filter', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.array(filterArb, { minLength: 1, maxLength: 8 }), (ops, filters) => {
        const till = makeTill();
        try {
          run(till, ops);
          for (const f of filters) {
            const filter = { ...f, limit: 10 };
            const bounded = withDayBounds(filter, STORE.timeZone);
            expect(filterTotals(till.db, filter, STORE.timeZone), JSON.stringify(f)).toEqual(ledgerTotals(till.db, bounded));
            const b = filterBreakdown(till.db, filter, STORE.timeZone);
            // The scan's breakdown, by hand: every matching row, per campaign.
            const { where, params } = conditions(bounded);
            const perCampaign = till.db
              .prepare(
                `SELECT campaign_id AS k, sum(kind = 'redeem' AND voided = 0) AS r, sum(kind = 'void') AS v FROM redemptions${where.length ? ' WHERE ' + where.join(' AND ') : ''} GROUP BY 1 ORDER BY 1`,
              )
              .all(...params) as { k: number; r: number; v: number }[];
            expect(b.campaigns.map((c) => [Number(c.key), c.redeemed, c.voids]).sort((x, y) => x[0]! - y[0]!)).toEqual(perCampaign.map((c) => [c.k, c.r, c.v]));
          }
          // Days alone (and one campaign, cashier or sync state) are answered from the running totals.
          expect(usesRunningTotals({ fromDay: '2026-11-23', toDay: '2026-11-23', campaignId: 1, limit: 1 }, STORE.timeZone)).toBe(true);
          expect(usesRunningTotals({ campaignId: 1, cashierId: 'c', limit: 1 }, STORE.timeZone)).toBe(false);
          expect(usesRunningTotals({ from: 1, limit: 1 }, STORE.timeZone)).toBe(false);
        } finally {
          till.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
