import { useCallback, useEffect, useState } from 'react';
import type { PairingCode, PosApiStatus, PosPairingInfo } from '../../../../shared/pos/pairing';
import { useSettingsStore } from '../../../app/store/useSettingsStore';
import { useT } from '../../../i18n';
import { useFormat, type Formatter } from '../../../lib/format';
import { listPairings, pairingCode, posApiStatus, revokePairing } from '../api/posApi';
import { PosPairingList } from './PosPairingList';
import '../../../styles/pos.css';

type Msg = { ok: boolean; text: string } | null;

/** Minutes typed by the manager as ms, or null outside 5 minutes to 24 hours. */
export function timeoutMs(text: string): number | null {
  const n = Number(text.trim());
  return /^\d+$/.test(text.trim()) && n >= 5 && n <= 1440 ? n * 60_000 : null;
}

/** Settings -> Store POS: the POS API switch and address, the open-order timeout, pairing codes, the paired POSes. */
export function PosSetup() {
  const t = useT();
  const f = useFormat();
  const settings = useSettingsStore((s) => s.settings);
  const [enabled, setEnabled] = useState(settings.posApiEnabled);
  const [lan, setLan] = useState(settings.posApiLan);
  const [minutes, setMinutes] = useState(String(settings.openOrderTimeoutMs / 60_000));
  const [status, setStatus] = useState<PosApiStatus | null>(null);
  const [pairings, setPairings] = useState<PosPairingInfo[]>([]);
  const [name, setName] = useState('');
  const [code, setCode] = useState<(PairingCode & { name: string }) | null>(null);
  const [msg, setMsg] = useState<Msg>(null);

  const refresh = useCallback(async () => {
    const [s, p] = await Promise.all([posApiStatus(), listPairings()]);
    if (s.ok) setStatus(s.value);
    if (p.ok) setPairings(p.value);
  }, []);
  useEffect(() => {
    void refresh();
    // A POS pairs (and calls) from its own side: the list follows it while the manager looks.
    const timer = setInterval(() => void refresh(), 2_000);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    setEnabled(settings.posApiEnabled);
    setLan(settings.posApiLan);
    setMinutes(String(settings.openOrderTimeoutMs / 60_000));
  }, [settings.posApiEnabled, settings.posApiLan, settings.openOrderTimeoutMs]);

  const save = async () => {
    const ms = timeoutMs(minutes);
    if (ms === null) return setMsg({ ok: false, text: t('pos.timeoutBad') });
    try {
      await useSettingsStore.getState().save({ posApiEnabled: enabled, posApiLan: lan, openOrderTimeoutMs: ms });
      setMsg({ ok: true, text: t('pos.saved') });
    } catch (err) {
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
    // The server starts or stops after the setting is saved: read where it listens a moment later.
    setTimeout(() => void refresh(), 300);
  };
  const makeCode = async () => {
    const r = await pairingCode(name.trim());
    if (!r.ok) return setMsg({ ok: false, text: r.error.message });
    setCode({ ...r.value, name: name.trim() });
    setName('');
    setMsg(null);
  };
  const revoke = async (p: PosPairingInfo) => {
    const r = await revokePairing(p.id);
    setMsg(r.ok ? { ok: true, text: t('pos.revokedNow', { name: p.name }) } : { ok: false, text: r.error.message });
    await refresh();
  };

  return (
    <section className="settings pos-setup" data-testid="pos-setup">
      <h2>{t('pos.title')}</h2>
      <p className="muted">{t('pos.intro')}</p>
      <label className="field field--check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="pos-api-enabled" />
        <span>{t('pos.apiOn')}</span>
      </label>
      <p className={status?.problem ? 'error' : 'muted'} data-testid="pos-api-status">
        {status?.url ? t('pos.listening', { url: `${status.url}/pos/v1` }) : (status?.problem ?? t('pos.notListening'))}
      </p>
      <label className="field field--check">
        <input type="checkbox" checked={lan} disabled={!enabled} onChange={(e) => setLan(e.target.checked)} data-testid="pos-api-lan" />
        <span>{t('pos.lanOn')}</span>
      </label>
      {status?.lanUrl ? <PosLanStatus status={{ ...status, lanUrl: status.lanUrl }} format={f} /> : null}
      <label className="field">
        <span>{t('pos.timeout')}</span>
        <input type="text" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="pos-order-timeout" />
      </label>
      <button type="button" className="btn btn--primary" onClick={() => void save()} data-testid="pos-save">
        {t('pos.save')}
      </button>
      <form
        className="pos-setup__pair"
        onSubmit={(e) => {
          e.preventDefault();
          void makeCode();
        }}
      >
        <label className="field">
          <span>{t('pos.newName')}</span>
          <input type="text" value={name} placeholder={t('pos.newNamePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="pos-new-name" />
        </label>
        <button type="submit" className="btn" disabled={name.trim() === ''} data-testid="pos-make-code">
          {t('pos.makeCode')}
        </button>
      </form>
      {code ? (
        <div className="notice pos-setup__code" data-testid="pos-pairing-code">
          <span>{t('pos.codeFor', { name: code.name })}</span>
          <strong className="pos-setup__code-text" data-testid="pos-pairing-code-text">
            {code.code}
          </strong>
          <span>{t('pos.codeHint', { time: f.time(code.expiresAt) })}</span>
        </div>
      ) : null}
      <h3>{t('pos.paired')}</h3>
      <PosPairingList pairings={pairings} onRevoke={(p) => void revoke(p)} />
      {msg ? (
        <p className={msg.ok ? 'notice' : 'error'} role="status" data-testid="pos-message">
          {msg.text}
        </p>
      ) : null}
    </section>
  );
}

/** The store-LAN address, the fingerprint a POS pins, and a warning when the certificate expires within 30 days. */
export function PosLanStatus({ status, format }: { status: PosApiStatus & { lanUrl: string }; format: Formatter }) {
  const t = useT();
  return (
    <div className="notice" data-testid="pos-api-lan-status">
      <p>{t('pos.lanListening', { url: `${status.lanUrl}/pos/v1` })}</p>
      {status.fingerprint ? (
        <p>
          {t('pos.fingerprint')}
          <br />
          <code className="mono pos-setup__fingerprint" data-testid="pos-api-fingerprint">
            {status.fingerprint}
          </code>
        </p>
      ) : null}
      {status.certificateExpiresSoon && status.certificateExpiresAt !== null ? (
        <p className="pos-setup__cert-expiry" role="alert" data-testid="pos-api-cert-expiry">
          {t('pos.certExpiresSoon', { date: format.date(status.certificateExpiresAt) })}
        </p>
      ) : null}
    </div>
  );
}
