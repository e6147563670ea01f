import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../shared/ipc';
import { ageParts } from '../../lib/age';

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

export function formatAge(t: TFunction, ms: number): string {
  const { unit, n } = ageParts(ms);
  return t(`age.${unit}`, { n });
}

/** "3 min ago", or "just now" (never "just now ago"). */
export function agoText(t: TFunction, ms: number): string {
  return ageParts(ms).unit === 'now' ? t('age.now') : t('age.ago', { age: formatAge(t, ms) });
}

export interface StatusWords {
  connection: Connection;
  /** "HQ unreachable, working offline" */
  connectionText: string;
  /** "3 waiting, oldest 4 min" / "All synced"; null before the status is known. */
  waiting: string | null;
  /** "Synced 2 min ago" / "Never synced"; null when there is no HQ or the status is unknown, or nothing has been tried yet. */
  lastSync: string | null;
}

/**
 * The status bar's line, in words a cashier reads at a glance: never a raw error (those are in
 * the managers' Details view), and never "Never synced" while the first sync is still on its way.
 */
export function statusWords(t: TFunction, status: SyncStatus | null, bridgeDown: boolean, now: number): StatusWords {
  const connection = connectionOf(status, bridgeDown);
  const connectionText = t(`status.connection.${connection}`);
  if (!status) return { connection, connectionText, waiting: null, lastSync: null };
  const count = status.waiting;
  const oldest = status.oldestWaitingAt !== null && ageParts(now - status.oldestWaitingAt).unit !== 'now' ? status.oldestWaitingAt : null;
  const waiting =
    count === 0
      ? t('status.allSynced')
      : oldest !== null
        ? t('status.waitingOldest', { count, age: formatAge(t, now - oldest) })
        : t('status.waiting', { count });
  const lastSync = !status.enrolled
    ? null
    : status.lastSyncAt
      ? t('status.lastSync', { ago: agoText(t, now - status.lastSyncAt) })
      : connection === 'connecting'
        ? null
        : t('status.neverSynced');
  return { connection, connectionText, waiting, lastSync };
}
