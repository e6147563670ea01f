import type { ScanSource } from '../../../shared/scan';
import { ScanEchoFilter } from '../../../shared/scan/echoFilter';
import { symbologyForAim } from '../../../shared/scan/aim';

/**
 * Every scan, whatever its source (the scan field, a wedge burst caught in another field,
 * a HID scanner main reads, the camera), goes through `routeScan` to the screen that is
 * scanning now (cashier or rapid). With no scanning screen open, scans are dropped: they must
 * never fall into a form.
 */
export type ScanHandler = (text: string, source: ScanSource, meta?: ScanMeta) => void;

/** What else the scanner said: the AIM symbology id it sent before the data, when it did. */
export interface ScanMeta {
  aim?: string;
  symbology?: string;
}

/** The AIM id and symbology a scanner or the camera sent with a scan (ScanEvent), as ScanMeta. */
export function scanMeta(scan: { aim?: string | undefined; symbology?: string | undefined }): ScanMeta | undefined {
  if (!scan.aim && !scan.symbology) return undefined;
  return { ...(scan.aim && { aim: scan.aim }), ...(scan.symbology && { symbology: scan.symbology }) };
}

/** Why a scan was not taken by a screen: none scans now (sign-in), or it was a split scan's tail. */
export type IgnoredScan = { kind: 'no-screen' } | { kind: 'fragment' };

let active: ScanHandler | null = null;
/**
 * The symbology each recent scan's scanner or camera named, by text and source: the screens'
 * stores carry (code, source) through approvals and held totals, and their api modules look the
 * symbology up here when they send the code to main (`scannedSymbology`).
 */
const recentSymbology = new Map<string, { symbology: string; at: number }>();
const SYMBOLOGY_KEPT_MS = 30 * 60_000;
const ignoredListeners = new Set<(why: IgnoredScan) => void>();
// A keyboard-mode scanner read over HID still types into the OS on Linux: the wedge copy that
// follows is the same scan, not a second one.
let echoes = new ScanEchoFilter();

/** Makes `handler` the receiver of scans; returns a function that removes it (if still active). */
export function setScanHandler(handler: ScanHandler): () => void {
  active = handler;
  return () => {
    if (active === handler) active = null;
  };
}

/**
 * Sends a scan to the active screen; false when no screen takes scans now (the sign-in screen,
 * for one): then the scan is dropped, never typed anywhere, and `onIgnoredScan` listeners hear of it.
 */
export function routeScan(text: string, source: ScanSource, at: number = Date.now(), meta?: ScanMeta): boolean {
  if (text.length === 0) return false;
  if (!active) {
    reportIgnoredScan({ kind: 'no-screen' });
    return false;
  }
  // An echo is swallowed (true: it must not fall into a form either) but not acted on twice.
  const symbology = meta?.symbology ?? (meta?.aim ? symbologyForAim(meta.aim) : undefined);
  // The latest scan of a text decides: a later scan of it that named no symbology forgets the earlier one.
  if (symbology) remember(`${source}\n${text}`, symbology, at);
  else recentSymbology.delete(`${source}\n${text}`);
  if (echoes.accept({ text, source, at })) {
    if (meta?.aim) active(text, source, meta);
    else active(text, source);
  }
  return true;
}

function remember(key: string, symbology: string, at: number): void {
  recentSymbology.delete(key);
  recentSymbology.set(key, { symbology, at });
  if (recentSymbology.size > 64) recentSymbology.delete(recentSymbology.keys().next().value!);
}

/**
 * `{ symbology }` of the latest scan of `code` from `source` (within 30 min), for a request to
 * main; `{}` for a typed code or one whose scanner named no symbology.
 */
export function scannedSymbology(code: string, source: ScanSource | undefined, now: number = Date.now()): { symbology?: string } {
  if (!source || source === 'manual') return {};
  const seen = recentSymbology.get(`${source}\n${code}`);
  return seen && now - seen.at <= SYMBOLOGY_KEPT_MS ? { symbology: seen.symbology.slice(0, 64) } : {};
}

/** Hears of scans no screen took (for a short notice such as "scanned a coupon: sign in first"). */
export function onIgnoredScan(listener: (why: IgnoredScan) => void): () => void {
  ignoredListeners.add(listener);
  return () => ignoredListeners.delete(listener);
}

export function reportIgnoredScan(why: IgnoredScan): void {
  for (const l of ignoredListeners) l(why);
}

/** Tests: forget the scans seen so far. */
export function resetScanRouterForTests(): void {
  active = null;
  ignoredListeners.clear();
  recentSymbology.clear();
  echoes = new ScanEchoFilter();
}
