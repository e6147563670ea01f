import type { Migration } from '../migrate';

/**
 * Version 45 (fo-manager's range 45-49): voids HQ already stored are settled. HQ sends no
 * verdict for a void, so before this a delivered void stayed 'pending' ("sent, awaiting HQ")
 * forever; markSynced now settles a void as HQ stores it, and this settles the ones before.
 */
export const migration: Migration = {
  version: 45,
  name: 'voids HQ stored are settled',
  up: (db) => db.exec(`UPDATE redemptions SET sync_state = 'accepted' WHERE kind = 'void' AND synced = 1 AND sync_state = 'pending'`),
};
