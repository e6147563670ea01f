import { splitAimPrefix } from '../../../shared/scan/aim';
import type { WedgeOptions } from '../../../shared/scan/wedge';
import { wedgeKeyFromEvent } from '../../../shared/scan/wedge';
import type { ScanSource } from '../../../shared/scan';
import { KeyCapture, type KeyTarget } from './keyCapture';
import { cleanScannedText } from './scanText';
import { reportIgnoredScan, routeScan } from './scanRouter';

/**
 * Installs the window-level key capture (capture phase, before any field sees the key).
 * Scans typed while another field has focus are routed to the scan pipeline and never land
 * in that field; typing is given back into the field it was typed in. Returns the uninstall.
 */

/** Marks the element that is the scan field (keys go to it normally). */
export const SCAN_FIELD_ATTR = 'data-scan-field';
/**
 * Marks a field whose own value is scanned (the POS receipt number's barcode): a scan made while it
 * has focus becomes its value, then focus returns to the scan field (which saves it), instead of
 * going to the coupon pipeline. Every other field keeps the rule: a scan never lands in it.
 */
export const TAKES_SCANS_ATTR = 'data-takes-scans';

let wedgeOptions: WedgeOptions = {};
let capture: KeyCapture | null = null;
/** Settings -> Scanner is recording the test barcode's keys as they come (nothing is judged). */
let recorder: ((key: string, at: number) => void) | null = null;

/**
 * Records every key (name and event time) until `quietMs` pass with no key after the first, then
 * hands them over. Keys go nowhere else meanwhile. Returns a cancel.
 */
export function recordScannerKeys(done: (keys: { key: string; at: number }[]) => void, quietMs = 800): () => void {
  const keys: { key: string; at: number }[] = [];
  let timer = 0;
  recorder = (key, at) => {
    keys.push({ key, at });
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      recorder = null;
      done(keys);
    }, quietMs);
  };
  return () => {
    window.clearTimeout(timer);
    recorder = null;
  };
}

/** The keyboard scanner's settings (learned in Settings → Scanner, or the defaults), in every field. */
export function setWedgeOptions(options: WedgeOptions): void {
  wedgeOptions = options;
  capture?.setOptions(options);
}

/** Scanner prefix/suffix from settings: stripped from scans in the scan field and elsewhere. */
export function setWedgeAffixes(prefix: string, suffix: string): void {
  setWedgeOptions({ ...wedgeOptions, prefix, suffix });
}

/** The installed capture, for the scan field to ask how its text was typed. */
export function keyCapture(): KeyCapture | null {
  return capture;
}

/** Strips the configured scanner prefix/suffix from the scan field's text. */
export function cleanScan(raw: string): string {
  return cleanScannedText(raw, wedgeOptions.prefix ?? '', wedgeOptions.suffix ?? '');
}

/** Sends a keyboard scan on, its AIM id (typed by a scanner set to send it) split off as the symbology. */
export function routeKeyboardScan(text: string, source: ScanSource): void {
  const { text: data, aim, symbology } = splitAimPrefix(text);
  if (data) routeScan(data, source, Date.now(), aim ? { aim, ...(symbology && { symbology }) } : undefined);
}

/** Submits what the scan field holds (Enter, Tab, a chord, or the pause after a suffix-less scan). */
export function submitScanField(el: HTMLInputElement, terminatorAt?: number): void {
  const raw = el.value;
  el.value = '';
  const source = capture?.takeScanFieldSource(raw.length, terminatorAt) ?? 'manual';
  const text = cleanScan(raw);
  if (text) routeKeyboardScan(text, source);
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

function targetKind(el: EventTarget | null): KeyTarget {
  if (!(el instanceof HTMLElement)) return 'none';
  if (el.hasAttribute(SCAN_FIELD_ATTR)) return 'scan';
  if (el instanceof HTMLTextAreaElement || el.isContentEditable) return 'field';
  if (el instanceof HTMLInputElement) return NOT_TEXT.has(el.type) ? 'none' : el.type === 'password' ? 'secret' : 'field';
  return 'none';
}

const typedListeners = new Set<(text: string) => void>();

/**
 * Keys a person typed outside any field, once the scan detector has judged them typing (it holds
 * keys back to tell a scanner from a person, so a screen's own keydown never sees them). For
 * shortcuts such as the sign-in tiles' digits; a scan never arrives here. Returns the unsubscribe.
 */
export function onTypedOutsideFields(listener: (text: string) => void): () => void {
  typedListeners.add(listener);
  return () => void typedListeners.delete(listener);
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

/** A scan as the field's whole value, typed the way the browser types (React sees it); then back to the scan field. */
function scanInto(el: HTMLInputElement, raw: string, scanField: HTMLInputElement | null): void {
  const text = splitAimPrefix(cleanScannedText(raw)).text;
  el.select();
  if (!document.execCommand('insertText', false, text)) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  scanField?.focus();
}

/** Empties a field (a PIN a scan's keys may have reached) the way typing would, so React sees it. */
function clearField(el: HTMLElement | null): void {
  if (!(el instanceof HTMLInputElement) || !el.isConnected || el.value === '') return;
  if (document.activeElement === el) {
    el.select();
    if (document.execCommand('delete')) return;
  }
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(el, '');
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function installWindowCapture(win: Window = window): () => void {
  let heldIn: HTMLElement | null = null;
  const scanField = () => win.document.querySelector<HTMLInputElement>(`[${SCAN_FIELD_ATTR}]`);
  const cap = new KeyCapture(
    {
      onScan: (text, source) => {
        const el = win.document.activeElement;
        if (el === heldIn && el instanceof HTMLInputElement && el.hasAttribute(TAKES_SCANS_ATTR)) scanInto(el, text, scanField());
        else routeKeyboardScan(text, source);
      },
      release: (text, target) => {
        if (target === 'field' || target === 'secret') releaseInto(heldIn, text);
        // A person typed outside any field (a shortcut such as the sign-in tiles' digits): tell the screen.
        else if (target === 'none') for (const l of typedListeners) l(text);
      },
      clearSecret: () => clearField(heldIn),
      onFragment: () => reportIgnoredScan({ kind: 'fragment' }),
      submitScanField: () => {
        const el = scanField();
        if (el && el.value) submitScanField(el);
      },
    },
    { set: (fn, ms) => win.setTimeout(fn, ms), clear: (h) => win.clearTimeout(h as number), now: () => win.performance.now() },
    wedgeOptions,
  );
  capture = cap;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing || e.key === 'Process') return; // IME input (pinyin) is a person typing
    if (recorder) {
      e.preventDefault();
      e.stopPropagation();
      recorder(wedgeKeyFromEvent(e), e.timeStamp);
      return;
    }
    const target = targetKind(e.target);
    if ((target === 'field' || target === 'secret') && heldIn !== e.target) {
      cap.giveBack();
      heldIn = e.target as HTMLElement;
    }
    const field = target === 'scan' ? (e.target as HTMLInputElement) : null;
    const decision = cap.keydown({ key: wedgeKeyFromEvent(e), at: e.timeStamp, target, fieldLength: field?.value.length ?? 0 });
    if (decision === 'default') return;
    e.preventDefault();
    e.stopPropagation();
    if (decision === 'submit' && field) submitScanField(field, e.timeStamp);
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
