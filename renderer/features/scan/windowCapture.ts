import { WEDGE_PRESETS, wedgeKeyFromEvent } from '../../../shared/scan/wedge';
import { KeyCapture, type KeyTarget } from './keyCapture';
import { cleanScannedText } from './scanText';
import { routeScan } from './scanRouter';

/**
 * Installs the window-level key capture (capture phase, before any field sees the key).
 * Scans typed while another field has focus are routed to the scan pipeline and never land
 * in that field; typing is given back into the field it was typed in. Returns the uninstall.
 */

/** Marks the element that is the scan field (keys go to it normally). */
export const SCAN_FIELD_ATTR = 'data-scan-field';

let affixes = { prefix: '', suffix: '' };
let capture: KeyCapture | null = null;

/** Scanner prefix/suffix from settings: stripped from scans in the scan field and elsewhere. */
export function setWedgeAffixes(prefix: string, suffix: string): void {
  affixes = { prefix, suffix };
  capture?.setOptions({ ...WEDGE_PRESETS.usb, prefix, suffix });
}

/** The installed capture, for the scan field to ask how its text was typed. */
export function keyCapture(): KeyCapture | null {
  return capture;
}

/** Strips the configured scanner prefix/suffix from the scan field's text. */
export function cleanScan(raw: string): string {
  return cleanScannedText(raw, affixes.prefix, affixes.suffix);
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

function targetKind(el: EventTarget | null): KeyTarget {
  if (!(el instanceof HTMLElement)) return 'none';
  if (el.hasAttribute(SCAN_FIELD_ATTR)) return 'scan';
  if (el instanceof HTMLTextAreaElement || el.isContentEditable) return 'field';
  if (el instanceof HTMLInputElement) return NOT_TEXT.has(el.type) ? 'none' : 'field';
  return 'none';
}

/** Puts typing held back by the detector into the field it was typed in, as if typed now. */
function releaseInto(el: HTMLElement | null, text: string): void {
  if (!el || !el.isConnected) return;
  // insertText goes through the browser's editing path: input events fire, React sees them, undo works.
  if (document.activeElement === el && document.execCommand('insertText', false, text)) return;
  // Focus already moved on (a click): append without stealing focus back.
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.setRangeText(text, el.value.length, el.value.length, 'end');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

export function installWindowCapture(win: Window = window): () => void {
  let heldIn: HTMLElement | null = null;
  const cap = new KeyCapture(
    {
      onScan: (text, source) => {
        if (text) routeScan(text, source);
      },
      release: (text, target) => {
        if (target === 'field') releaseInto(heldIn, text);
      },
    },
    { set: (fn, ms) => win.setTimeout(fn, ms), clear: (h) => win.clearTimeout(h as number), now: () => win.performance.now() },
    { ...WEDGE_PRESETS.usb, ...affixes },
  );
  capture = cap;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing || e.key === 'Process') return; // IME input (pinyin) is a person typing
    const target = targetKind(e.target);
    if (target === 'field' && heldIn !== e.target) {
      cap.giveBack();
      heldIn = e.target as HTMLElement;
    }
    const decision = cap.keydown({ key: wedgeKeyFromEvent(e), at: e.timeStamp, target });
    if (decision === 'swallow') {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const onFocusOut = () => cap.giveBack();
  win.addEventListener('keydown', onKeyDown, true);
  win.addEventListener('focusout', onFocusOut, true);
  return () => {
    win.removeEventListener('keydown', onKeyDown, true);
    win.removeEventListener('focusout', onFocusOut, true);
    cap.dispose();
    if (capture === cap) capture = null;
  };
}
