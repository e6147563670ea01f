import type { DayReport } from '../../../../shared/ipc';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';

/** The report's lists: voids with their reasons, conflicts with their state, and what has not reached HQ. */
export function ReportLists({ report: r }: { report: DayReport }) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <section className="report__section">
        <h2>{t('report.voidsTitle')}</h2>
        {r.voids.length === 0 ? (
          <p className="muted">{t('report.none')}</p>
        ) : (
          <ul className="report__list">
            {r.voids.map((v) => (
              <li key={v.id} data-testid="report-void-row">
                <span className="report__when">{f.time(v.createdAt)}</span> <strong>{v.campaignName ?? v.campaignId}</strong> {f.discount(v.discountMinor)}
                <span className="report__reason">
                  {t('report.reason')}: {v.reason}
                </span>
                <span className="cell-sub">
                  {t('report.by')}: {v.cashierName ?? v.cashierId}
                  {v.approvedBy ? ` · ${t('report.approvedBy')}: ${v.approvedBy}` : ''} · {t(`syncState.${v.syncState}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {r.voids.length >= r.listLimit ? <p className="muted">{t('report.cut', { count: r.listLimit })}</p> : null}
      </section>
      <section className="report__section">
        <h2>{t('report.conflictsTitle')}</h2>
        {r.conflicts.length === 0 ? (
          <p className="muted">{t('report.none')}</p>
        ) : (
          <ul className="report__list">
            {r.conflicts.map((c) => (
              <li key={c.redemption.id} data-testid="report-conflict-row" data-state={c.status}>
                <span className="report__when">{f.time(c.redemption.createdAt)}</span> <strong>{c.redemption.campaignName ?? c.redemption.campaignId}</strong>{' '}
                {f.discount(c.redemption.discountMinor)} · {c.status === 'resolved' ? t('syncState.resolved') : t('conflicts.unresolved')}
                {c.resolution ? ` · ${t(`conflicts.${c.resolution}`)}` : ''}
                <span className="cell-sub mono">{c.redemption.couponKey}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="report__section" data-testid="report-unsynced" data-count={r.unsynced.count}>
        <h2>{t('report.unsyncedTitle')}</h2>
        <p>
          {r.unsynced.count === 0 || r.unsynced.oldestAt === null
            ? t('report.unsyncedNone')
            : t('report.unsyncedSome', { count: r.unsynced.count, time: f.time(r.unsynced.oldestAt) })}{' '}
          <span className="muted">{t('report.waitingAll', { count: r.unsynced.waitingAll })}</span>
        </p>
      </section>
    </>
  );
}
