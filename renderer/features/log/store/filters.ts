import type { LogFilter } from '../../../../shared/ipc';
import { LOG_STATUSES } from '../../../../shared/ipc/logStatuses';

/** The filter form as picked (strings), turned into the API filter. */
export interface LogFilterForm {
  /** yyyy-mm-dd store days (the store's time zone, not the browser's), both included. */
  from: string;
  to: string;
  cashierId: string;
  tillId: string;
  /** The picked campaign's id, as text ('' = any). */
  campaignId: string;
  status: string;
  conflictsOnly: boolean;
}

export const emptyFilterForm = (): LogFilterForm => ({ from: '', to: '', cashierId: '', tillId: '', campaignId: '', status: '', conflictsOnly: false });

/** True for a real calendar day written yyyy-mm-dd. */
export function isDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === day;
}

/** Form -> API filter: blank fields are left out; days go to main as store days (main knows the store's zone). */
export function toLogFilter(f: LogFilterForm): LogFilter {
  const out: LogFilter = {};
  if (isDay(f.from)) out.fromDay = f.from;
  if (isDay(f.to)) out.toDay = f.to;
  if (f.cashierId) out.cashierId = f.cashierId;
  if (f.tillId.trim()) out.tillId = f.tillId.trim();
  const campaign = Number(f.campaignId);
  if (f.campaignId.trim() && Number.isInteger(campaign) && campaign >= 1) out.campaignId = campaign;
  if ((LOG_STATUSES as readonly string[]).includes(f.status)) out.status = f.status as LogFilter['status'];
  if (f.conflictsOnly) out.conflictsOnly = true;
  return out;
}
