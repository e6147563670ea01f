import type { LogFilter, RequestOf } from '../../../../shared/ipc';
import { invoke } from '../../../api/till';

/** The log screen's calls to main (the only place in this feature that calls main). */

export function listLog(request: RequestOf<'till:log:list'>) {
  return invoke('till:log:list', request);
}

/** Totals and per campaign / cashier / till / hour over the filters. */
export function logSummary(filter: LogFilter) {
  return invoke('till:log:summary', filter);
}

/** The campaigns to pick from, by name. */
export function logCampaigns() {
  return invoke('till:log:campaigns');
}

export function exportLogCsv(filter: LogFilter) {
  return invoke('till:log:exportCsv', filter);
}

export function voidRedemption(redemptionId: string, reason: string) {
  return invoke('till:coupon:void', { redemptionId, reason });
}

/** Who may sign in on this till: the cashier filter's names. */
export function roster() {
  return invoke('till:auth:roster');
}

/** This till's id (its own rows say "This till"). */
export function appInfo() {
  return invoke('till:app:info');
}
