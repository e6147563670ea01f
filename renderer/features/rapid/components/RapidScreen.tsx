import { memo, useEffect } from 'react';
import { formatMinor } from '../../../../shared/money';
import { useT } from '../../../i18n';
import { useRapidStore, type RapidRow } from '../store/useRapidStore';
import { useSettingsStore } from '../../../app/store/useSettingsStore';
import { ScanField, enterReturnsToScanField, focusScanField } from '../../scan/ScanField';
import { setScanHandler } from '../../scan/scanRouter';
import { playVerdict } from '../../scan/sounds';
import { VerdictDetail } from '../../cashier/components/VerdictPanel';

/**
 * Rapid scan mode for peak hours: scan after scan, no dialog, one colour-coded row per scan
 * with its sound, running count and total. Keyboard only: Enter scans, Esc clears the list.
 */
export function RapidScreen() {
  const t = useT();
  const rows = useRapidStore((s) => s.rows);
  const acceptedCount = useRapidStore((s) => s.acceptedCount);
  const refusedCount = useRapidStore((s) => s.refusedCount);
  const total = useRapidStore((s) => s.totalDiscountMinor);
  const ignored = useRapidStore((s) => s.ignoredRepeats);
  const totalText = useRapidStore((s) => s.totalText);
  const windowMs = useSettingsStore((s) => s.settings.rapidDedupeMs);

  useEffect(() => useRapidStore.getState().setWindow(windowMs), [windowMs]);
  useEffect(
    () =>
      setScanHandler((text, source) => {
        void useRapidStore
          .getState()
          .scan(text, source)
          .then((row) => {
            if (row) playVerdict(row.state === 'done' && !!row.verdict?.ok);
          });
      }),
    [],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        useRapidStore.getState().clear();
        focusScanField();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main className="rapid" data-testid="rapid-screen">
      <div className="rapid__top">
        <ScanField label={t('rapid.title')} placeholder={t('rapid.hint', { ms: windowMs })} />
        <label className="field">
          <span>{t('rapid.basketTotal')}</span>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            data-testid="rapid-total"
            value={totalText}
            onChange={(e) => useRapidStore.getState().setTotalText(e.target.value)}
            onKeyDown={enterReturnsToScanField()}
          />
        </label>
      </div>
      <div className="rapid__counters">
        <Counter label={t('rapid.count')} value={String(acceptedCount)} testId="rapid-accepted" tone="ok" />
        <Counter label={t('rapid.refusedCount')} value={String(refusedCount)} testId="rapid-refused" tone="bad" />
        <Counter label={t('rapid.total')} value={formatMinor(total)} testId="rapid-total-discount" tone="ok" />
        <Counter label={t('rapid.ignored')} value={String(ignored)} testId="rapid-ignored" tone="muted" />
      </div>
      <ol className="rapid__rows" data-testid="rapid-rows" data-count={rows.length}>
        {rows.map((r) => (
          <RapidRowView key={r.seq} row={r} />
        ))}
      </ol>
    </main>
  );
}

function Counter({ label, value, testId, tone }: { label: string; value: string; testId: string; tone: string }) {
  return (
    <div className={`counter counter--${tone}`}>
      <span className="counter__label">{label}</span>
      <span className="counter__value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

const RapidRowView = memo(function RapidRowView({ row }: { row: RapidRow }) {
  const t = useT();
  const state = row.state === 'checking' ? 'checking' : row.state === 'error' ? 'refused' : row.verdict?.ok ? 'accepted' : 'refused';
  return (
    <li className={`rapid-row rapid-row--${state}`} data-testid="rapid-row" data-state={state} data-code={row.code}>
      <span className="rapid-row__code">{row.code}</span>
      <span className="rapid-row__headline">
        {state === 'checking' ? t('rapid.pending') : state === 'accepted' ? t('cashier.accepted') : t('cashier.refused')}
      </span>
      <span className="rapid-row__detail">
        {row.verdict ? <VerdictDetail verdict={row.verdict} /> : row.message ?? ''}
      </span>
      <span className="rapid-row__amount">{row.verdict?.ok ? `−${formatMinor(row.verdict.discountMinor)}` : ''}</span>
    </li>
  );
});
