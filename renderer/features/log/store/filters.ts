import type { LogFilter } from '../../../../shared/ipc';
import { LOG_STATUSES } from '../../../../shared/ipc/schemas';

/** The filter form as typed (strings), turned into the API filter. */
export interface LogFilterForm {
  from: string; // yyyy-mm-dd, local day
  to: string; // yyyy-mm-dd, local day, inclusive
  cashierId: string;
  tillId: string;
  campaignId: string;
  status: string;
  conflictsOnly: boolean;
}

export const emptyFilterForm = (): LogFilterForm => ({ from: '', to: '', cashierId: '', tillId: '', campaignId: '', status: '', conflictsOnly: false });

/** Local midnight of a yyyy-mm-dd day, epoch ms; null when not a valid day. */
export function localDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d.getTime() : null;
}

/** Form -> API filter: blank fields are left out, the "to" day is included whole. */
export function toLogFilter(f: LogFilterForm): LogFilter {
  const out: LogFilter = {};
  const from = localDayStart(f.from);
  const to = localDayStart(f.to);
  if (from !== null) out.from = from;
  if (to !== null) out.until = new Date(to).setDate(new Date(to).getDate() + 1);
  if (f.cashierId) out.cashierId = f.cashierId;
  if (f.tillId.trim()) out.tillId = f.tillId.trim();
  const campaign = Number(f.campaignId);
  if (f.campaignId.trim() && Number.isInteger(campaign) && campaign >= 1) out.campaignId = campaign;
  if ((LOG_STATUSES as readonly string[]).includes(f.status)) out.status = f.status as LogFilter['status'];
  if (f.conflictsOnly) out.conflictsOnly = true;
  return out;
}
