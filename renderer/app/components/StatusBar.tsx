import { useEffect, useState } from 'react';
import { useSyncStore } from '../store/useSyncStore';
import { useSessionStore } from '../store/useSessionStore';
import { useT, useLanguageStore, setLanguage } from '../../i18n';
import { useFormat } from '../../lib/format';
import { statusWords } from './syncWords';
import { SyncDetails } from './SyncDetails';
import { PlainHttpHqWarning } from '../../features/settings/components/PlainHttpHq';

/** Re-renders the caller every second so ages ("3 min") stay true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now;
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
  const canOpenDetails = !!session && canSeeDetails && !!status;

  const { connection, connectionText, waiting, lastSync } = statusWords(t, status, bridgeDown, now);
  const pending = status?.waiting ?? 0;

  return (
    <header className="status-bar" data-testid="status-bar">
      {/* Before sign-in nothing has asked main yet: no pill rather than a "Checking HQ…" that never ends. */}
      {status || session || bridgeDown ? (
        <span
          className={`pill pill--${connection === 'online' ? 'online' : connection === 'connecting' || connection === 'checking' || connection === 'notConfigured' ? 'neutral' : 'offline'}`}
          data-testid="status-online"
          data-online={connection === 'online' ? 'true' : 'false'}
          data-connection={connection}
          data-drill={status?.offlineDrill ? 'true' : undefined}
        >
          {connectionText}
          {status?.syncing && connection === 'online' ? ' …' : ''}
        </span>
      ) : null}
      <PlainHttpHqWarning />
      {status ? (
        <>
          <span
            className={`status-bar__item status-bar__item--sep ${pending > 0 ? 'status-bar__item--warn' : ''}`}
            data-testid="status-pending"
            data-count={pending}
            title={pending > 0 ? t('status.waitingTitle') : undefined}
          >
            {waiting}
          </span>
          {lastSync && !canOpenDetails ? (
            <span
              className="status-bar__item status-bar__item--sep status-bar__item--minor"
              data-testid="status-last-sync"
              title={status.lastSyncAt ? f.dateTime(status.lastSyncAt) : undefined}
            >
              {lastSync}
            </span>
          ) : null}
        </>
      ) : null}
      {canOpenDetails ? (
        // For a manager the sync time is the way into the details, so the bar keeps one line at 1024 px.
        <button
          type="button"
          className="btn btn--small status-bar__details-toggle"
          aria-expanded={details}
          aria-label={lastSync ? `${lastSync}, ${t('status.details')}` : t('status.details')}
          title={t('status.details')}
          onClick={() => setDetails((d) => !d)}
          data-testid="sync-details-toggle"
        >
          {lastSync ? <span data-testid="status-last-sync">{lastSync}</span> : t('status.details')}
        </button>
      ) : null}
      <span className="status-bar__spacer" />
      {session ? (
        <button type="button" className="btn btn--small" onClick={() => void syncNow()} data-testid="sync-now">
          {t('status.syncNow')}
        </button>
      ) : null}
      <button type="button" className="btn btn--small" data-testid="language-toggle" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
        {language === 'en' ? '中文' : 'English'}
      </button>
      {session ? (
        // Who is signed in sits on the sign-out button itself (two short lines), so the bar fits 1024 px.
        <button
          type="button"
          className="btn btn--small status-bar__sign-out"
          onClick={() => void signOut()}
          data-testid="sign-out"
          title={t(`role.${session.user.role}`)}
        >
          <span className="status-bar__user" data-testid="status-user">
            {session.user.name}
          </span>
          <span>{t('nav.signOut')}</span>
        </button>
      ) : null}
      {details && canSeeDetails && status ? <SyncDetails status={status} onClose={() => setDetails(false)} /> : null}
    </header>
  );
}
