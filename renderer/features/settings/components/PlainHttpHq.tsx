import { isPlainHttpOffMachine } from '../../../../shared/hqUrl';
import { useT } from '../../../i18n';
import { useSettingsStore } from '../../../app/store/useSettingsStore';

/** Settings: the store's explicit allowance of a plain-HTTP HQ, with the warning while it is allowed. */
export function PlainHttpHqSetting({ allowed, onChange }: { allowed: boolean; onChange: (allowed: boolean) => void }) {
  const t = useT();
  return (
    <>
      <label className="field field--check">
        <input type="checkbox" checked={allowed} onChange={(e) => onChange(e.target.checked)} data-testid="settings-allow-plain-http" />
        <span>{t('hqConnection.allowPlainHttp')}</span>
      </label>
      {allowed ? (
        <p className="error" role="alert" data-testid="settings-plain-http-warning">
          {t('hqConnection.allowedWarning')}
        </p>
      ) : null}
    </>
  );
}

/** Status bar: shown while this till talks to HQ over plain HTTP off this machine (the store allowed it). */
export function PlainHttpHqWarning() {
  const t = useT();
  const inUse = useSettingsStore((s) => s.settings.allowPlainHttpHq && isPlainHttpOffMachine(s.settings.hqUrl));
  if (!inUse) return null;
  return (
    <span className="pill pill--offline" title={t('hqConnection.inUseTitle')} data-testid="status-plain-http">
      {t('hqConnection.inUse')}
    </span>
  );
}
