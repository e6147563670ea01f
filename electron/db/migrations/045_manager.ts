import type { Migration } from '../migrate';
import { settledVoidsMigration } from './045_settledVoids';
import { ledgerTotalsMigration } from './046_ledgerTotals';
import { outboxWaitingByTimeMigration } from './047_outboxWaitingByTime';

/** The manager's log and end-of-day figures (versions 45-49). */
export const managerMigrations: readonly Migration[] = [settledVoidsMigration, ledgerTotalsMigration, outboxWaitingByTimeMigration];
