import type { ScannerSelectRequest } from '../../../shared/ipc/schemas';
import type { ScannerDevice, ScannerStatus } from '../../../shared/ipc/types';
import type { ScannerPort } from '../ports';

/**
 * The scanner port when no USB (HID) scanner service is wired: keyboard-wedge scanners and the
 * camera work in the renderer; main only remembers the choice and says why HID is absent.
 */
export function createWedgeOnlyScannerPort(reason: string): ScannerPort {
  const listeners = new Set<(s: ScannerStatus) => void>();
  const wedge: ScannerDevice = { id: 'wedge', name: 'Keyboard-wedge scanner', source: 'wedge' };
  let status: ScannerStatus = { kind: 'auto', device: wedge, connected: true, message: reason };
  return {
    devices: () => [wedge],
    select(req: ScannerSelectRequest) {
      const device = req.kind === 'camera' ? null : wedge;
      status = { kind: req.kind, device, connected: req.kind !== 'hid', message: req.kind === 'hid' ? reason : null };
      for (const l of listeners) l(status);
      return status;
    },
    status: () => status,
    onScan: () => () => undefined,
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
