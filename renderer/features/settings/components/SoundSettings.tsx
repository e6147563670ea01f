import { useT } from '../../../i18n';
import { playCue, VERDICT_CUES } from '../../scan/sounds';

/** Volume (0-100) and a button that plays the four verdict sounds in turn at that volume, even when muted. */
export function SoundSettings({ volume, onVolume }: { volume: number; onVolume: (v: number) => void }) {
  const t = useT();
  const test = () => VERDICT_CUES.forEach((cue, i) => window.setTimeout(() => playCue(cue, { force: true, volume }), i * 700));
  return (
    <div className="field field--row">
      <label className="field">
        <span>
          {t('settings.volume')} <output data-testid="settings-volume-value">{volume}</output>
        </span>
        <input type="range" min={0} max={100} step={5} value={volume} onChange={(e) => onVolume(Number(e.target.value))} data-testid="settings-volume" />
      </label>
      <button type="button" className="btn" onClick={test} data-testid="settings-test-sounds">
        {t('settings.testSounds')}
      </button>
    </div>
  );
}
