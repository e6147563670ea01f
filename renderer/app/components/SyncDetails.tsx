import { useEffect } from 'react';
import type { SyncStatus } from '../../../shared/ipc';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { useSyncStore } from '../store/useSyncStore';

/**
 * The technical sync state for a manager: the last error as main reported it, versions, clock
 * skew, the next attempt. Opens under the status bar without moving the screen below it.
 * Main sends `lastError` to managers only (electron/ipc/adapters/sync.ts syncStatusFor).
 */
export function SyncDetails({ status, onClose }: { status: SyncStatus; onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  // Pushes carry no error detail: ask main for it (answered in full for a manager only).
  useEffect(() => void useSyncStore.getState().load(), []);
  const when = (ms: number | null) => (ms ? f.dateTime(ms) : '—');
  const rows: [string, string][] = [
    [t('status.detail.lastError'), status.lastError ?? '—'],
    [t('status.detail.lastAttempt'), when(status.lastAttemptAt)],
    [t('status.detail.lastSync'), when(status.lastSyncAt)],
    [t('status.detail.nextAttempt'), when(status.nextAttemptAt)],
    [t('status.detail.ruleSet'), `${status.ruleSetVersion} / ${status.hqHead ?? '—'}`],
    [t('status.detail.clockSkew'), status.clockSkewMs === null ? '—' : `${Math.round(status.clockSkewMs / 1000)} s`],
  ];
  return (
    <div className="sync-details" data-testid="sync-details" role="region" aria-label={t('status.details')}>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k} className="sync-details__row">
            <dt>{k}</dt>
            <dd className="mono" data-testid={k === t('status.detail.lastError') ? 'sync-details-error' : undefined}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" className="btn btn--small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
