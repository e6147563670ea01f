import type { LogRow } from '../../../shared/ipc/types';

const COLUMNS: [string, (r: LogRow) => string | number | boolean | null][] = [
  ['id', (r) => r.id],
  ['kind', (r) => r.kind],
  ['voids_id', (r) => r.voidsId],
  ['created_at_utc', (r) => new Date(r.createdAt).toISOString()],
  ['store_id', (r) => r.storeId],
  ['till_id', (r) => r.tillId],
  ['cashier_id', (r) => r.cashierId],
  ['cashier_name', (r) => r.cashierName],
  ['campaign_id', (r) => r.campaignId],
  ['campaign_name', (r) => r.campaignName],
  ['coupon_key', (r) => r.couponKey],
  ['basket_id', (r) => r.basketId],
  ['basket_total_minor', (r) => r.basketTotalMinor],
  ['discount_minor', (r) => r.discountMinor],
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
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly LogRow[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const r of rows) lines.push(COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}
