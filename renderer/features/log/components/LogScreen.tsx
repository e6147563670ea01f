import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';
import { useCan } from '../../../app/store/useSessionStore';
import { useSyncStore } from '../../../app/store/useSyncStore';
import { useCsvExport } from '../../../lib/useCsvExport';
import { hasNext, hasPrev } from '../store/paging';
import { useLogStore } from '../store/useLogStore';
import { LogFilters } from './LogFilters';
import { LogSummaryPanel } from './LogSummaryPanel';
import { LogTable } from './LogTable';
import '../../../styles/manager.css';

/** The manager's redemption log: filters, totals and breakdowns, keyset paging (PgUp/PgDn), CSV export, void with reason. */
export function LogScreen() {
  const t = useT();
  const page = useLogStore((s) => s.page);
  const summary = useLogStore((s) => s.summary);
  const paging = useLogStore((s) => s.paging);
  const loading = useLogStore((s) => s.loading);
  const error = useLogStore((s) => s.error);
  const { apply, next, prev, exportCsv, loadChoices } = useLogStore.getState();
  const canExport = useCan('log.export');
  const [exportError, onExport] = useCsvExport(exportCsv);

  useEffect(() => {
    void apply();
    void loadChoices();
  }, [apply, loadChoices]);

  // A sync changes rows' sync states (sent, accepted, conflict): the page on screen is listed again.
  const lastSyncAt = useSyncStore((s) => s.status?.lastSyncAt ?? null);
  const seenSync = useRef(lastSyncAt);
  useEffect(() => {
    if (seenSync.current === lastSyncAt) return;
    seenSync.current = lastSyncAt;
    void useLogStore.getState().reload();
  }, [lastSyncAt]);

  // PgDn / PgUp page the log from anywhere on the screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'PageDown') void useLogStore.getState().next();
      else if (e.key === 'PageUp') void useLogStore.getState().prev();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main className="manager" data-testid="log-screen">
      <h1>{t('log.title')}</h1>
      <LogFilters canExport={canExport} onExport={onExport} />
      {error || exportError ? (
        <p className="error" role="alert">
          {t('common.error', { message: error ?? exportError })}
        </p>
      ) : null}
      {page ? (
        <p className="totals" data-testid="log-totals" data-count={page.totals.count}>
          {t('log.entries', { count: page.totals.count })}
        </p>
      ) : null}
      {summary ? <LogSummaryPanel summary={summary} /> : null}
      <LogTable rows={page?.rows ?? []} />
      <div className="pager">
        <button type="button" className="btn" disabled={!hasPrev(paging) || loading} onClick={() => void prev()} data-testid="log-prev">
          {t('log.prev')} <kbd>PgUp</kbd>
        </button>
        <span className="pager__page">{paging.index + 1}</span>
        <button type="button" className="btn" disabled={!hasNext(paging) || loading} onClick={() => void next()} data-testid="log-next">
          {t('log.next')} <kbd>PgDn</kbd>
        </button>
      </div>
    </main>
  );
}
