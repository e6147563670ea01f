import type { Migration } from '../migrate';
import { ledgerMigrations } from './ledgerTables';
import { ruleSetMigrations } from './ruleSetTables';
import { syncMigrations } from './020_sync';
import { usersMigrations } from './010_users';
import { pinLockoutMigrations } from './050_pinLockouts';
import { frontOfHouseMigrations } from './040_storeCurrency';
import { managerMigrations } from './045_manager';

/**
 * Every migration, in order. Each domain owns a version range so they can be added in
 * parallel without renumbering: 1-9 rule set + ledger, 10-19 auth (users, sessions),
 * 20-29 sync state, 30-39 ledger (continued: 1-9 are used up), 40-44 front of house,
 * 45-49 the manager's log (settled voids, running totals), 50-54 trust (PIN lockouts,
 * credential at rest). Gaps are fine; order is checked on open.
 */
export const MIGRATIONS: readonly Migration[] = [
  ...ruleSetMigrations, ...ledgerMigrations, ...usersMigrations, ...syncMigrations, ...frontOfHouseMigrations, ...managerMigrations,
  ...pinLockoutMigrations,
].sort((a, b) => a.version - b.version);

export type { Migration };
