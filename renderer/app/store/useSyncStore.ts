import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/ipc';
import * as api from '../api/appApi';

interface SyncState {
  status: SyncStatus | null;
  /** The last time the bridge itself failed (the host went away): shown as offline. */
  bridgeDown: boolean;
  load(): Promise<void>;
  syncNow(): Promise<void>;
}

export const useSyncStore = create<SyncState>((set) => ({
  status: null,
  bridgeDown: false,
  async load() {
    const res = await api.syncStatus();
    if (res.ok) set({ status: res.value, bridgeDown: false });
    else if (res.error.code === 'unavailable') set({ bridgeDown: true });
  },
  async syncNow() {
    const res = await api.syncNow();
    if (res.ok) set({ status: res.value, bridgeDown: false });
  },
}));

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Re-reads the sync status shortly after something was written to the outbox (a redemption or
 * a void), so "N waiting" is right even when main pushes nothing (offline, backing off).
 * Debounced: a burst of rapid scans costs one call.
 */
export function refreshSyncStatusSoon(delayMs = 250): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void useSyncStore.getState().load();
  }, delayMs);
}

/** Keeps the status bar current from main's 'sync' pushes. Returns the unsubscribe. */
export function followSyncEvents(): () => void {
  return api.onSync((status) => useSyncStore.setState({ status, bridgeDown: false }));
}
