import { useEffect, useState } from 'react';
import { useSyncStore } from '../store/useSyncStore';
import { useSessionStore } from '../store/useSessionStore';
import { useT, useLanguageStore, setLanguage } from '../../i18n';
import { ageParts } from '../../lib/age';
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
 * Always visible: online/offline, last sync, how many redemptions wait to sync and the age of
 * the oldest. Fed by till:sync:status and the 'sync' push.
 */
export function StatusBar() {
  const t = useT();
  const now = useNow();
  const status = useSyncStore((s) => s.status);
  const bridgeDown = useSyncStore((s) => s.bridgeDown);
  const syncNow = useSyncStore((s) => s.syncNow);
  const session = useSessionStore((s) => s.session);
  const signOut = useSessionStore((s) => s.signOut);
  const language = useLanguageStore((s) => s.language);

  const online = !bridgeDown && !!status?.online;
  const pending = status?.waiting ?? 0;
  const lastSync = status?.lastSyncAt
    ? t('status.lastSync', { ago: agoText(t, now - status.lastSyncAt) })
    : t('status.neverSynced');
  const waiting =
    pending === 0
      ? t('status.allSynced')
      : status?.oldestWaitingAt
        ? t('status.waitingOldest', { count: pending, age: formatAge(t, now - status.oldestWaitingAt) })
        : t('status.waiting', { count: pending });

  return (
    <header className="status-bar" data-testid="status-bar">
      <span className={`pill ${online ? 'pill--online' : 'pill--offline'}`} data-testid="status-online" data-online={online ? 'true' : 'false'} data-drill={status?.offlineDrill ? 'true' : undefined}>
        {status?.offlineDrill ? t('status.offlineDrill') : online ? t('status.online') : status && !status.enrolled ? t('status.notConfigured') : t('status.offline')}
        {status?.syncing ? ' …' : ''}
      </span>
      <span className="status-bar__item" data-testid="status-last-sync">{lastSync}</span>
      <span className={`status-bar__item ${pending > 0 ? 'status-bar__item--warn' : ''}`} data-testid="status-pending" data-count={pending}>
        {waiting}
      </span>
      {!online && status?.lastError ? <span className="status-bar__item status-bar__error">{status.lastError}</span> : null}
      <span className="status-bar__spacer" />
      {session ? (
        <button type="button" className="btn btn--small" onClick={() => void syncNow()} data-testid="sync-now">
          {t('status.syncNow')}
        </button>
      ) : null}
      <button
        type="button"
        className="btn btn--small"
        data-testid="language-toggle"
        onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
      >
        {language === 'en' ? '中文' : 'English'}
      </button>
      {session ? (
        <>
          <span className="status-bar__item" data-testid="status-user">
            {t('status.signedInAs', { name: session.user.name, role: t(`role.${session.user.role}`) })}
          </span>
          <button type="button" className="btn btn--small" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        </>
      ) : null}
    </header>
  );
}
