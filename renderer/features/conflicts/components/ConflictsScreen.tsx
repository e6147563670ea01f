import { useEffect, useState } from 'react';
import type { ConflictRow } from '../../../../shared/ipc';
import { listConflicts } from '../api/conflictsApi';
import { useSyncStore } from '../../../app/store/useSyncStore';
import { useT } from '../../../i18n';
import { useFormat, type Formatter } from '../../../lib/format';
import '../../../styles/manager.css';

/** Redemptions HQ flagged as conflicts (another till used the code first) and their resolution. */
export function ConflictsScreen() {
  const t = useT();
  const [rows, setRows] = useState<ConflictRow[] | null>(null);
  const [includeResolved, setIncludeResolved] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // HQ's verdicts (a new conflict, a resolution) arrive with a sync: list again after each one.
  const lastSyncAt = useSyncStore((s) => s.status?.lastSyncAt ?? null);

  useEffect(() => {
    let live = true;
    void listConflicts(includeResolved).then((res) => {
      if (!live) return;
      if (res.ok) {
        setRows(res.value);
        setError(null);
      } else setError(res.error.message);
    });
    return () => {
      live = false;
    };
  }, [includeResolved, lastSyncAt]);

  return (
    <main className="manager" data-testid="conflicts-screen">
      <h1>{t('conflicts.title')}</h1>
      <label className="field field--check">
        <input type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} data-testid="conflicts-show-resolved" />
        <span>{t('conflicts.showResolved')}</span>
      </label>
      {error ? (
        <p className="error" role="alert">
          {t('common.error', { message: error })}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p className="muted">{t('conflicts.empty')}</p> : null}
      {rows && rows.length > 0 ? (
        <table className="table table--log" data-testid="conflicts-table">
          <thead>
            <tr>
              <th>{t('log.time')}</th>
              <th>{t('log.code')}</th>
              <th>{t('log.cashier')}</th>
              <th className="num">{t('log.discount')}</th>
              <th>{t('conflicts.winner')}</th>
              <th>{t('conflicts.resolution')}</th>
              <th>{t('conflicts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ConflictRowView key={c.redemption.id} conflict={c} />
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}

/** One conflict: this till's losing redemption, who won the code, and what HQ decided. */
export function ConflictRowView({ conflict: c, format }: { conflict: ConflictRow; format?: Formatter }) {
  const t = useT();
  const store = useFormat();
  const f = format ?? store;
  const r = c.redemption;
  return (
    <tr className="log-row log-row--conflict" data-testid="conflict-row">
      <td>{f.dateTime(r.createdAt)}</td>
      <td className="cell-text" title={r.couponKey}>
        <span className="cell-main">{r.campaignName ?? t('log.unknownCampaign', { id: r.campaignId })}</span>
        <span className="cell-sub mono">{r.couponKey}</span>
      </td>
      <td className="cell-text">{r.cashierName ?? r.cashierId}</td>
      <td className="num">{f.discount(r.discountMinor)}</td>
      <WinnerCell conflict={c} f={f} />
      <td className="cell-text">{c.resolution ? t(`conflicts.${c.resolution}`) : t('conflicts.unresolved')}</td>
      <td className="cell-text">{c.note ?? ''}</td>
    </tr>
  );
}

/**
 * "Won by": the winning till (HQ's name, else its id), its store when not this one, and when it
 * redeemed the code, in store time like the Time column (the date too when the store day differs).
 * The winning redemption's id is in the tooltip. HQs that send only the id: the id, as before.
 */
function WinnerCell({ conflict: c, f }: { conflict: ConflictRow; f: Formatter }) {
  const t = useT();
  const w = c.winner;
  if (!w)
    return (
      <td className="mono cell-text" data-testid="conflict-winner">
        {c.winnerId ?? '—'}
      </td>
    );
  // The same store day as this till's redemption: the time says it; else the date too (store time, not the browser's).
  const sameDay = f.date(w.redeemedAt) === f.date(c.redemption.createdAt);
  const vars = { till: w.tillName ?? w.tillId, store: w.storeId, time: sameDay ? f.time(w.redeemedAt) : f.dateTime(w.redeemedAt) };
  return (
    <td className="cell-text" data-testid="conflict-winner" title={c.winnerId ? t('conflicts.winnerTitle', { id: c.winnerId }) : undefined}>
      {w.storeId === c.redemption.storeId ? t('conflicts.wonBy', vars) : t('conflicts.wonByOtherStore', vars)}
    </td>
  );
}
