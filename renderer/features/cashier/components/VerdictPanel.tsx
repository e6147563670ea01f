import { memo } from 'react';
import { formatMinor } from '../../../../shared/money';
import type { CouponVerdict } from '../../../../shared/redemption';
import { useLanguageStore, useT } from '../../../i18n';
import { reasonText } from '../../../i18n/reasons';
import type { VerdictView } from '../store/useBasketStore';

/** 'accepted' | 'refused' | ... as a CSS modifier and a test hook. */
export function verdictState(v: VerdictView | null): string {
  if (!v) return 'idle';
  if (v.state === 'done') return v.verdict.ok ? 'accepted' : 'refused';
  return v.state;
}

/** The verdict's words: the reason for a refusal, or what the coupon gives. */
export function VerdictDetail({ verdict }: { verdict: CouponVerdict }) {
  const lng = useLanguageStore((s) => s.language);
  if (!verdict.ok) return <span className="verdict__reason">{reasonText(verdict.reason, lng, verdict.params)}</span>;
  return <span className="verdict__reason">{verdict.benefitText ? `${verdict.campaignName} · ${verdict.benefitText}` : verdict.campaignName}</span>;
}

/**
 * The last scan's verdict, large and colour-coded (green accepted, red refused), with the
 * discount and the reason in words. Never a dialog: the next scan simply replaces it.
 */
export const VerdictPanel = memo(function VerdictPanel({ view }: { view: VerdictView | null }) {
  const t = useT();
  const state = verdictState(view);
  return (
    <section className={`verdict verdict--${state}`} data-testid="verdict" data-state={state} data-seq={view?.seq ?? 0} aria-live="assertive">
      {view === null ? (
        <span className="verdict__headline verdict__headline--idle">{t('cashier.scanHere')}</span>
      ) : view.state === 'checking' ? (
        <span className="verdict__headline">{t('cashier.waiting')}</span>
      ) : view.state === 'needTotal' ? (
        <span className="verdict__headline">{t('cashier.needTotal')}</span>
      ) : view.state === 'error' ? (
        <>
          <span className="verdict__headline">{t('cashier.refused')}</span>
          <span className="verdict__reason">{t('cashier.error', { message: view.message })}</span>
        </>
      ) : (
        <>
          <span className="verdict__headline" data-testid="verdict-headline">
            {view.verdict.ok ? t('cashier.accepted') : t('cashier.refused')}
            {view.duplicate ? ` · ${t('cashier.duplicate')}` : ''}
          </span>
          {view.verdict.ok && (view.verdict.discountMinor > 0 || !view.verdict.benefitText) ? (
            <span className="verdict__discount" data-testid="verdict-discount">
              {t('cashier.discount', { amount: formatMinor(view.verdict.discountMinor) })}
            </span>
          ) : null}
          <VerdictDetail verdict={view.verdict} />
        </>
      )}
      <span className="verdict__code">{view?.code ?? ''}</span>
    </section>
  );
});
