import { useEffect, useState } from 'react';
import { useSyncStore } from '../store/useSyncStore';
import { useSessionStore } from '../store/useSessionStore';
import { useT, useLanguageStore, setLanguage } from '../../i18n';
import { ageParts } from '../../lib/age';
import { useFormat } from '../../lib/format';
import { connectionOf } from './syncWords';
import { SyncDetails } from './SyncDetails';
import { PlainHttpHqWarning } from '../../features/settings/components/PlainHttpHq';
import type { TFunction } from 'i18next';

/** Re-renders the caller every second so ages ("3 min") stay true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

export function formatAge(t: TFunction, ms: number): string {
  const { unit, n } = ageParts(ms);
  return t(`age.${unit}`, { n });
}

/** "3 min ago", or "just now" (never "just now ago"). */
export function agoText(t: TFunction, ms: number): string {
  return ageParts(ms).unit === 'now' ? t('age.now') : t('age.ago', { age: formatAge(t, ms) });
}

/**
 * Always visible, one line at 1024 px: the connection in a cashier's words ("HQ unreachable,
 * working offline"), what waits to sync and for how long, when it last synced. Managers get a
 * "Details" view with the technical state (main sends that detail to managers only).
 */
export function StatusBar() {
  const t = useT();
  const f = useFormat();
  const now = useNow();
  const status = useSyncStore((s) => s.status);
  const bridgeDown = useSyncStore((s) => s.bridgeDown);
  const syncNow = useSyncStore((s) => s.syncNow);
  const session = useSessionStore((s) => s.session);
  const signOut = useSessionStore((s) => s.signOut);
  const language = useLanguageStore((s) => s.language);
  const [details, setDetails] = useState(false);
  const canSeeDetails = session?.permissions.includes('settings.write') ?? false;

  const connection = connectionOf(status, bridgeDown);
  const pending = status?.waiting ?? 0;
  const lastSync = status?.lastSyncAt ? t('status.lastSync', { ago: agoText(t, now - status.lastSyncAt) }) : t('status.neverSynced');
  const waiting =
    pending === 0
      ? t('status.allSynced')
      : status?.oldestWaitingAt
        ? t('status.waitingOldest', { count: pending, age: formatAge(t, now - status.oldestWaitingAt) })
        : t('status.waiting', { count: pending });

  return (
    <header className="status-bar" data-testid="status-bar">
      <span
        className={`pill pill--${connection === 'online' ? 'online' : connection === 'connecting' || connection === 'checking' ? 'neutral' : 'offline'}`}
        data-testid="status-online"
        data-online={connection === 'online' ? 'true' : 'false'}
        data-connection={connection}
        data-drill={status?.offlineDrill ? 'true' : undefined}
      >
        {connection === 'drill' ? t('status.offlineDrill') : t(`status.connection.${connection}`)}
        {status?.syncing && connection === 'online' ? ' …' : ''}
      </span>
      <PlainHttpHqWarning />
      {status ? (
        <>
          <span className={`status-bar__item ${pending > 0 ? 'status-bar__item--warn' : ''}`} data-testid="status-pending" data-count={pending}>
            {waiting}
          </span>
          {status.enrolled ? (
            <span className="status-bar__item status-bar__item--minor" data-testid="status-last-sync" title={status.lastSyncAt ? f.dateTime(status.lastSyncAt) : undefined}>
              {lastSync}
            </span>
          ) : null}
        </>
      ) : null}
      <span className="status-bar__spacer" />
      {session && canSeeDetails ? (
        <button type="button" className="btn btn--small" aria-expanded={details} onClick={() => setDetails((d) => !d)} data-testid="sync-details-toggle">
          {t('status.details')}
        </button>
      ) : null}
      {session ? (
        <button type="button" className="btn btn--small" onClick={() => void syncNow()} data-testid="sync-now">
          {t('status.syncNow')}
        </button>
      ) : null}
      <button type="button" className="btn btn--small" data-testid="language-toggle" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
        {language === 'en' ? '中文' : 'English'}
      </button>
      {session ? (
        <>
          <span className="status-bar__item status-bar__user" data-testid="status-user" title={t(`role.${session.user.role}`)}>
            {session.user.name}
          </span>
          <button type="button" className="btn btn--small" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        </>
      ) : null}
      {details && canSeeDetails && status ? <SyncDetails status={status} onClose={() => setDetails(false)} /> : null}
    </header>
  );
}
