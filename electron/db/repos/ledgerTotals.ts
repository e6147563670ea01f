import type Database from 'better-sqlite3';
import { storeDayAndHour } from '../../../shared/storeDay';
import { stmt } from '../statements';

/**
 * Running totals of the ledger, per store day and one dimension at a time: the whole day
 * ('all'), each campaign, cashier, till, store hour (0-23) and sync state. They change in the
 * same transaction as the ledger row they count (insert, void, HQ verdict, delivery), so the
 * manager's log totals and the end-of-day figures read a few hundred rows instead of the ledger.
 * Migration 46 builds them for ledgers written before; `rebuildLedgerTotals` does it again
 * whenever the store's time zone changes (store days move with it).
 */

export const TOTAL_DIMENSIONS = ['all', 'campaign', 'cashier', 'till', 'hour', 'state'] as const;
export type TotalDimension = (typeof TOTAL_DIMENSIONS)[number];

/** What one ledger row adds to the totals it belongs to. */
export interface Measures {
  entries: number;
  /** Live redemptions (not voided) and their discount. */
  redeemed: number;
  discountMinor: number;
  /** Redemptions voided since, and the discount they gave back. */
  voidedRedemptions: number;
  voidedDiscountMinor: number;
  /** Void entries (a void is a ledger row of its own). */
  voids: number;
}

/** The ledger columns the totals are made from. */
export interface TotalsSource {
  created_at: number;
  kind: 'redeem' | 'void';
  voided: number;
  campaign_id: number;
  cashier_id: string;
  till_id: string;
  sync_state: string;
  discount_minor: number;
}

export const TOTALS_SOURCE_COLUMNS = 'created_at, kind, voided, campaign_id, cashier_id, till_id, sync_state, discount_minor';

export const ZERO: Readonly<Measures> = { entries: 0, redeemed: 0, discountMinor: 0, voidedRedemptions: 0, voidedDiscountMinor: 0, voids: 0 };

export function measuresOf(r: TotalsSource): Measures {
  const live = r.kind === 'redeem' && r.voided === 0;
  const voided = r.kind === 'redeem' && r.voided === 1;
  return {
    entries: 1,
    redeemed: live ? 1 : 0,
    discountMinor: live ? r.discount_minor : 0,
    voidedRedemptions: voided ? 1 : 0,
    voidedDiscountMinor: voided ? r.discount_minor : 0,
    voids: r.kind === 'void' ? 1 : 0,
  };
}

/** The (dimension, key) pairs a row is counted under. */
function keysOf(r: TotalsSource, hour: number): [TotalDimension, string][] {
  return [
    ['all', ''],
    ['campaign', String(r.campaign_id)],
    ['cashier', r.cashier_id],
    ['till', r.till_id],
    ['hour', String(hour).padStart(2, '0')],
    ['state', r.sync_state],
  ];
}

/** The store's time zone the totals count days in (UTC before the till is configured). */
export function totalsTimeZone(db: Database.Database): string {
  return stmt<[], { tz: string }>(db, 'SELECT time_zone AS tz FROM till_config WHERE id = 1').get()?.tz ?? 'UTC';
}

const UPSERT = `INSERT INTO ledger_totals (store_day, dim, key, entries, redeemed, discount_minor, voided_redemptions, voided_discount_minor, voids)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (dim, key, store_day) DO UPDATE SET entries = entries + excluded.entries, redeemed = redeemed + excluded.redeemed,
    discount_minor = discount_minor + excluded.discount_minor, voided_redemptions = voided_redemptions + excluded.voided_redemptions,
    voided_discount_minor = voided_discount_minor + excluded.voided_discount_minor, voids = voids + excluded.voids`;

/** Adds (sign 1) or takes away (sign -1) one row's share of the totals. Call inside the ledger write's transaction. */
export function countInTotals(db: Database.Database, r: TotalsSource, sign: 1 | -1, timeZone = totalsTimeZone(db)): void {
  const { day, hour } = storeDayAndHour(r.created_at, timeZone);
  const m = measuresOf(r);
  const upsert = stmt(db, UPSERT);
  for (const [dim, key] of keysOf(r, hour)) {
    upsert.run(
      day,
      dim,
      key,
      sign * m.entries,
      sign * m.redeemed,
      sign * m.discountMinor,
      sign * m.voidedRedemptions,
      sign * m.voidedDiscountMinor,
      sign * m.voids,
    );
  }
}

function sourceRow(db: Database.Database, id: string): TotalsSource | undefined {
  return stmt<[string], TotalsSource>(db, `SELECT ${TOTALS_SOURCE_COLUMNS} FROM redemptions WHERE id = ?`).get(id);
}

const sameShare = (a: TotalsSource, b: TotalsSource) => a.voided === b.voided && a.sync_state === b.sync_state && a.discount_minor === b.discount_minor;

/**
 * Runs `update` (which changes ledger row `id`) and moves the row's share of the totals from
 * what it was to what it is now. Call inside the caller's transaction.
 */
export function retotal<T>(db: Database.Database, id: string, update: () => T): T {
  const before = sourceRow(db, id);
  const result = update();
  const after = sourceRow(db, id);
  if (before && after && sameShare(before, after)) return result;
  const tz = totalsTimeZone(db);
  if (before) countInTotals(db, before, -1, tz);
  if (after) countInTotals(db, after, 1, tz);
  return result;
}

/** Recounts every total from the ledger (migration 46, a change of the store's time zone). Inside a transaction. */
export function rebuildLedgerTotals(db: Database.Database): number {
  const tz = totalsTimeZone(db);
  // Every zone's offset is a whole number of quarter hours: one store day and hour per UTC quarter hour.
  const quarters = new Map<number, { day: string; hour: number }>();
  const sums = new Map<string, { day: string; dim: TotalDimension; key: string; m: Measures }>();
  let rows = 0;
  const read = db.prepare(`SELECT ${TOTALS_SOURCE_COLUMNS} FROM redemptions`);
  for (const r of read.iterate() as IterableIterator<TotalsSource>) {
    rows++;
    const q = Math.floor(r.created_at / 900_000);
    let at = quarters.get(q);
    if (!at) quarters.set(q, (at = storeDayAndHour(q * 900_000, tz)));
    const m = measuresOf(r);
    for (const [dim, key] of keysOf(r, at.hour)) {
      const id = `${at.day}|${dim}|${key}`;
      const s = sums.get(id);
      if (s) addInto(s.m, m);
      else sums.set(id, { day: at.day, dim, key, m: { ...m } });
    }
  }
  db.prepare('DELETE FROM ledger_totals').run();
  const insert = db.prepare(UPSERT);
  for (const { day, dim, key, m } of sums.values()) {
    insert.run(day, dim, key, m.entries, m.redeemed, m.discountMinor, m.voidedRedemptions, m.voidedDiscountMinor, m.voids);
  }
  return rows;
}

export function addInto(into: Measures, m: Measures): Measures {
  into.entries += m.entries;
  into.redeemed += m.redeemed;
  into.discountMinor += m.discountMinor;
  into.voidedRedemptions += m.voidedRedemptions;
  into.voidedDiscountMinor += m.voidedDiscountMinor;
  into.voids += m.voids;
  return into;
}

interface MeasureRow {
  entries: number;
  redeemed: number;
  discount_minor: number;
  voided_redemptions: number;
  voided_discount_minor: number;
  voids: number;
}

const SUMS = `coalesce(sum(entries), 0) AS entries, coalesce(sum(redeemed), 0) AS redeemed, coalesce(sum(discount_minor), 0) AS discount_minor,
  coalesce(sum(voided_redemptions), 0) AS voided_redemptions, coalesce(sum(voided_discount_minor), 0) AS voided_discount_minor, coalesce(sum(voids), 0) AS voids`;

const toMeasures = (r: MeasureRow): Measures => ({
  entries: r.entries,
  redeemed: r.redeemed,
  discountMinor: r.discount_minor,
  voidedRedemptions: r.voided_redemptions,
  voidedDiscountMinor: r.voided_discount_minor,
  voids: r.voids,
});

/** Open ends of a store-day range. */
const FIRST_DAY = '0000-01-01';
const LAST_DAY = '9999-12-31';

/** Totals over store days [fromDay, toDay] (inclusive; open when absent) of the given keys of one dimension. */
export function sumTotals(db: Database.Database, range: { fromDay?: string; toDay?: string }, dim: TotalDimension, keys: readonly string[]): Measures {
  const out = { ...ZERO };
  const q = stmt<[string, string, string, string], MeasureRow>(
    db,
    `SELECT ${SUMS} FROM ledger_totals WHERE dim = ? AND key = ? AND store_day >= ? AND store_day <= ?`,
  );
  for (const key of keys) addInto(out, toMeasures(q.get(dim, key, range.fromDay ?? FIRST_DAY, range.toDay ?? LAST_DAY)!));
  return out;
}

/** Totals per key of one dimension over store days [fromDay, toDay], keys with no entries left out. */
export function totalsBy(db: Database.Database, range: { fromDay?: string; toDay?: string }, dim: TotalDimension): { key: string; m: Measures }[] {
  return stmt<[string, string, string], MeasureRow & { key: string }>(
    db,
    `SELECT key, ${SUMS} FROM ledger_totals WHERE dim = ? AND store_day >= ? AND store_day <= ? GROUP BY key HAVING sum(entries) > 0 ORDER BY key`,
  )
    .all(dim, range.fromDay ?? FIRST_DAY, range.toDay ?? LAST_DAY)
    .map((r) => ({ key: r.key, m: toMeasures(r) }));
}
