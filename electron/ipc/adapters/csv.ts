import { minorDigits } from '../../../shared/format';
import type { LogRow } from '../../../shared/ipc/types';

/** What a CSV needs besides the rows: the store's currency and time zone. */
export interface CsvContext {
  currency: string;
  timeZone: string;
  /** A campaign's coupon type (cash, percent, ...), for the coupon_type column. */
  couponType(campaignId: number): string | null;
}

/** Minor units as an exact decimal in the currency's major unit: 123456 CNY -> "1234.56", -5 -> "-0.05". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** Store-local wall time 'YYYY-MM-DD HH:mm:ss' of an instant (the sv-SE locale writes ISO order). */
export function storeLocalTime(ms: number, timeZone: string): string {
  let f = localFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    localFormats.set(timeZone, f);
  }
  return f.format(ms);
}

type Cell = string | number | boolean | null;

const COLUMNS: [string, (r: LogRow, c: CsvContext) => Cell][] = [
  ['id', (r) => r.id],
  ['kind', (r) => r.kind],
  ['voids_id', (r) => r.voidsId],
  ['created_at_local', (r, c) => storeLocalTime(r.createdAt, c.timeZone)],
  ['time_zone', (_r, c) => c.timeZone],
  ['created_at_utc', (r) => new Date(r.createdAt).toISOString()],
  ['store_id', (r) => r.storeId],
  ['till_id', (r) => r.tillId],
  ['till_name', (r) => r.tillName],
  ['cashier_id', (r) => r.cashierId],
  ['cashier_name', (r) => r.cashierName],
  ['campaign_id', (r) => r.campaignId],
  ['campaign_name', (r) => r.campaignName],
  ['coupon_type', (r, c) => c.couponType(r.campaignId)],
  ['coupon_key', (r) => r.couponKey],
  ['basket_id', (r) => r.basketId],
  ['currency', (_r, c) => c.currency],
  ['basket_total', (r, c) => decimalAmount(r.basketTotalMinor, c.currency)],
  ['discount', (r, c) => decimalAmount(r.discountMinor, c.currency)],
  ['member_id', (r) => r.memberId],
  ['source', (r) => r.source],
  ['reason', (r) => r.reason],
  ['approved_by', (r) => r.approvedBy],
  ['voided', (r) => r.voided],
  ['sync_state', (r) => r.syncState],
  ['conflict_winner_id', (r) => r.conflictWinnerId],
  ['hlc', (r) => r.hlc],
];

/**
 * RFC 4180 CSV. Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a
 * leading apostrophe: a void reason is typed by a person and must not become a formula.
 */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Lines of cells as CSV text (CRLF line ends, a final CRLF). */
export function csvLines(lines: readonly (readonly Cell[])[]): string {
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The log as CSV: money in decimal with its currency column (not minor units), store-local time and UTC. */
export function toCsv(rows: readonly LogRow[], c: CsvContext): string {
  return csvLines([COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, get]) => get(r, c)))]);
}
