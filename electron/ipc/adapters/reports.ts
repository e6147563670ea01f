import type Database from 'better-sqlite3';
import { DEFAULT_CURRENCY } from '../../../shared/format';
import { ApiFailure } from '../../../shared/ipc/result';
import type { BreakdownLine, CampaignOption, ConflictRow, CsvExport, DayReport, LogSummary } from '../../../shared/ipc/types';
import type { LogFilter } from '../../../shared/ipc/schemas';
import type { LedgerEntry } from '../../db/repos/ledger';
import type { BreakdownRow } from '../../db/repos/ledgerSummary';
import { getTillConfig } from '../../db/repos/tillConfig';
import { loadCampaigns } from '../../db/repos/ruleSet';
import { outboxStatus } from '../../services/outbox';
import { RedemptionError, type RedemptionService } from '../../services/redemption';
import { csvLines, decimalAmount, storeLocalTime, type CsvContext } from './csv';
import { Names } from '../../services/names';

/** A refusal the manager should read becomes an ApiFailure; anything else stays a bug. */
function refusals<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RedemptionError) throw new ApiFailure(err.code === 'not_found' ? 'not_found' : 'bad_request', err.message);
    throw err;
  }
}

export function conflictRowOf(names: Names, e: LedgerEntry): ConflictRow {
  return {
    redemption: names.logRow(e),
    winnerId: e.hqWinnerId,
    // HQs before winner names sent only the id: the store's till list may still name it.
    winner: e.hqWinner && !e.hqWinner.tillName ? { ...e.hqWinner, tillName: names.till(e.hqWinner.tillId) } : e.hqWinner,
    status: e.syncState === 'resolved' ? 'resolved' : 'conflict',
    resolution: e.hqResolution === 'accepted_as_loss' || e.hqResolution === 'charged_back' ? e.hqResolution : null,
    note: e.hqNote,
  };
}

export interface ReportsPort {
  summary(filter: LogFilter): LogSummary;
  campaigns(): CampaignOption[];
  day(day: string | undefined): DayReport;
  dayCsv(day: string | undefined): CsvExport;
}

/** The log's summary and campaign picker, and the end-of-day report, with the names a manager reads. */
export function createReportsPort(service: RedemptionService, db: Database.Database, now: () => number = Date.now): ReportsPort {
  const names = new Names(db);
  const line =
    (kind: 'campaign' | 'cashier' | 'till' | 'hour') =>
    (r: BreakdownRow): BreakdownLine => ({
      key: r.key,
      redeemed: r.redeemed,
      discountMinor: r.discountMinor,
      voided: r.voided,
      voids: r.voids,
      name:
        kind === 'campaign'
          ? (names.campaign(Number(r.key))?.name ?? null)
          : kind === 'cashier'
            ? names.user(r.key)
            : kind === 'till'
              ? names.till(r.key)
              : null,
    });
  const typeOf = (campaignId: number) => names.campaign(campaignId)?.benefit.type ?? null;

  function day(d: string | undefined): DayReport {
    const f = refusals(() => service.reports.day(d, now()));
    const till = getTillConfig(db);
    const campaigns = f.campaigns.map((r) => ({ ...line('campaign')(r), type: typeOf(Number(r.key)) }));
    const types = new Map<string, BreakdownLine>();
    for (const c of campaigns) {
      const key = c.type ?? 'unknown';
      const t = types.get(key) ?? { key, name: null, redeemed: 0, discountMinor: 0, voided: 0, voids: 0 };
      types.set(key, {
        ...t,
        redeemed: t.redeemed + c.redeemed,
        discountMinor: t.discountMinor + c.discountMinor,
        voided: t.voided + c.voided,
        voids: t.voids + c.voids,
      });
    }
    return {
      day: f.day,
      storeName: till?.storeName ?? null,
      tillId: till?.tillId ?? null,
      tillName: till ? names.till(till.tillId) : null,
      timeZone: f.timeZone,
      currency: till?.currency ?? DEFAULT_CURRENCY,
      from: f.from,
      to: f.to,
      generatedAt: now(),
      totals: f.totals,
      campaigns,
      types: [...types.values()],
      cashiers: f.cashiers.map(line('cashier')),
      hours: f.hours.map(line('hour')),
      voids: f.voids.map((e) => names.logRow(e)),
      conflicts: f.conflicts.map((e) => conflictRowOf(names, e)),
      unsynced: { ...f.unsynced, waitingAll: outboxStatus(db).waiting },
      listLimit: f.listLimit,
    };
  }

  return {
    summary(filter) {
      const { totals, breakdown: b } = refusals(() => service.reports.summary({ ...filter, limit: 1 }));
      return {
        totals,
        campaigns: b.campaigns.map(line('campaign')),
        cashiers: b.cashiers.map(line('cashier')),
        tills: b.tills.map(line('till')),
        hours: b.hours.map(line('hour')),
      };
    },
    campaigns() {
      return [...loadCampaigns(db).campaigns.values()]
        .map((c) => ({ id: c.id, name: c.name, type: c.benefit.type }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    },
    day,
    dayCsv(d) {
      const r = day(d);
      return { filename: `end-of-day-${r.day}.csv`, csv: dayReportCsv(r), rowCount: r.campaigns.length + r.voids.length + r.conflicts.length };
    },
  };
}

const HEADER = [
  'section',
  'key',
  'name',
  'coupon_type',
  'redemptions',
  'discount',
  'voided',
  'voids',
  'currency',
  'time_local',
  'time_utc',
  'cashier',
  'reason',
  'state',
];

/**
 * The end-of-day report as one CSV a spreadsheet opens: a `section` column says what each line
 * is (summary, campaign, type, cashier, hour, void, conflict, unsynced); money in decimal with its
 * currency; times store-local and UTC. Figures only: no member ids, no baskets (supervisors may export it).
 */
export function dayReportCsv(r: DayReport): string {
  const money = (m: number) => decimalAmount(m, r.currency);
  const local = (ms: number) => storeLocalTime(ms, r.timeZone);
  const utc = (ms: number) => new Date(ms).toISOString();
  const figures = (section: string, l: BreakdownLine, type: string | null = null) => [
    section,
    l.key,
    l.name,
    type,
    l.redeemed,
    money(l.discountMinor),
    l.voided,
    l.voids,
    r.currency,
    null,
    null,
    null,
    null,
    null,
  ];
  const t = r.totals;
  const lines = [
    HEADER,
    [
      'summary',
      r.day,
      r.storeName,
      null,
      t.redeemedCount,
      money(t.discountMinor),
      t.voidedCount,
      t.voidCount,
      r.currency,
      local(r.from),
      utc(r.from),
      null,
      null,
      r.timeZone,
    ],
    ...r.campaigns.map((c) => figures('campaign', c, c.type)),
    ...r.types.map((c) => figures('type', c, c.key)),
    ...r.cashiers.map((c) => figures('cashier', c)),
    ...r.hours.map((c) => figures('hour', c)),
    ...r.voids.map((v) => [
      'void',
      v.voidsId,
      v.campaignName,
      null,
      null,
      money(v.discountMinor),
      null,
      1,
      r.currency,
      local(v.createdAt),
      utc(v.createdAt),
      v.cashierName ?? v.cashierId,
      v.reason,
      v.syncState,
    ]),
    ...r.conflicts.map((c) => [
      'conflict',
      c.redemption.couponKey,
      c.redemption.campaignName,
      null,
      1,
      money(c.redemption.discountMinor),
      null,
      null,
      r.currency,
      local(c.redemption.createdAt),
      utc(c.redemption.createdAt),
      c.redemption.cashierName ?? c.redemption.cashierId,
      c.resolution,
      c.status,
    ]),
    [
      'unsynced',
      r.day,
      null,
      null,
      r.unsynced.count,
      null,
      null,
      null,
      null,
      r.unsynced.oldestAt ? local(r.unsynced.oldestAt) : null,
      r.unsynced.oldestAt ? utc(r.unsynced.oldestAt) : null,
      null,
      null,
      `${r.unsynced.waitingAll} waiting in all`,
    ],
  ];
  return csvLines(lines);
}

/** For the log CSV: the store's currency and zone, and each campaign's coupon type. */
export function csvContext(db: Database.Database, names: Names): CsvContext {
  const till = getTillConfig(db);
  return { currency: till?.currency ?? DEFAULT_CURRENCY, timeZone: till?.timeZone ?? 'UTC', couponType: (id) => names.campaign(id)?.benefit.type ?? null };
}
