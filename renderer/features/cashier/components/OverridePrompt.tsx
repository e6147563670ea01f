import { useState } from 'react';
import { useT } from '../../../i18n';
import { useBasketStore } from '../store/useBasketStore';
import { focusScanField } from '../../scan/ScanField';

/**
 * Inline manager override for an undo the cashier's role may not do: a manager picks their
 * name and types their PIN right here. Not a modal: scans keep working meanwhile (a scan made
 * while the PIN field has focus is caught by the window capture and never lands in it).
 */
export function OverridePrompt({ reason }: { reason: string }) {
  const t = useT();
  const undo = useBasketStore((s) => s.undo);
  const { approveOverride, cancelOverride } = useBasketStore.getState();
  const managers = undo.state === 'override' ? undo.managers : [];
  const [managerId, setManagerId] = useState(managers[0]?.id ?? '');
  const [pin, setPin] = useState('');
  if (undo.state !== 'override') return null;

  const approve = async () => {
    await approveOverride(managerId || managers[0]?.id || '', pin, reason);
    setPin('');
    if (useBasketStore.getState().undo.state !== 'override') focusScanField();
  };
  const cancel = () => {
    cancelOverride();
    focusScanField();
  };

  return (
    <form
      className="override"
      data-testid="override-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        void approve();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <strong className="override__title">{t('cashier.overrideNeeded')}</strong>
      <label className="field">
        <span>{t('cashier.overrideManager')}</span>
        <select value={managerId} onChange={(e) => setManagerId(e.target.value)} data-testid="override-manager">
          {managers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('cashier.overridePin')}</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
          data-testid="override-pin"
          autoFocus
        />
      </label>
      {undo.error ? <span className="override__error" role="alert" data-testid="override-error">{undo.error}</span> : null}
      <button type="submit" className="btn btn--primary" disabled={pin.length < 4} data-testid="override-approve">
        {t('cashier.overrideApprove')}
      </button>
      <button type="button" className="btn" onClick={cancel}>
        {t('cashier.overrideCancel')}
      </button>
    </form>
  );
}
