import type { SyncEngine } from '../../services/sync/engine';
import type { SyncPort } from '../ports';

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
