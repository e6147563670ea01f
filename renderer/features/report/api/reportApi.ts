import { invoke } from '../../../api/till';

/** The end-of-day report's calls to main (the only place in this feature that calls main). */

export function dayReport(day?: string) {
  return invoke('till:report:day', day ? { day } : {});
}

export function exportDayReportCsv(day?: string) {
  return invoke('till:report:exportCsv', day ? { day } : {});
}
