import { useState } from 'react';
import type { LogRow } from '../../../../shared/ipc';
import { useT } from '../../../i18n';
import { useCan } from '../../../app/store/useSessionStore';
import { useFormat } from '../../../lib/format';
import { tillLabel } from '../../../lib/tillLabel';
import { useLogStore } from '../store/useLogStore';

/** The page of the log on screen: fits 1024 px (fixed columns, text wraps), a row's own sync state, void with reason. */
export function LogTable({ rows }: { rows: LogRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t('log.empty')}</p>;
  return (
    <table className="table table--log" data-testid="log-table">
      <colgroup>
        <col className="col-time" />
        <col className="col-coupon" />
        <col className="col-cashier" />
        <col className="col-till" />
        <col className="col-money" />
        <col className="col-money" />
        <col className="col-sync" />
        <col className="col-action" />
      </colgroup>
      <thead>
        <tr>
          <th>{t('log.time')}</th>
          <th>{t('log.code')}</th>
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
  const f = useFormat();
  const tillId = useLogStore((s) => s.tillId);
  const conflict = row.syncState === 'conflict' || row.syncState === 'resolved';
  const cls = ['log-row', row.voided ? 'log-row--voided' : '', conflict ? 'log-row--conflict' : '', row.kind === 'void' ? 'log-row--void' : ''].join(' ');
  // 'pending' covers both "not sent yet" and "sent, no HQ verdict yet": tell them apart.
  const sync = t(`syncState.${row.syncState === 'pending' && row.synced ? 'sent' : row.syncState}`);
  return (
    <tr className={cls} data-testid="log-row" data-kind={row.kind} data-voided={row.voided ? 'true' : 'false'} data-id={row.id}>
      <td>{f.when(row.createdAt)}</td>
      <td className="cell-text" title={row.couponKey}>
        <span className="cell-main">{row.campaignName ?? t('log.unknownCampaign', { id: row.campaignId })}</span>
        <span className="cell-sub mono">{row.couponKey}</span>
      </td>
      <td className="cell-text" title={row.cashierId}>
        {row.cashierName ?? row.cashierId}
      </td>
      <td className="cell-text" title={row.tillId} data-testid="log-row-till">
        {tillLabel(t, row.tillId, row.tillName, tillId)}
      </td>
      <td className="num">{f.money(row.basketTotalMinor)}</td>
      <td className="num">{row.kind === 'void' ? t('log.voidEntry') : f.discount(row.discountMinor)}</td>
      <td className="cell-text" data-testid="log-row-sync" data-state={row.syncState}>
        {sync}
        {row.voided ? <span className="cell-sub">{t('log.voided')}</span> : null}
        {row.reason ? <span className="cell-sub">{row.reason}</span> : null}
      </td>
      <td>
        <VoidControl row={row} />
      </td>
    </tr>
  );
}

/** The Void button, then the reason inline (Enter confirms, Escape cancels). */
function VoidControl({ row }: { row: LogRow }) {
  const t = useT();
  const canVoid = useCan('coupon.void');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  if (!canVoid || row.kind !== 'redeem' || row.voided) return null;
  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="void-open">
        {t('log.void')}
      </button>
    );
  }
  const confirm = async () => {
    const e = await useLogStore.getState().voidRow(row.id, reason);
    setErr(e);
    if (!e) setOpen(false);
  };
  return (
    <form
      className="inline-form inline-form--stack"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <input
        type="text"
        placeholder={t('log.voidReason')}
        aria-label={t('log.voidReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="void-reason"
        autoFocus
      />
      <button type="submit" className="btn btn--danger" disabled={reason.trim().length < 3} data-testid="void-confirm">
        {t('log.confirmVoid')}
      </button>
      <button type="button" className="btn" onClick={() => setOpen(false)}>
        {t('log.cancel')} <kbd>Esc</kbd>
      </button>
      {err ? <span className="error">{err}</span> : null}
    </form>
  );
}
