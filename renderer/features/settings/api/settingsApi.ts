import type { ScannerKind } from '../../../../shared/ipc';
import { invoke } from '../../../api/till';

/** The settings screen's calls to main (the settings themselves go through useSettingsStore). */

export function scannerDevices() {
  return invoke('till:scanner:devices');
}

export function selectScanner(kind: ScannerKind, deviceId: string | null) {
  return invoke('till:scanner:select', { kind, deviceId });
}
