import type { ScanSource } from '../../../shared/scan';
import { ScanEchoFilter } from '../../../shared/scan/echoFilter';

/**
 * Every scan, whatever its source (the scan field, a wedge burst caught in another field,
 * a HID scanner main reads, the camera), goes through `routeScan` to the screen that is
 * scanning now (cashier or rapid). With no scanning screen open, scans are dropped: they must
 * never fall into a form.
 */
export type ScanHandler = (text: string, source: ScanSource) => void;

let active: ScanHandler | null = null;
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

/** Sends a scan to the active screen; false when no screen takes scans now. */
export function routeScan(text: string, source: ScanSource, at: number = Date.now()): boolean {
  if (!active || text.length === 0) return false;
  // An echo is swallowed (true: it must not fall into a form either) but not acted on twice.
  if (echoes.accept({ text, source, at })) active(text, source);
  return true;
}

/** Tests: forget the scans seen so far. */
export function resetScanRouterForTests(): void {
  active = null;
  echoes = new ScanEchoFilter();
}
