/**
 * The ScannerService shaped as the app's scanner port (electron/ipc/ports.ts ScannerPort):
 * `till:scanner:devices | select | status` and the 'scan' / 'scanner' pushes. Wire it in the
 * composition root: `scanner: createScannerPort(service, settings.scanner)` after `service.start()`.
 */
import type { ScanEvent } from '../../../shared/scan';
import type { ScannerSelectRequest } from '../../../shared/ipc/schemas';
import type { ScannerDevice, ScannerKind, ScannerStatus } from '../../../shared/ipc/types';
import { parseScannerId } from './devices';
import type { ScannerService, ScannerServiceStatus } from './scannerService';

const WEDGE: ScannerDevice = { id: 'wedge', name: 'Keyboard-wedge scanner', source: 'wedge' };

export interface ScannerPortLike {
  devices(): Promise<ScannerDevice[]>;
  select(request: ScannerSelectRequest): Promise<ScannerStatus>;
  status(): ScannerStatus;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onStatus(listener: (status: ScannerStatus) => void): () => void;
}

/**
 * Call before `service.start()`: the saved choice (`initial`) decides what the service opens
 * (auto: any HID POS scanner plugged in; hid: the saved one; wedge/camera: none).
 */
export function createScannerPort(
  service: ScannerService,
  initial: { kind: ScannerKind; deviceId: string | null } = { kind: 'auto', deviceId: null },
): ScannerPortLike {
  let kind: ScannerKind = initial.kind;
  const savedHid = initial.deviceId && parseScannerId(initial.deviceId) ? initial.deviceId : null;
  try {
    service.preset(kind === 'hid' || kind === 'auto' ? savedHid : null, { auto: kind === 'auto' });
  } catch {
    // Already started: the caller's select() decides.
  }

  const toStatus = (s: ScannerServiceStatus): ScannerStatus => {
    if (kind === 'camera') return { kind, device: null, connected: true, message: null };
    if (s.device) return { kind, device: s.device, connected: s.connected, message: s.message };
    if (kind === 'hid') return { kind, device: null, connected: false, message: s.message ?? 'No USB scanner chosen.' };
    // wedge / auto without a HID scanner: the keyboard wedge reads (in the renderer).
    return { kind, device: WEDGE, connected: true, message: s.message };
  };

  return {
    async devices() {
      const hid = await service.listDevices();
      return [WEDGE, ...hid.map(({ id, name, source }) => ({ id, name, source }))];
    },
    async select(request) {
      const hidRef = request.deviceId ? parseScannerId(request.deviceId) : null;
      if (request.kind === 'hid' && !hidRef) throw new RangeError('choose a USB scanner from the list');
      kind = request.kind;
      const target = request.kind === 'hid' || request.kind === 'auto' ? (hidRef ? request.deviceId : null) : null;
      return toStatus(await service.select(target, { auto: request.kind === 'auto' }));
    },
    status: () => toStatus(service.status()),
    onScan: (listener) => service.on('scan', listener),
    onStatus: (listener) => service.on('status', (s) => listener(toStatus(s))),
  };
}
