import { memo, useEffect } from 'react';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import { useRapidStore, type RapidRow } from '../store/useRapidStore';
import { useSettingsStore } from '../../../app/store/useSettingsStore';
import { ScanField, enterReturnsToScanField, focusScanField } from '../../scan/ScanField';
import { setScanHandler } from '../../scan/scanRouter';
import { playCue } from '../../scan/sounds';
import { VerdictDetail } from '../../cashier/components/VerdictPanel';

/**
 * Rapid scan mode for peak hours: scan after scan, no dialog, one colour-coded row per scan
 * with its sound, running count and total. Keyboard only: Enter scans, F3 goes to the basket
 * total, Esc clears the list. Without a total, money coupons wait for one (amber rows).
 */
const TOTAL_FIELD = 'rapid-total';

function focusTotal(): void {
  document.querySelector<HTMLInputElement>(`[data-testid="${TOTAL_FIELD}"]`)?.focus();
}

function onScanned(row: RapidRow | null): void {
  if (!row) return;
  if (row.state === 'needTotal') {
    playCue('needTotal');
    focusTotal();
  } else playCue(row.state === 'done' && row.verdict?.ok ? 'accepted' : 'refused');
}

async function commitTotal(): Promise<void> {
  for (const row of await useRapidStore.getState().commitTotal()) onScanned(row);
}

export function RapidScreen() {
  const t = useT();
  const rows = useRapidStore((s) => s.rows);
  const acceptedCount = useRapidStore((s) => s.acceptedCount);
  const refusedCount = useRapidStore((s) => s.refusedCount);
  const total = useRapidStore((s) => s.totalDiscountMinor);
  const ignored = useRapidStore((s) => s.ignoredRepeats);
  const totalText = useRapidStore((s) => s.totalText);
  const heldCount = useRapidStore((s) => s.held.length);
  const f = useFormat();
  const windowMs = useSettingsStore((s) => s.settings.rapidDedupeMs);

  useEffect(() => useRapidStore.getState().setWindow(windowMs), [windowMs]);
  useEffect(
    () =>
      setScanHandler((text, source) => {
        void useRapidStore.getState().scan(text, source).then(onScanned);
      }),
    [],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F3') {
        e.preventDefault();
        focusTotal();
      } else if (e.key === 'Escape') {
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
        <ScanField label={t('rapid.title')} placeholder={t('rapid.placeholder')} />
        <label className={`field field--total ${totalText.trim() === '' ? 'field--needed' : ''}`}>
          <span>
            {t('rapid.basketTotal')} <kbd>F3</kbd>
          </span>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            data-testid={TOTAL_FIELD}
            value={totalText}
            onChange={(e) => useRapidStore.getState().setTotalText(e.target.value)}
            onKeyDown={enterReturnsToScanField(() => void commitTotal())}
          />
        </label>
      </div>
      {totalText.trim() === '' || heldCount > 0 ? (
        <p className="rapid__needs-total" role="status" data-testid="rapid-needs-total" data-held={heldCount}>
          {heldCount > 0 ? t('rapid.heldForTotal', { count: heldCount }) : t('rapid.enterTotalFirst')}
        </p>
      ) : null}
      <div className="rapid__counters">
        <Counter label={t('rapid.count')} value={String(acceptedCount)} testId="rapid-accepted" tone="ok" />
        <Counter label={t('rapid.refusedCount')} value={String(refusedCount)} testId="rapid-refused" tone="bad" />
        <Counter label={t('rapid.total')} value={f.money(total)} testId="rapid-total-discount" tone="ok" />
        <Counter label={t('rapid.ignored')} value={String(ignored)} testId="rapid-ignored" tone="muted" title={t('rapid.hint', { ms: windowMs })} />
      </div>
      <ol className="rapid__rows" data-testid="rapid-rows" data-count={rows.length}>
        {rows.map((r) => (
          <RapidRowView key={r.seq} row={r} />
        ))}
      </ol>
    </main>
  );
}

function Counter({ label, value, testId, tone, title }: { label: string; value: string; testId: string; tone: string; title?: string }) {
  return (
    <div className={`counter counter--${tone}`} title={title}>
      <span className="counter__label">{label}</span>
      <span className="counter__value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

const RapidRowView = memo(function RapidRowView({ row }: { row: RapidRow }) {
  const t = useT();
  const f = useFormat();
  const state =
    row.state === 'checking' || row.state === 'needTotal' ? row.state : row.state === 'error' ? 'refused' : row.verdict?.ok ? 'accepted' : 'refused';
  const headline = {
    checking: t('rapid.pending'),
    needTotal: t('rapid.needTotal'),
    accepted: t('cashier.accepted'),
    refused: t('cashier.refused'),
  }[state];
  return (
    <li className={`rapid-row rapid-row--${state}`} data-testid="rapid-row" data-state={state} data-code={row.code}>
      <span className="rapid-row__code" title={row.code}>
        {row.verdict?.campaignName ? (
          <>
            <span className="rapid-row__name">{row.verdict.campaignName}</span>
            <span className="rapid-row__key mono">{row.verdict.couponKey ?? row.code}</span>
          </>
        ) : (
          row.code
        )}
      </span>
      <span className="rapid-row__headline">{headline}</span>
      <span className="rapid-row__detail">
        {/* An accepted row already names its coupon on the left: the detail says only what it gives. */}
        {row.verdict?.ok ? (
          (row.verdict.benefitText ?? '')
        ) : row.verdict ? (
          <VerdictDetail verdict={row.verdict} />
        ) : row.state === 'needTotal' ? (
          t('rapid.needTotalDetail')
        ) : (
          (row.message ?? '')
        )}
      </span>
      <span className="rapid-row__amount">{row.verdict?.ok ? f.discount(row.verdict.discountMinor) : ''}</span>
    </li>
  );
});
