import { CameraScanner } from '../camera';
import { useSettingsStore } from '../../app/store/useSettingsStore';
import { routeScan, scanMeta } from './scanRouter';

/**
 * The till camera on the scanning screens, when settings choose it as the scanner. Its reads go
 * through routeScan like every other source; the verdict sounds are ours, so its beep is off.
 */
export function CameraSlot() {
  const scanner = useSettingsStore((s) => s.settings.scanner);
  const symbologies = useSettingsStore((s) => s.settings.cameraSymbologies);
  if (scanner.kind !== 'camera') return null;
  const deviceId = scanner.deviceId?.startsWith('camera:') ? scanner.deviceId.slice('camera:'.length) : scanner.deviceId;
  return (
    <CameraScanner
      onScan={(scan) => void routeScan(scan.text, 'camera', Date.now(), scanMeta(scan))}
      deviceId={deviceId}
      symbologies={symbologies}
      beep={false}
      className="camera-slot"
    />
  );
}
