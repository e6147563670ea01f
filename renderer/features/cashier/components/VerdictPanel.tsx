import { memo } from 'react';
import type { CouponVerdict } from '../../../../shared/redemption';
import { useLanguageStore, useT } from '../../../i18n';
import { reasonText } from '../../../i18n/reasons';
import { useFormat } from '../../../lib/format';
import type { VerdictView } from '../store/useBasketStore';
import type { ApprovalState } from '../store/approval';
import { ManagerApproval } from './ManagerApproval';

/** 'accepted' | 'refused' | 'voided' | ... as a CSS modifier and a test hook. */
export function verdictState(v: VerdictView | null): string {
  if (!v) return 'idle';
  if (v.state === 'done') return v.verdict.ok ? 'accepted' : 'refused';
  return v.state;
}

/** The verdict's words: the refusal in the cashier's words (what to do next), or what the coupon gives. */
export function VerdictDetail({ verdict }: { verdict: CouponVerdict }) {
  const lng = useLanguageStore((s) => s.language);
  const { settings } = useFormat();
  if (!verdict.ok) {
    return (
      <span className="verdict__reason">{reasonText(verdict.reason, lng, verdict.params, { currency: settings.currency, timeZone: settings.timeZone })}</span>
    );
  }
  return <span className="verdict__reason">{verdict.benefitText ? `${verdict.campaignName} · ${verdict.benefitText}` : verdict.campaignName}</span>;
}

/** The coupon's campaign name in large type and its key as secondary text. */
function CouponName({ verdict }: { verdict: CouponVerdict }) {
  const name = verdict.campaignName;
  const key = verdict.couponKey;
  if (!name) return null;
  return (
    <span className="verdict__campaign">
      {name}
      {key ? <span className="verdict__key mono"> · {key}</span> : null}
    </span>
  );
}

function Done({ view }: { view: Extract<VerdictView, { state: 'done' }> }) {
  const t = useT();
  const f = useFormat();
  const v = view.verdict;
  return (
    <>
      <span className="verdict__headline" data-testid="verdict-headline">
        {v.ok ? t('cashier.accepted') : t('cashier.refused')}
        {view.duplicate ? ` · ${t('cashier.duplicate')}` : ''}
        {v.ok && (v.discountMinor > 0 || !v.benefitText) ? ' ' : null}
        {v.ok && (v.discountMinor > 0 || !v.benefitText) ? (
          <span className="verdict__discount" data-testid="verdict-discount">
            {f.discount(v.discountMinor)}
          </span>
        ) : null}
      </span>
      <VerdictDetail verdict={v} />
      {!v.ok ? <CouponName verdict={v} /> : null}
    </>
  );
}

/**
 * The last scan's verdict, large and in three channels (colour, a word, a sound): green
 * accepted, red refused, amber "needs something", neutral after an undo. Never a dialog: the
 * next scan simply replaces it. A manager's approval opens in this same box, so nothing moves.
 */
export const VerdictPanel = memo(function VerdictPanel({ view, approval }: { view: VerdictView | null; approval: ApprovalState }) {
  const t = useT();
  const f = useFormat();
  const state = approval.state === 'open' ? 'approval' : verdictState(view);
  return (
    <section className={`verdict verdict--${state}`} data-testid="verdict" data-state={state} data-seq={view?.seq ?? 0} aria-live="assertive">
      {approval.state === 'open' ? (
        <ManagerApproval key={approval.blocked.kind} approval={approval} />
      ) : view === null ? (
        <span className="verdict__headline verdict__headline--idle">{t('cashier.scanHere')}</span>
      ) : view.state === 'checking' ? (
        <span className="verdict__headline">{t('cashier.waiting')}</span>
      ) : view.state === 'needTotal' ? (
        <>
          <span className="verdict__headline">{t('cashier.needTotal')}</span>
          <span className="verdict__reason">{t('cashier.needTotalHint')}</span>
        </>
      ) : view.state === 'voided' ? (
        <>
          <span className="verdict__headline" data-testid="verdict-headline">
            {t('cashier.voidedAmount', { amount: f.money(view.discountMinor) })}
          </span>
          <span className="verdict__reason">{view.campaignName}</span>
        </>
      ) : view.state === 'error' ? (
        <>
          <span className="verdict__headline">{t('cashier.refused')}</span>
          <span className="verdict__reason">{t('cashier.errorWords')}</span>
        </>
      ) : (
        <Done view={view} />
      )}
      {approval.state === 'open' ? null : <span className="verdict__code">{view?.code ?? ''}</span>}
    </section>
  );
});
