import { useEffect, useState } from 'react';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import { useBasketStore } from '../store/useBasketStore';
import type { ApprovalState } from '../store/approval';
import { focusScanField } from '../../scan/ScanField';

const KNOWN_ERRORS = new Set(['bad_credentials', 'locked_out', 'forbidden']);

/**
 * A manager approves a blocked action right here, inside the verdict panel's own box (so nothing
 * else on the screen moves): pick the manager, type their PIN, Enter approves, Escape cancels.
 * Not a modal: scans keep working meanwhile (a scan typed while the PIN field has focus is caught
 * by the window capture, never lands in it, and replaces this approval). Focus goes back to the
 * scan field when it closes.
 */
export function ManagerApproval({ approval }: { approval: Extract<ApprovalState, { state: 'open' }> }) {
  const t = useT();
  const f = useFormat();
  const { approve, cancelApproval } = useBasketStore.getState();
  const [managerId, setManagerId] = useState(approval.managers[0]?.id ?? '');
  const [pin, setPin] = useState('');
  useEffect(() => () => focusScanField(), []);
  useEffect(() => setPin(''), [approval.error]);

  const blocked = approval.blocked;
  const title =
    blocked.kind === 'redeem'
      ? t('approval.titleRedeem')
      : t('approval.titleUndo', { amount: f.money(blocked.coupon.discountMinor), campaign: blocked.coupon.campaignName });
  const error = approval.error ? t(`approval.errors.${KNOWN_ERRORS.has(approval.error.code) ? approval.error.code : 'other'}`) : null;

  return (
    <form
      className="approval"
      data-testid="approval"
      data-action={blocked.kind}
      onSubmit={(e) => {
        e.preventDefault();
        if (pin.length >= 4 && managerId) void approve(managerId, pin);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          cancelApproval();
        }
      }}
    >
      <strong className="approval__title">{title}</strong>
      {approval.managers.length === 0 ? (
        <span className="approval__error" role="alert">
          {t('approval.noManager')}
        </span>
      ) : (
        <div className="approval__row">
          <label className="field">
            <span>{t('approval.manager')}</span>
            <select value={managerId} onChange={(e) => setManagerId(e.target.value)} data-testid="approval-manager">
              {approval.managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('approval.pin')}</span>
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
              data-testid="approval-pin"
              autoFocus
            />
          </label>
          <button type="submit" className="btn btn--primary" disabled={pin.length < 4 || approval.busy} data-testid="approval-approve">
            {t('approval.approve')} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => cancelApproval()} data-testid="approval-cancel">
            {t('approval.cancel')} <kbd>Esc</kbd>
          </button>
        </div>
      )}
      {error ? (
        <span className="approval__error" role="alert" data-testid="approval-error">
          {error}
        </span>
      ) : null}
    </form>
  );
}
