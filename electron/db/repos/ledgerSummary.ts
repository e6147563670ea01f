import type Database from 'better-sqlite3';
import { nextStoreDay, storeDayAndHour, storeDayOf, storeDayStart } from '../../../shared/storeDay';
import { stmt } from '../statements';
// The row filter of the log (conditions) is shared with listLedger, so the breakdown counts the same rows.
import { conditions as conditionsFor, ledgerTotals, type LedgerFilter, type LedgerPage } from './ledgerLog';
import { addInto, sumTotals, totalsBy, ZERO, type Measures, type TotalDimension } from './ledgerTotals';

/**
 * The log's totals and breakdowns for a filter: from the running totals (ledgerTotals.ts) when
 * the filter is store days plus at most one of campaign, cashier, till or sync state; else by
 * counting the matching rows (their cost grows with how many match, so callers memoise).
 */

export type Totals = LedgerPage['totals'];

/** Per campaign, cashier, till or hour: redemptions and voids apart. */
export interface BreakdownRow {
  key: string;
  /** Live redemptions and their discount. */
  redeemed: number;
  discountMinor: number;
  /** Redemptions voided since, and void entries. */
  voided: number;
  voids: number;
}

export interface LedgerBreakdown {
  campaigns: BreakdownRow[];
  cashiers: BreakdownRow[];
  tills: BreakdownRow[];
  /** Store hours 0-23 that had any entry, in order. */
  hours: BreakdownRow[];
  /** 'rollup' (running totals) or 'scan' (counted from the matching rows). */
  source: 'rollup' | 'scan';
}

/** A filter in store days becomes UTC bounds for the row queries (`to` exclusive). */
export function withDayBounds(f: LedgerFilter, timeZone: string): LedgerFilter {
  const out = { ...f };
  if (f.fromDay !== undefined) out.from = Math.max(f.from ?? -Infinity, storeDayStart(f.fromDay, timeZone));
  if (f.toDay !== undefined) out.to = Math.min(f.to ?? f.until ?? Infinity, storeDayStart(nextStoreDay(f.toDay), timeZone));
  return out;
}

interface Plan {
  range: { fromDay?: string; toDay?: string };
  dim: TotalDimension;
  keys: string[];
}

/** Store days of a filter, when its bounds fall on store-day starts; null when they do not. */
function dayRange(f: LedgerFilter, timeZone: string): Plan['range'] | null {
  const range: Plan['range'] = {};
  const from = f.from;
  const to = f.to ?? f.until;
  if (f.fromDay !== undefined) range.fromDay = f.fromDay;
  if (f.toDay !== undefined) range.toDay = f.toDay;
  if (from !== undefined) {
    const day = storeDayOf(from, timeZone);
    if (storeDayStart(day, timeZone) !== from || (range.fromDay !== undefined && range.fromDay !== day)) return null;
    range.fromDay = day;
  }
  if (to !== undefined) {
    const day = storeDayOf(to - 1, timeZone);
    if (storeDayStart(nextStoreDay(day), timeZone) !== to || (range.toDay !== undefined && range.toDay !== day)) return null;
    range.toDay = day;
  }
  return range;
}

const SYNC_STATES = ['pending', 'accepted', 'conflict', 'resolved'];

function plan(f: LedgerFilter, timeZone: string): Plan | null {
  const range = dayRange(f, timeZone);
  if (!range) return null;
  let states: string[] | null = null;
  if (f.conflictsOnly) states = ['conflict', 'resolved'];
  else if (f.syncState !== undefined) states = [f.syncState];
  if (f.status !== undefined && SYNC_STATES.includes(f.status)) states = (states ?? SYNC_STATES).filter((s) => s === f.status);
  const dims: Plan[] = [];
  if (f.campaignId !== undefined) dims.push({ range, dim: 'campaign', keys: [String(f.campaignId)] });
  if (f.cashierId !== undefined) dims.push({ range, dim: 'cashier', keys: [f.cashierId] });
  if (f.tillId !== undefined) dims.push({ range, dim: 'till', keys: [f.tillId] });
  if (states) dims.push({ range, dim: 'state', keys: states });
  if (dims.length > 1) return null;
  return dims[0] ?? { range, dim: 'all', keys: [''] };
}

/** Whether the running totals answer this filter's totals (else they are counted from the rows). */
export function usesRunningTotals(f: LedgerFilter, timeZone: string): boolean {
  return plan(f, timeZone) !== null;
}

/** The log's totals from the measures, as the status filter counts them (see ledgerLog.conditions). */
function totalsOf(m: Measures, status: LedgerFilter['status']): Totals {
  if (status === 'redeemed') return { count: m.redeemed, redeemedCount: m.redeemed, voidedCount: 0, voidCount: 0, discountMinor: m.discountMinor };
  if (status === 'voided') {
    return { count: m.voidedRedemptions + m.voids, redeemedCount: 0, voidedCount: m.voidedRedemptions, voidCount: m.voids, discountMinor: 0 };
  }
  return { count: m.entries, redeemedCount: m.redeemed, voidedCount: m.voidedRedemptions, voidCount: m.voids, discountMinor: m.discountMinor };
}

/** Totals over every row matching the filter: from the running totals when it can, else counted. */
export function filterTotals(db: Database.Database, f: LedgerFilter, timeZone: string): Totals {
  const p = plan(f, timeZone);
  if (p) return totalsOf(sumTotals(db, p.range, p.dim, p.keys), f.status);
  return ledgerTotals(db, withDayBounds(f, timeZone));
}

const row = (key: string, m: Measures): BreakdownRow => ({
  key,
  redeemed: m.redeemed,
  discountMinor: m.discountMinor,
  voided: m.voidedRedemptions,
  voids: m.voids,
});

/** Per campaign, cashier, till and store hour over the filter. */
export function filterBreakdown(db: Database.Database, f: LedgerFilter, timeZone: string): LedgerBreakdown {
  const p = plan(f, timeZone);
  // The running totals hold one dimension at a time: a breakdown under a dimension filter is counted.
  if (p && p.dim === 'all' && f.status === undefined) {
    const by = (dim: TotalDimension) => totalsBy(db, p.range, dim).map((r) => row(r.key, r.m));
    return { campaigns: by('campaign'), cashiers: by('cashier'), tills: by('till'), hours: by('hour'), source: 'rollup' };
  }
  return scanBreakdown(db, withDayBounds(f, timeZone), timeZone);
}

/**
 * The breakdown counted from the matching rows: grouped in SQL by campaign, cashier, till and
 * UTC quarter hour (every zone's offset is a whole number of quarter hours), then folded by store hour.
 */
function scanBreakdown(db: Database.Database, f: LedgerFilter, timeZone: string): LedgerBreakdown {
  const { where, params } = conditionsFor(f);
  const rows = stmt<unknown[], { campaign_id: number; cashier_id: string; till_id: string; q: number; kind: string; voided: number; n: number; d: number }>(
    db,
    `SELECT campaign_id, cashier_id, till_id, created_at / 900000 AS q, kind, voided, count(*) AS n, sum(discount_minor) AS d
     FROM redemptions${where.length ? ' WHERE ' + where.join(' AND ') : ''} GROUP BY 1, 2, 3, 4, 5, 6`,
  ).all(...params);
  const maps = {
    campaigns: new Map<string, Measures>(),
    cashiers: new Map<string, Measures>(),
    tills: new Map<string, Measures>(),
    hours: new Map<string, Measures>(),
  };
  for (const r of rows) {
    const m: Measures = {
      entries: r.n,
      redeemed: r.kind === 'redeem' && !r.voided ? r.n : 0,
      discountMinor: r.kind === 'redeem' && !r.voided ? r.d : 0,
      voidedRedemptions: r.kind === 'redeem' && r.voided ? r.n : 0,
      voidedDiscountMinor: r.kind === 'redeem' && r.voided ? r.d : 0,
      voids: r.kind === 'void' ? r.n : 0,
    };
    const hour = String(storeDayAndHour(r.q * 900000, timeZone).hour).padStart(2, '0');
    for (const [map, key] of [
      [maps.campaigns, String(r.campaign_id)],
      [maps.cashiers, r.cashier_id],
      [maps.tills, r.till_id],
      [maps.hours, hour],
    ] as const) {
      map.set(key, addInto(map.get(key) ?? { ...ZERO }, m));
    }
  }
  const list = (m: Map<string, Measures>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => row(k, v));
  return { campaigns: list(maps.campaigns), cashiers: list(maps.cashiers), tills: list(maps.tills), hours: list(maps.hours), source: 'scan' };
}
