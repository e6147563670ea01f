import { KeyCapture, DEFAULT_CAPTURE, type KeyTarget } from './keyCapture';
import { cleanScannedText } from './scanText';
import { routeScan } from './scanRouter';

/**
 * Installs the window-level key capture (capture phase, before any field sees the key).
 * Scans typed while another field has focus are routed to the scan pipeline and never land
 * in that field; typing is released into the field it was typed in. Returns the uninstall.
 */

/** Marks the element that is the scan field (keys go to it normally). */
export const SCAN_FIELD_ATTR = 'data-scan-field';

let affixes = { prefix: '', suffix: '' };
let capture: KeyCapture | null = null;

export function setWedgeAffixes(prefix: string, suffix: string): void {
  affixes = { prefix, suffix };
}

/** The installed capture, for the scan field to ask how its text was typed. */
export function keyCapture(): KeyCapture | null {
  return capture;
}

/** Strips the configured scanner prefix/suffix. */
export function cleanScan(raw: string): string {
  return cleanScannedText(raw, affixes.prefix, affixes.suffix);
}

function targetKind(el: EventTarget | null): KeyTarget {
  if (!(el instanceof HTMLElement)) return 'none';
  if (el.hasAttribute(SCAN_FIELD_ATTR)) return 'scan';
  if (el instanceof HTMLTextAreaElement || el.isContentEditable) return 'field';
  if (el instanceof HTMLInputElement) {
    const t = el.type;
    return t === 'checkbox' || t === 'radio' || t === 'button' || t === 'submit' || t === 'range' ? 'none' : 'field';
  }
  return 'none';
}

/** Puts typing held back by the capture into the field it was typed in, as if typed now. */
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
        heldIn = null;
        const clean = cleanScan(text);
        if (clean) routeScan(clean, source);
      },
      release: (text) => releaseInto(heldIn, text),
    },
    { set: (fn, ms) => win.setTimeout(fn, ms), clear: (h) => win.clearTimeout(h as number) },
    DEFAULT_CAPTURE,
  );
  capture = cap;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return; // IME input (pinyin) is a person typing: leave it alone
    const target = targetKind(e.target);
    if (target === 'field' && e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) {
      if (heldIn !== e.target) cap.flush();
      heldIn = e.target as HTMLElement;
    }
    const decision = cap.keydown({ key: e.key, at: e.timeStamp, target, modified: e.ctrlKey || e.altKey || e.metaKey });
    if (decision === 'swallow') {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const onFocusOut = () => cap.flush();
  win.addEventListener('keydown', onKeyDown, true);
  win.addEventListener('focusout', onFocusOut, true);
  return () => {
    win.removeEventListener('keydown', onKeyDown, true);
    win.removeEventListener('focusout', onFocusOut, true);
    cap.dispose();
    if (capture === cap) capture = null;
  };
}
