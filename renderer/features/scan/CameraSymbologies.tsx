import { useState } from 'react';
import { CAMERA_SYMBOLOGIES, DEFAULT_CAMERA_SYMBOLOGIES, type CameraSymbology } from '../../../shared/scan/symbologies';
import { useT } from '../../i18n';
import { useSettingsStore } from '../../app/store/useSettingsStore';

/**
 * Settings -> Scanner: the barcode kinds the camera reads. Every camera decoder is held to them,
 * so a product's EAN-13 beside the coupon is never read as the coupon. Saved at once; main
 * refuses an empty list (SettingsPatchSchema), and so does this form before asking.
 */
export function CameraSymbologies() {
  const t = useT();
  const chosen = useSettingsStore((s) => s.settings.cameraSymbologies) ?? DEFAULT_CAMERA_SYMBOLOGIES;
  const [error, setError] = useState(false);
  const toggle = (kind: CameraSymbology, on: boolean) => {
    const next = CAMERA_SYMBOLOGIES.filter((k) => (k === kind ? on : chosen.includes(k)));
    if (next.length === 0) return setError(true);
    setError(false);
    void useSettingsStore.getState().save({ cameraSymbologies: next });
  };
  return (
    <fieldset className="camera-symbologies" data-testid="camera-symbologies">
      <legend>{t('scannerSetup.symbologies')}</legend>
      <p className="muted">{t('scannerSetup.symbologiesHint')}</p>
      <div className="camera-symbologies__list">
        {CAMERA_SYMBOLOGIES.map((kind) => (
          <label key={kind} className="camera-symbologies__item">
            <input type="checkbox" checked={chosen.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} data-testid={`camera-symbology-${kind}`} />
            {t(`scannerSetup.symbology${kind}`)}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" role="alert" data-testid="camera-symbologies-error">
          {t('scannerSetup.symbologiesNone')}
        </p>
      ) : null}
    </fieldset>
  );
}
