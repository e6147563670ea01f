import type { SyncEngine } from '../../services/sync/engine';
import type { SyncPort } from '../ports';
import type { SyncStatus } from '../../../shared/ipc/types';
import { can, type Role } from '../../../shared/permissions';

/** The engine's status is the status bar's: one SyncStatus type (shared/ipc/types.ts). */
export function createSyncPort(engine: SyncEngine): SyncPort {
  return {
    status: () => engine.status(),
    async syncNow() {
      await engine.syncNow();
      return engine.status();
    },
    onStatus: (listener) => engine.subscribe(listener),
  };
}

/**
 * The sync status as a user may see it: the technical detail of the last failure (HQ's address,
 * paths, network errors) only for a role that may change settings (a manager); everyone else
 * gets the plain state, which the status bar puts in words. Pushes to every window carry no
 * detail either (a signed-out window receives them too).
 */
export function syncStatusFor(status: SyncStatus, role: Role | null): SyncStatus {
  return role && can(role, 'settings.write') ? status : { ...status, lastError: null };
}
