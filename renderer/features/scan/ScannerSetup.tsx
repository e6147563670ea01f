import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { KEYBOARD_SCANNER, TEST_BARCODE, learnHidScanner, learnScanner, type LearnResult, type ScannerProfile } from '../../../shared/scan/learn';
import { useT } from '../../i18n';
import { useSettingsStore } from '../../app/store/useSettingsStore';
import { onScannerScan } from './api/scanApi';
import { recordScannerKeys } from './windowCapture';
import { CameraSymbologies } from './CameraSymbologies';

/** What the test scan taught, and for which scanner: the keyboard scanner, or a HID scanner by its id. */
type Learned = (LearnResult & { deviceId?: undefined }) | { ok: true; deviceId: string; profile: ScannerProfile };

/**
 * Settings -> Scanner: "scan this test barcode". Records the keys a keyboard scanner types for a
 * code we know, or takes a HID POS scanner's scan of it (main reads those), learns the suffix,
 * prefix, AIM ids and pace, or where the HID scanner puts its AIM id (shared/scan/learn), shows
 * them, and saves them per scanner; main validates them (SettingsPatchSchema) like every setting.
 */
export function ScannerSetup() {
  const t = useT();
  const settings = useSettingsStore((s) => s.settings);
  const [svg, setSvg] = useState('');
  const [listening, setListening] = useState(false);
  const [result, setResult] = useState<Learned | null>(null);
  const [saved, setSaved] = useState(false);
  const profiles = settings.scannerProfiles ?? {};
  const current = profiles[KEYBOARD_SCANNER];
  const hidProfiles = Object.entries(profiles).filter(([id]) => id !== KEYBOARD_SCANNER);

  useEffect(() => {
    void QRCode.toString(TEST_BARCODE, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then(setSvg);
  }, []);
  useEffect(() => {
    if (!listening) return;
    const offKeys = recordScannerKeys((keys) => {
      setListening(false);
      setResult(learnScanner(keys, Date.now()));
    });
    // A HID POS scanner's scan of the test code comes from main, naming the scanner.
    const offHid = onScannerScan((scan) => {
      if (scan.source !== 'hid-pos') return;
      setListening(false);
      setResult(learnHidScanner(scan, Date.now()));
    });
    return () => {
      offKeys();
      offHid();
    };
  }, [listening]);

  const save = async (next: Record<string, ScannerProfile>) => {
    await useSettingsStore.getState().save({ scannerProfiles: next });
    setSaved(true);
  };
  const forget = (id: string) => {
    const { [id]: _gone, ...rest } = profiles;
    void save(rest);
  };

  return (
    <section className="settings scanner-setup" data-testid="scanner-setup">
      <h2>{t('scannerSetup.title')}</h2>
      <p className="muted">{t('scannerSetup.intro')}</p>
      <div className="scanner-setup__code">
        <span className="scanner-setup__qr" aria-label={TEST_BARCODE} dangerouslySetInnerHTML={{ __html: svg }} />
        <code>{TEST_BARCODE}</code>
      </div>
      <p data-testid="scanner-setup-current">{t('scannerSetup.current', { what: current ? describe(t, current) : t('scannerSetup.defaults') })}</p>
      {hidProfiles.map(([id, p]) => (
        <p key={id} className="scanner-setup__hid" data-testid="scanner-setup-hid">
          {t('scannerSetup.hidCurrent', { id, what: describe(t, p) })}{' '}
          <button type="button" className="btn" onClick={() => forget(id)} data-testid="scanner-setup-forget-hid">
            {t('scannerSetup.forgetShort')}
          </button>
        </p>
      ))}
      <div className="scanner-setup__actions">
        <button
          type="button"
          className="btn btn--primary"
          disabled={listening}
          onClick={() => (setResult(null), setSaved(false), setListening(true))}
          data-testid="scanner-setup-start"
        >
          {listening ? t('scannerSetup.listening') : t('scannerSetup.start')}
        </button>
        {current ? (
          <button type="button" className="btn" onClick={() => forget(KEYBOARD_SCANNER)} data-testid="scanner-setup-forget">
            {t('scannerSetup.forget')}
          </button>
        ) : null}
      </div>
      {result?.ok ? (
        <div className="notice" data-testid="scanner-setup-learned">
          <strong>{result.deviceId ? t('scannerSetup.learnedHid', { id: result.deviceId }) : t('scannerSetup.learned')}:</strong> {describe(t, result.profile)}
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void save({ ...profiles, [result.deviceId ?? KEYBOARD_SCANNER]: result.profile })}
            data-testid="scanner-setup-save"
          >
            {t('scannerSetup.save')}
          </button>
        </div>
      ) : result ? (
        <p className="error" role="alert" data-testid="scanner-setup-error">
          {t(result.reason === 'too_slow' ? 'scannerSetup.tooSlow' : result.reason === 'no_keys' ? 'scannerSetup.noKeys' : 'scannerSetup.notTheTestCode')}
        </p>
      ) : null}
      {saved ? (
        <p className="notice" role="status" data-testid="scanner-setup-saved">
          {t('scannerSetup.saved')}
        </p>
      ) : null}
      <CameraSymbologies />
    </section>
  );
}

function describe(t: ReturnType<typeof useT>, p: ScannerProfile): string {
  if (p.aimMode) return `${t('scannerSetup.hidAim')}: ${t(`scannerSetup.hidAim_${p.aimMode === 'extra-byte-then-aim' ? 'extra' : p.aimMode}`)}`;
  const suffix = { Enter: 'suffixEnter', Tab: 'suffixTab', chord: 'suffixChord', none: 'suffixNone' }[p.suffix];
  return [
    `${t('scannerSetup.suffix')}: ${t(`scannerSetup.${suffix}`)}`,
    `${t('scannerSetup.prefix')}: ${p.prefix || t('scannerSetup.noPrefix')}`,
    `${t('scannerSetup.aim')}: ${t(p.aim ? 'scannerSetup.yes' : 'scannerSetup.no')}`,
    `${t('scannerSetup.pace')}: ${t('scannerSetup.paceValue', { ms: p.paceMs, max: p.maxIntervalMs })}`,
  ].join(' · ');
}
