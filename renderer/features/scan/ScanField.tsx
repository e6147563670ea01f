import { useEffect, useRef } from 'react';
import { SCAN_FIELD_ATTR, submitScanField } from './windowCapture';

/**
 * The scan field: always focused on scanning screens. Uncontrolled on purpose: a scanner types
 * 30 keys in 100 ms and none of them should cost a React render; only the terminator does work.
 */
export function ScanField({ label, placeholder }: { label: string; placeholder: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useKeepFocus(ref);

  // The window capture submits on Enter, Tab, a chord or the pause after a suffix-less scan; this
  // covers Enter when no capture is installed (component tests).
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    submitScanField(e.currentTarget);
  };

  const attrs = { [SCAN_FIELD_ATTR]: '' };
  return (
    <label className="scan-field">
      <span className="scan-field__label">{label}</span>
      <input
        ref={ref}
        {...attrs}
        data-testid="scan-field"
        className="scan-field__input"
        type="text"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={placeholder}
        onKeyDown={onKeyDown}
        autoFocus
      />
    </label>
  );
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'submit', 'checkbox', 'radio', 'range'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Brings focus back to the scan field whenever it would rest anywhere else than a field the
 * cashier is legitimately editing (basket total, member id, manager PIN): after a button
 * click, a click on empty space, or when such a field is done.
 */
function useKeepFocus(ref: React.RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    let timer = 0;
    const check = () => {
      timer = 0;
      const field = ref.current;
      if (!field || !field.isConnected) return;
      const active = document.activeElement;
      if (active === field || isEditable(active)) return;
      field.focus({ preventScroll: true });
    };
    const schedule = () => {
      if (!timer) timer = window.setTimeout(check, 0);
    };
    document.addEventListener('focusout', schedule, true);
    document.addEventListener('focusin', schedule, true);
    document.addEventListener('pointerup', schedule, true);
    ref.current?.focus({ preventScroll: true });
    return () => {
      document.removeEventListener('focusout', schedule, true);
      document.removeEventListener('focusin', schedule, true);
      document.removeEventListener('pointerup', schedule, true);
      if (timer) window.clearTimeout(timer);
    };
  }, [ref]);
}

/**
 * onKeyDown for the few fields a cashier types into (basket total, member id): Enter sends focus
 * back to the scan field, then runs `then` (for example committing the total).
 */
export function enterReturnsToScanField(then?: () => void) {
  return (e: React.KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    focusScanField();
    then?.();
  };
}

/** Moves focus back to the scan field (after Enter in the total field, for example). */
export function focusScanField(): void {
  const el = document.querySelector<HTMLInputElement>(`[${SCAN_FIELD_ATTR}]`);
  el?.focus({ preventScroll: true });
}
