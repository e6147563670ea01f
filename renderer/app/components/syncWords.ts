import type { SyncStatus } from '../../../shared/ipc';

/**
 * The till's connection to HQ in the cashier's terms. "Connecting" until the first attempt has
 * answered, so a first run never says "Offline" while HQ is up; "checking" before the status
 * arrives at all (for example on the sign-in screen, where it is not loaded).
 */
export type Connection = 'online' | 'offline' | 'connecting' | 'notConfigured' | 'drill' | 'checking';

export function connectionOf(status: SyncStatus | null, bridgeDown: boolean): Connection {
  if (bridgeDown) return 'offline';
  if (!status) return 'checking';
  if (!status.enrolled) return 'notConfigured';
  if (status.offlineDrill) return 'drill';
  if (status.online === null) return 'connecting';
  return status.online ? 'online' : 'offline';
}
