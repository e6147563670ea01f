import { useEffect, useState } from 'react';
import type { ScannerDevice, Settings, SettingsPatch } from '../../../../shared/ipc';
import { scannerDevices, selectScanner } from '../api/settingsApi';
import { useT } from '../../../i18n';
import { useSettingsStore } from '../../../app/store/useSettingsStore';
import { decodeAffix, encodeAffix } from '../../scan/scanText';
import { SoundSettings } from './SoundSettings';
import { ScannerSetup } from '../../scan/ScannerSetup';
import { PlainHttpHqSetting } from './PlainHttpHq';
import { PosSetup } from '../../pos/components/PosSetup';

/** Minutes typed by the manager ("2", "0.5", "0" = never) as ms; null when not a number of minutes up to an hour. */
export function graceMs(text: string): number | null {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 60 ? Math.round(n * 60_000) : null;
}

type Msg = { ok: boolean; text: string } | null;

/** Till settings: HQ address and enrollment, scanner, sounds, language, rapid repeat window, wedge affixes. */
export function SettingsScreen() {
  const t = useT();
  const settings = useSettingsStore((s) => s.settings);
  const [form, setForm] = useState(() => toForm(settings));
  const [token, setToken] = useState('');
  const [devices, setDevices] = useState<ScannerDevice[]>([]);
  const [msg, setMsg] = useState<Msg>(null);

  useEffect(() => setForm(toForm(settings)), [settings]);
  useEffect(() => {
    void scannerDevices().then((r) => r.ok && setDevices(r.value));
  }, []);

  const save = async (patch: SettingsPatch) => {
    try {
      await useSettingsStore.getState().save(patch);
      setMsg({ ok: true, text: t('settings.saved') });
      return true;
    } catch (err) {
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };

  const onSave = async () => {
    const dedupe = Number(form.rapidDedupeMs);
    const scanner = devices.find((d) => d.id === form.scanner);
    const ok = await save({
      hqUrl: form.hqUrl.trim() || null,
      ...(form.allowPlainHttpHq !== settings.allowPlainHttpHq ? { allowPlainHttpHq: form.allowPlainHttpHq } : {}),
      sounds: form.sounds,
      language: form.language,
      rapidDedupeMs: Number.isInteger(dedupe) ? dedupe : settings.rapidDedupeMs,
      soundVolume: form.soundVolume,
      undoGraceMs: graceMs(form.undoGraceMin) ?? settings.undoGraceMs,
      wedgePrefix: decodeAffix(form.wedgePrefix),
      wedgeSuffix: decodeAffix(form.wedgeSuffix),
      scanner: scanner ? { kind: kindOf(scanner), deviceId: scanner.id } : { kind: 'auto', deviceId: null },
    });
    if (ok && scanner) await selectScanner(kindOf(scanner), scanner.id);
  };

  return (
    <main className="manager" data-testid="settings-screen">
      <h1>{t('settings.title')}</h1>
      <form
        className="settings"
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
      >
        <label className="field">
          <span>{t('settings.hqUrl')}</span>
          <input type="url" value={form.hqUrl} onChange={(e) => setForm({ ...form, hqUrl: e.target.value })} data-testid="settings-hq-url" />
        </label>
        <PlainHttpHqSetting allowed={form.allowPlainHttpHq} onChange={(allowPlainHttpHq) => setForm({ ...form, allowPlainHttpHq })} />
        <label className="field">
          <span>{t('settings.scanner')}</span>
          <select value={form.scanner} onChange={(e) => setForm({ ...form, scanner: e.target.value })} data-testid="settings-scanner">
            <option value="">{t('settings.scannerNone')}</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--check">
          <input type="checkbox" checked={form.sounds} onChange={(e) => setForm({ ...form, sounds: e.target.checked })} data-testid="settings-sounds" />
          <span>{t('settings.sounds')}</span>
        </label>
        <label className="field">
          <span>{t('settings.language')}</span>
          <select
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value as Settings['language'] })}
            data-testid="settings-language"
          >
            <option value="system">{t('settings.languageSystem')}</option>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <SoundSettings volume={form.soundVolume} onVolume={(soundVolume) => setForm({ ...form, soundVolume })} />
        <label className="field">
          <span>{t('settings.undoGrace')}</span>
          <input
            type="text"
            inputMode="numeric"
            value={form.undoGraceMin}
            onChange={(e) => setForm({ ...form, undoGraceMin: e.target.value })}
            data-testid="settings-undo-grace"
          />
        </label>
        <label className="field">
          <span>{t('settings.rapidWindow')}</span>
          <input
            type="text"
            inputMode="numeric"
            value={form.rapidDedupeMs}
            onChange={(e) => setForm({ ...form, rapidDedupeMs: e.target.value })}
            data-testid="settings-rapid-window"
          />
        </label>
        <label className="field">
          <span>{t('settings.wedgePrefix')}</span>
          <input type="text" value={form.wedgePrefix} onChange={(e) => setForm({ ...form, wedgePrefix: e.target.value })} data-testid="settings-prefix" />
        </label>
        <label className="field">
          <span>{t('settings.wedgeSuffix')}</span>
          <input type="text" value={form.wedgeSuffix} onChange={(e) => setForm({ ...form, wedgeSuffix: e.target.value })} data-testid="settings-suffix" />
        </label>
        <button type="submit" className="btn btn--primary" data-testid="settings-save">
          {t('settings.save')}
        </button>
      </form>
      <ScannerSetup />
      <PosSetup />
      <form
        className="settings"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await save({ enrollmentToken: token.trim() })) setToken('');
        }}
      >
        {settings.enrolled ? (
          <p className="notice" data-testid="settings-enrolled">
            {t('settings.enrolledYes')}
          </p>
        ) : null}
        <label className="field">
          <span>{t('settings.enrollment')}</span>
          <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} data-testid="settings-enroll-token" />
        </label>
        <button type="submit" className="btn" disabled={token.trim().length < 8}>
          {t('settings.enroll')}
        </button>
      </form>
      {msg ? (
        <p className={msg.ok ? 'notice' : 'error'} role="status" data-testid="settings-message">
          {msg.text}
        </p>
      ) : null}
    </main>
  );
}

function kindOf(d: ScannerDevice): 'wedge' | 'hid' | 'camera' {
  return d.source === 'camera' ? 'camera' : d.source === 'wedge' ? 'wedge' : 'hid';
}

function toForm(s: Settings) {
  return {
    hqUrl: s.hqUrl ?? '',
    allowPlainHttpHq: s.allowPlainHttpHq,
    scanner: s.scanner.deviceId ?? '',
    sounds: s.sounds,
    language: s.language,
    rapidDedupeMs: String(s.rapidDedupeMs),
    soundVolume: s.soundVolume,
    undoGraceMin: String(s.undoGraceMs / 60_000),
    wedgePrefix: encodeAffix(s.wedgePrefix),
    wedgeSuffix: encodeAffix(s.wedgeSuffix),
  };
}
