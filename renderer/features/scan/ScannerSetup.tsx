import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { KEYBOARD_SCANNER, TEST_BARCODE, learnScanner, type LearnResult, type ScannerProfile } from '../../../shared/scan/learn';
import { useT } from '../../i18n';
import { useSettingsStore } from '../../app/store/useSettingsStore';
import { recordScannerKeys } from './windowCapture';
import { CameraSymbologies } from './CameraSymbologies';

/**
 * Settings -> Scanner: "scan this test barcode". Records the keys the scanner types for a code we
 * know, learns its suffix, prefix, AIM ids and pace (shared/scan/learn), shows them, and saves
 * them for the keyboard scanner; main validates them (SettingsPatchSchema) like every setting.
 */
export function ScannerSetup() {
  const t = useT();
  const settings = useSettingsStore((s) => s.settings);
  const [svg, setSvg] = useState('');
  const [listening, setListening] = useState(false);
  const [result, setResult] = useState<LearnResult | null>(null);
  const [saved, setSaved] = useState(false);
  const current = settings.scannerProfiles?.[KEYBOARD_SCANNER];

  useEffect(() => {
    void QRCode.toString(TEST_BARCODE, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then(setSvg);
  }, []);
  useEffect(() => {
    if (!listening) return;
    return recordScannerKeys((keys) => {
      setListening(false);
      setResult(learnScanner(keys, Date.now()));
    });
  }, [listening]);

  const save = async (profiles: Record<string, ScannerProfile>) => {
    await useSettingsStore.getState().save({ scannerProfiles: profiles });
    setSaved(true);
  };
  const forget = () => {
    const { [KEYBOARD_SCANNER]: _gone, ...rest } = settings.scannerProfiles ?? {};
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
      <div className="scanner-setup__actions">
        <button type="button" className="btn btn--primary" disabled={listening} onClick={() => (setResult(null), setSaved(false), setListening(true))} data-testid="scanner-setup-start">
          {listening ? t('scannerSetup.listening') : t('scannerSetup.start')}
        </button>
        {current ? (
          <button type="button" className="btn" onClick={forget} data-testid="scanner-setup-forget">
            {t('scannerSetup.forget')}
          </button>
        ) : null}
      </div>
      {result?.ok ? (
        <div className="notice" data-testid="scanner-setup-learned">
          <strong>{t('scannerSetup.learned')}:</strong> {describe(t, result.profile)}
          <button type="button" className="btn btn--primary" onClick={() => void save({ ...settings.scannerProfiles, [KEYBOARD_SCANNER]: result.profile })} data-testid="scanner-setup-save">
            {t('scannerSetup.save')}
          </button>
        </div>
      ) : result ? (
        <p className="error" role="alert" data-testid="scanner-setup-error">
          {t(result.reason === 'too_slow' ? 'scannerSetup.tooSlow' : result.reason === 'no_keys' ? 'scannerSetup.noKeys' : 'scannerSetup.notTheTestCode')}
        </p>
      ) : null}
      {saved ? <p className="notice" role="status" data-testid="scanner-setup-saved">{t('scannerSetup.saved')}</p> : null}
      <CameraSymbologies />
    </section>
  );
}

function describe(t: ReturnType<typeof useT>, p: ScannerProfile): string {
  const suffix = { Enter: 'suffixEnter', Tab: 'suffixTab', chord: 'suffixChord', none: 'suffixNone' }[p.suffix];
  return [
    `${t('scannerSetup.suffix')}: ${t(`scannerSetup.${suffix}`)}`,
    `${t('scannerSetup.prefix')}: ${p.prefix || t('scannerSetup.noPrefix')}`,
    `${t('scannerSetup.aim')}: ${t(p.aim ? 'scannerSetup.yes' : 'scannerSetup.no')}`,
    `${t('scannerSetup.pace')}: ${t('scannerSetup.paceValue', { ms: p.paceMs, max: p.maxIntervalMs })}`,
  ].join(' · ');
}
