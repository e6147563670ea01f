import { useEffect } from 'react';
import { useT } from '../../../i18n';
import { followManualBasket, lastCoupon, useBasketStore } from '../store/useBasketStore';
import { ScanField, enterReturnsToScanField, focusScanField } from '../../scan/ScanField';
import { setScanHandler } from '../../scan/scanRouter';
import { playCue } from '../../scan/sounds';
import { VerdictPanel, verdictState } from './VerdictPanel';
import { BasketPanel } from './BasketPanel';
import { CameraSlot } from '../../scan/CameraSlot';
import { PosOrderPanel } from '../../pos/components/PosOrderPanel';
import { followPosOrder, usePosOrderStore } from '../../pos/store/usePosOrderStore';
import { ReceiptField, ReceiptNote } from './ReceiptField';

const TOTAL_FIELD = 'basket-total';

function focusTotal(): void {
  document.querySelector<HTMLInputElement>(`[data-testid="${TOTAL_FIELD}"]`)?.focus();
}

/** The sound for what the panel now shows: accepted, refused, needs a total, needs a manager. */
function useVerdictSound(): void {
  const verdict = useBasketStore((s) => s.verdict);
  const approvalOpen = useBasketStore((s) => s.approval.state === 'open');
  const state = verdictState(verdict);
  useEffect(() => {
    if (state === 'accepted') playCue('accepted');
    else if (state === 'refused' || state === 'error') {
      if (!approvalOpen) playCue('refused');
    } else if (state === 'needTotal') {
      playCue('needTotal');
      // The cashier's next move is the total: put the cursor there (a scan still cannot land in it).
      focusTotal();
    }
    // The approval's own cue when it opens.
  }, [verdict?.seq, state]);
  useEffect(() => {
    if (approvalOpen) playCue('needManager');
  }, [approvalOpen]);
}

/**
 * The cashier screen: scan field (always ready), basket total and member id, the verdict large
 * and colour-coded, the basket's coupons, undo and new basket. Keys: Enter scans, F2 new basket,
 * F3 basket total, F4 undo last, Escape closes a manager approval.
 */
export function CashierScreen() {
  const t = useT();
  const verdict = useBasketStore((s) => s.verdict);
  const approval = useBasketStore((s) => s.approval);
  const { newBasket, undoLast } = useBasketStore.getState();
  const voidReason = t('cashier.voidReasonDefault');

  const posOrder = usePosOrderStore((s) => s.order);
  useEffect(() => {
    void usePosOrderStore.getState().load();
    return followPosOrder();
  }, []);
  // Main owns the manual basket too: the screen shows main's and follows its pushes.
  useEffect(() => {
    void useBasketStore.getState().load();
    return followManualBasket();
  }, []);
  // A POS's open order is the till's current order: the till's own scanner applies codes to it.
  useEffect(
    () =>
      setScanHandler((text, source) =>
        usePosOrderStore.getState().order ? void useBasketStore.getState().scanOnPosOrder(text, source) : void useBasketStore.getState().scan(text, source),
      ),
    [],
  );
  useVerdictSound();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The POS owns its order: the manual basket's keys wait until it is closed.
      if (usePosOrderStore.getState().order && e.key !== 'Escape') return;
      if (e.key === 'F2') {
        e.preventDefault();
        newBasket();
        focusScanField();
      } else if (e.key === 'F3') {
        e.preventDefault();
        focusTotal();
      } else if (e.key === 'F4') {
        e.preventDefault();
        void undoLast(voidReason);
      } else if (e.key === 'Escape' && useBasketStore.getState().approval.state === 'open') {
        useBasketStore.getState().cancelApproval();
        focusScanField();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newBasket, undoLast, voidReason]);

  return (
    <main className="cashier" data-testid="cashier-screen">
      <div className="cashier__main">
        <ScanField label={t('cashier.scanLabel')} placeholder={posOrder ? t('posOrder.scanHint') : t('cashier.scanPlaceholder')} />
        <VerdictPanel view={verdict} approval={approval} />
        {posOrder ? null : <ManualBasketInputs />}
      </div>
      <aside className="cashier__side">
        {posOrder ? <PosOrderPanel order={posOrder} /> : <BasketPanel />}
        <CameraSlot />
      </aside>
    </main>
  );
}

/** The manual basket (no POS order open): total, member, new basket, undo. */
function ManualBasketInputs() {
  const t = useT();
  const verdict = useBasketStore((s) => s.verdict);
  const totalText = useBasketStore((s) => s.totalText);
  const memberId = useBasketStore((s) => s.memberId);
  const coupons = useBasketStore((s) => s.coupons);
  const undoing = useBasketStore((s) => s.undoing);
  const undoError = useBasketStore((s) => s.undoError);
  const { setTotalText, setMemberId, commitTotal, newBasket, undoLast } = useBasketStore.getState();
  const voidReason = t('cashier.voidReasonDefault');
  const hasLast = lastCoupon(coupons) !== null;
  return (
    <>
      <div className="cashier__inputs">
        <label className={`field field--big ${verdict?.state === 'needTotal' ? 'field--needed' : ''}`}>
          <span>
            {t('cashier.basketTotal')} <kbd>F3</kbd>
          </span>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            data-testid={TOTAL_FIELD}
            value={totalText}
            onChange={(e) => setTotalText(e.target.value)}
            onKeyDown={enterReturnsToScanField(() => void commitTotal())}
          />
        </label>
        <label className="field field--compact">
          <span>{t('cashier.memberId')}</span>
          <input
            type="text"
            autoComplete="off"
            data-testid="member-id"
            value={memberId}
            onChange={(e) => setMemberId(e.target.value)}
            onKeyDown={enterReturnsToScanField(() => void commitTotal())}
          />
        </label>
        <ReceiptField />
      </div>
      <div className="cashier__actions">
        <button type="button" className="btn btn--big" data-testid="new-basket" onClick={() => newBasket()}>
          {t('cashier.newBasket')} <kbd>F2</kbd>
        </button>
        <button type="button" className="btn btn--big" data-testid="undo-last" disabled={!hasLast || undoing} onClick={() => void undoLast(voidReason)}>
          {t('cashier.undo')} <kbd>F4</kbd>
        </button>
        {undoError ? (
          <span className="approval__error" role="alert" data-testid="undo-error">
            {t('cashier.undoFailed')}
          </span>
        ) : null}
        <ReceiptNote />
      </div>
    </>
  );
}
