import { LOG_STATUSES } from '../../../../shared/ipc/logStatuses';
import { useT } from '../../../i18n';
import { DayField } from '../../../lib/DayField';
import { tillLabel } from '../../../lib/tillLabel';
import { useLogStore } from '../store/useLogStore';

/** The log's filters: store days, cashier, till and campaign by name, status, conflicts only. Enter applies. */
export function LogFilters({ canExport, onExport }: { canExport: boolean; onExport: () => void }) {
  const t = useT();
  const form = useLogStore((s) => s.form);
  const campaigns = useLogStore((s) => s.campaigns);
  const cashiers = useLogStore((s) => s.cashiers);
  const tillId = useLogStore((s) => s.tillId);
  const summary = useLogStore((s) => s.summary);
  const tills = summary?.tills ?? [];
  const { setForm, resetForm, apply } = useLogStore.getState();
  const tillIds = [...new Set([...(tillId ? [tillId] : []), ...tills.map((x) => x.key), ...(form.tillId ? [form.tillId] : [])])];
  const tillNames = new Map(tills.map((x) => [x.key, x.name]));
  if (tillId && !tillNames.get(tillId)) tillNames.set(tillId, useLogStore.getState().tillName);
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <label className="field">
        <span>{t('log.from')}</span>
        <DayField value={form.from} onChange={(from) => setForm({ from })} testId="log-from" />
      </label>
      <label className="field">
        <span>{t('log.to')}</span>
        <DayField value={form.to} onChange={(to) => setForm({ to })} testId="log-to" />
      </label>
      <label className="field">
        <span>{t('log.campaign')}</span>
        <select value={form.campaignId} onChange={(e) => setForm({ campaignId: e.target.value })} data-testid="log-campaign">
          <option value="">{t('log.any')}</option>
          {campaigns.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
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
        <select value={form.tillId} onChange={(e) => setForm({ tillId: e.target.value })} data-testid="log-till">
          <option value="">{t('log.any')}</option>
          {tillIds.map((id) => (
            <option key={id} value={id}>
              {tillLabel(t, id, tillNames.get(id) ?? null, tillId)}
            </option>
          ))}
        </select>
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
      <div className="filters__actions">
        <button type="submit" className="btn btn--primary" data-testid="log-apply">
          {t('log.apply')} <kbd>Enter</kbd>
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
          <button type="button" className="btn" onClick={onExport} data-testid="log-export">
            {t('log.exportCsv')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
