import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/ipc';
import { invoke, on } from '../../api/till';

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
    const res = await invoke('till:sync:status');
    if (res.ok) set({ status: res.value, bridgeDown: false });
    else if (res.error.code === 'unavailable') set({ bridgeDown: true });
  },
  async syncNow() {
    const res = await invoke('till:sync:now');
    if (res.ok) set({ status: res.value, bridgeDown: false });
  },
}));

/** Keeps the status bar current from main's 'sync' pushes. Returns the unsubscribe. */
export function followSyncEvents(): () => void {
  return on('sync', (status) => useSyncStore.setState({ status, bridgeDown: false }));
}
