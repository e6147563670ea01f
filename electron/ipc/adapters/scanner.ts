import { ApiFailure } from '../../../shared/ipc/result';
import type { ScannerSelectRequest } from '../../../shared/ipc/schemas';
import type { ScannerDevice, ScannerStatus } from '../../../shared/ipc/types';
import type { ScannerPort, SettingsPort } from '../ports';

/**
 * The scanner service's port, with the choice remembered in settings (so it survives a restart)
 * and a refused choice answered as a bad request rather than a crash.
 */
export function rememberChoice(port: ScannerPort, settings: SettingsPort): ScannerPort {
  return {
    ...port,
    async select(req) {
      let status;
      try {
        status = await port.select(req);
      } catch (err) {
        if (err instanceof RangeError) throw new ApiFailure('bad_request', err.message);
        throw err;
      }
      await settings.set({ scanner: { kind: req.kind, deviceId: req.deviceId } }, 'system');
      return status;
    },
  };
}

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
