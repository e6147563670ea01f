import { useEffect, useRef, useState } from 'react';
import { formatMinor } from '../../../../shared/money';
import { LOG_STATUSES, type LogRow, type RosterEntry } from '../../../../shared/ipc';
import { useT } from '../../../i18n';
import { useCan } from '../../../app/store/useSessionStore';
import { roster } from '../api/logApi';
import { saveTextFile } from '../../../lib/download';
import { useLogStore } from '../store/useLogStore';
import { useSyncStore } from '../../../app/store/useSyncStore';
import { hasNext, hasPrev } from '../store/paging';

/** The manager's redemption log: filters, totals, keyset paging, CSV export, void with reason. */
export function LogScreen() {
  const t = useT();
  const { form, page, paging, loading, error } = useLogStore();
  const { setForm, resetForm, apply, next, prev, exportCsv } = useLogStore.getState();
  const canExport = useCan('log.export');
  const [cashiers, setCashiers] = useState<RosterEntry[]>([]);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    void apply();
    void roster().then((r) => r.ok && setCashiers(r.value));
  }, [apply]);

  // A sync changes rows' sync states (sent, accepted, conflict): the page on screen is listed again.
  const lastSyncAt = useSyncStore((s) => s.status?.lastSyncAt ?? null);
  const seenSync = useRef(lastSyncAt);
  useEffect(() => {
    if (seenSync.current === lastSyncAt) return;
    seenSync.current = lastSyncAt;
    void useLogStore.getState().reload();
  }, [lastSyncAt]);

  const onExport = async () => {
    const res = await exportCsv();
    if ('error' in res) setExportError(res.error);
    else {
      setExportError(null);
      saveTextFile(res.filename, res.csv);
    }
  };

  return (
    <main className="manager" data-testid="log-screen">
      <h1>{t('log.title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
      >
        <label className="field">
          <span>{t('log.from')}</span>
          <input type="date" value={form.from} onChange={(e) => setForm({ from: e.target.value })} data-testid="log-from" />
        </label>
        <label className="field">
          <span>{t('log.to')}</span>
          <input type="date" value={form.to} onChange={(e) => setForm({ to: e.target.value })} data-testid="log-to" />
        </label>
        <label className="field">
          <span>{t('log.cashier')}</span>
          <select value={form.cashierId} onChange={(e) => setForm({ cashierId: e.target.value })} data-testid="log-cashier">
            <option value="">{t('log.any')}</option>
            {cashiers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('log.till')}</span>
          <input type="text" value={form.tillId} onChange={(e) => setForm({ tillId: e.target.value })} data-testid="log-till" />
        </label>
        <label className="field">
          <span>{t('log.campaign')}</span>
          <input type="text" inputMode="numeric" value={form.campaignId} onChange={(e) => setForm({ campaignId: e.target.value })} data-testid="log-campaign" />
        </label>
        <label className="field">
          <span>{t('log.status')}</span>
          <select value={form.status} onChange={(e) => setForm({ status: e.target.value })} data-testid="log-status">
            <option value="">{t('log.any')}</option>
            {LOG_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'redeemed' ? t('cashier.accepted') : s === 'voided' ? t('log.voided') : t(`syncState.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--check">
          <input type="checkbox" checked={form.conflictsOnly} onChange={(e) => setForm({ conflictsOnly: e.target.checked })} data-testid="log-conflicts-only" />
          <span>{t('log.conflictsOnly')}</span>
        </label>
        <button type="submit" className="btn btn--primary" data-testid="log-apply">
          {t('log.apply')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="log-reset"
          onClick={() => {
            resetForm();
            void apply();
          }}
        >
          {t('log.reset')}
        </button>
        {canExport ? (
          <button type="button" className="btn" onClick={() => void onExport()} data-testid="log-export">
            {t('log.exportCsv')}
          </button>
        ) : null}
      </form>
      {error || exportError ? <p className="error" role="alert">{t('common.error', { message: error ?? exportError })}</p> : null}
      {page ? (
        <p className="totals" data-testid="log-totals" data-count={page.totals.count}>
          {t('log.count', { count: page.totals.count })} · {t('log.totalDiscount', { amount: formatMinor(page.totals.discountMinor) })} ·{' '}
          {t('log.voidedCount', { count: page.totals.voidedCount })}
        </p>
      ) : null}
      <LogTable rows={page?.rows ?? []} />
      <div className="pager">
        <button type="button" className="btn" disabled={!hasPrev(paging) || loading} onClick={() => void prev()} data-testid="log-prev">
          {t('log.prev')}
        </button>
        <span className="pager__page">{paging.index + 1}</span>
        <button type="button" className="btn" disabled={!hasNext(paging) || loading} onClick={() => void next()} data-testid="log-next">
          {t('log.next')}
        </button>
      </div>
    </main>
  );
}

function LogTable({ rows }: { rows: LogRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t('log.empty')}</p>;
  return (
    <table className="table" data-testid="log-table">
      <thead>
        <tr>
          <th>{t('log.time')}</th>
          <th>{t('log.code')}</th>
          <th>{t('log.campaign')}</th>
          <th>{t('log.cashier')}</th>
          <th>{t('log.till')}</th>
          <th className="num">{t('log.basket')}</th>
          <th className="num">{t('log.discount')}</th>
          <th>{t('log.sync')}</th>
          <th>{t('log.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <LogRowView key={r.id} row={r} />
        ))}
      </tbody>
    </table>
  );
}

function LogRowView({ row }: { row: LogRow }) {
  const t = useT();
  const canVoid = useCan('coupon.void');
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const conflict = row.syncState === 'conflict' || row.syncState === 'resolved';
  const cls = ['log-row', row.voided ? 'log-row--voided' : '', conflict ? 'log-row--conflict' : '', row.kind === 'void' ? 'log-row--void' : ''].join(' ');
  const confirm = async () => {
    const e = await useLogStore.getState().voidRow(row.id, reason);
    setErr(e);
    if (!e) setVoiding(false);
  };
  return (
    <tr className={cls} data-testid="log-row" data-kind={row.kind} data-voided={row.voided ? 'true' : 'false'}>
      <td>{new Date(row.createdAt).toLocaleString()}</td>
      <td className="mono">{row.couponKey}</td>
      <td>{row.campaignName ?? row.campaignId}</td>
      <td>{row.cashierName ?? row.cashierId}</td>
      <td>{row.tillId}</td>
      <td className="num">{formatMinor(row.basketTotalMinor)}</td>
      <td className="num">{row.kind === 'void' ? t('log.void') : `−${formatMinor(row.discountMinor)}`}</td>
      <td data-testid="log-row-sync">
        {/* 'pending' covers both "not sent yet" and "sent, no HQ verdict yet": tell them apart. */}
        {t(`syncState.${row.syncState === 'pending' && row.synced ? 'sent' : row.syncState}`)}
        {row.voided ? ` · ${t('log.voided')}` : ''}
        {row.reason ? ` · ${row.reason}` : ''}
      </td>
      <td>
        {canVoid && row.kind === 'redeem' && !row.voided ? (
          voiding ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                void confirm();
              }}
            >
              <input
                type="text"
                placeholder={t('log.voidReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="void-reason"
                autoFocus
              />
              <button type="submit" className="btn btn--danger" disabled={reason.trim().length < 3} data-testid="void-confirm">
                {t('log.confirmVoid')}
              </button>
              <button type="button" className="btn" onClick={() => setVoiding(false)}>
                {t('log.cancel')}
              </button>
              {err ? <span className="error">{err}</span> : null}
            </form>
          ) : (
            <button type="button" className="btn btn--small" onClick={() => setVoiding(true)} data-testid="void-open">
              {t('log.void')}
            </button>
          )
        ) : null}
      </td>
    </tr>
  );
}
