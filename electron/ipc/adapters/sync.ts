import type { SyncStatus } from '../../../shared/ipc/types';
import type { SyncEngine, SyncStatus as EngineStatus } from '../../services/sync/engine';
import type { SyncPort } from '../ports';

/** The engine's status in the status bar's terms. Never seen HQ yet counts as offline. */
export function toSyncStatus(s: EngineStatus): SyncStatus {
  return {
    online: s.online === true,
    configured: s.enrolled,
    syncing: s.syncing,
    lastSyncAt: s.lastSyncAt,
    pendingCount: s.waiting,
    oldestPendingAt: s.oldestWaitingAt,
    ruleSetVersion: s.ruleSetVersion,
    lastError: s.lastError,
    nextAttemptAt: s.nextAttemptAt,
  };
}

export function createSyncPort(engine: SyncEngine): SyncPort {
  return {
    status: () => toSyncStatus(engine.status()),
    async syncNow() {
      await engine.syncNow();
      return toSyncStatus(engine.status());
    },
    onStatus: (listener) => engine.subscribe((s) => listener(toSyncStatus(s))),
  };
}
