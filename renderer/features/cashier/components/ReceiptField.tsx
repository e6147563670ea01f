import { useT } from '../../../i18n';
import { enterReturnsToScanField } from '../../scan/ScanField';
import { useBasketStore } from '../store/useBasketStore';

/**
 * The manual basket's optional POS receipt number: main keeps it and sends it to HQ with the
 * basket's coupons. Saved on Enter (which returns to the scan field) or when the cashier leaves it.
 * A receipt's barcode scanned while it has focus becomes its value (TAKES_SCANS_ATTR), not a coupon scan.
 */
export function ReceiptField() {
  const t = useT();
  const receiptText = useBasketStore((s) => s.receiptText);
  const { setReceiptText, commitReceipt } = useBasketStore.getState();
  return (
    <label className="field field--compact field--grow">
      <span>{t('manualBasket.receiptNo')}</span>
      <input
        type="text"
        autoComplete="off"
        maxLength={64}
        data-testid="receipt-no"
        data-takes-scans=""
        value={receiptText}
        onChange={(e) => setReceiptText(e.target.value)}
        onBlur={() => void commitReceipt()}
        onKeyDown={enterReturnsToScanField()}
      />
    </label>
  );
}

/** Only what needs the cashier's eye: the receipt number was not saved (why), or came too late for some coupons. */
export function ReceiptNote() {
  const t = useT();
  const error = useBasketStore((s) => s.receiptError);
  const late = useBasketStore((s) => (s.receiptSaved ? s.sentWithoutReceipt : 0));
  if (error)
    return (
      <span className="approval__error receipt-note" role="alert" data-testid="receipt-error">
        {t('manualBasket.receiptFailed', { message: error })}
      </span>
    );
  if (late === 0) return null;
  return (
    <span className="approval__error receipt-note" role="status" data-testid="receipt-note">
      {t('manualBasket.sentWithoutReceipt', { count: late })}
    </span>
  );
}
