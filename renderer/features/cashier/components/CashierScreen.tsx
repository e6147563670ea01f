import { useEffect } from 'react';
import { useT } from '../../../i18n';
import { useCan } from '../../../app/store/useSessionStore';
import { lastCoupon, useBasketStore } from '../store/useBasketStore';
import { ScanField, enterReturnsToScanField, focusScanField } from '../../scan/ScanField';
import { setScanHandler } from '../../scan/scanRouter';
import { playVerdict } from '../../scan/sounds';
import { VerdictPanel, verdictState } from './VerdictPanel';
import { BasketPanel } from './BasketPanel';
import { OverridePrompt } from './OverridePrompt';
import { CameraSlot } from '../../scan/CameraSlot';

/**
 * The cashier screen: scan field (always focused), basket total and member id, the verdict
 * large and colour-coded, the basket's coupons, undo and new basket. Keys: Enter scans,
 * F2 new basket, F4 undo last.
 */
export function CashierScreen() {
  const t = useT();
  const canVoid = useCan('coupon.void');
  const verdict = useBasketStore((s) => s.verdict);
  const totalText = useBasketStore((s) => s.totalText);
  const memberId = useBasketStore((s) => s.memberId);
  const coupons = useBasketStore((s) => s.coupons);
  const undo = useBasketStore((s) => s.undo);
  const { scan, setTotalText, setMemberId, commitTotal, newBasket, undoLast } = useBasketStore.getState();
  const voidReason = t('cashier.voidReasonDefault');

  useEffect(() => setScanHandler((text, source) => void useBasketStore.getState().scan(text, source)), [scan]);

  const state = verdictState(verdict);
  useEffect(() => {
    if (state === 'accepted' || state === 'refused' || state === 'error') playVerdict(state === 'accepted');
  }, [verdict?.seq, state]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        newBasket();
        focusScanField();
      } else if (e.key === 'F4') {
        e.preventDefault();
        void undoLast(canVoid, voidReason);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newBasket, undoLast, canVoid, voidReason]);

  const hasLast = lastCoupon(coupons) !== null;
  return (
    <main className="cashier" data-testid="cashier-screen">
      <div className="cashier__main">
        <ScanField label={t('cashier.scanLabel')} placeholder={t('cashier.scanHere')} />
        <VerdictPanel view={verdict} />
        <div className="cashier__inputs">
          <label className="field field--big">
            <span>{t('cashier.basketTotal')}</span>
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              data-testid="basket-total"
              value={totalText}
              onChange={(e) => setTotalText(e.target.value)}
              onKeyDown={enterReturnsToScanField(() => void commitTotal())}
            />
          </label>
          <label className="field">
            <span>{t('cashier.memberId')}</span>
            <input
              type="text"
              autoComplete="off"
              data-testid="member-id"
              value={memberId}
              onChange={(e) => setMemberId(e.target.value)}
              onKeyDown={enterReturnsToScanField()}
            />
          </label>
        </div>
        <div className="cashier__actions">
          <button type="button" className="btn btn--big" data-testid="new-basket" onClick={() => newBasket()}>
            {t('cashier.newBasket')} <kbd>F2</kbd>
          </button>
          <button
            type="button"
            className="btn btn--big"
            data-testid="undo-last"
            disabled={!hasLast || undo.state === 'working'}
            onClick={() => void undoLast(canVoid, voidReason)}
          >
            {t('cashier.undo')} <kbd>F4</kbd>
          </button>
          {undo.state === 'error' ? <span className="override__error" role="alert">{undo.message}</span> : null}
        </div>
        <OverridePrompt key={undo.state} reason={voidReason} />
      </div>
      <aside className="cashier__side">
        <BasketPanel />
        <CameraSlot />
      </aside>
    </main>
  );
}
