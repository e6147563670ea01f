import type { TillEvents } from '../../../../shared/ipc';
import { on } from '../../../api/till';

/** The scan feature's calls to main: scans a HID scanner main reads (Settings -> Scanner learns from them). */
export function onScannerScan(listener: (scan: TillEvents['scan']) => void): () => void {
  return on('scan', listener);
}
