import { useState } from 'react';
import type { PosPairingInfo } from '../../../../shared/pos/pairing';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';

/** The paired POSes by name, each revocable with an inline confirmation (no modal). */
export function PosPairingList({ pairings, onRevoke }: { pairings: PosPairingInfo[]; onRevoke: (p: PosPairingInfo) => void }) {
  const t = useT();
  const f = useFormat();
  const [confirming, setConfirming] = useState<string | null>(null);
  if (pairings.length === 0)
    return (
      <p className="muted" data-testid="pos-pairings-none">
        {t('pos.none')}
      </p>
    );
  return (
    <table className="table" data-testid="pos-pairings">
      <thead>
        <tr>
          <th>{t('pos.name')}</th>
          <th>{t('pos.since')}</th>
          <th>{t('pos.lastUsed')}</th>
          <th>{t('pos.state')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {pairings.map((p) => (
          <tr key={p.id} data-testid="pos-pairing" data-name={p.name} data-revoked={p.revokedAt !== null} title={p.id}>
            <td>{p.name}</td>
            <td>{f.when(p.createdAt)}</td>
            <td>{p.lastUsedAt === null ? t('pos.never') : f.when(p.lastUsedAt)}</td>
            <td>{p.revokedAt === null ? t('pos.active') : t('pos.revoked', { when: f.when(p.revokedAt) })}</td>
            <td>
              {p.revokedAt !== null ? null : confirming === p.id ? (
                <span className="inline-confirm">
                  <span>{t('pos.revokeConfirm', { name: p.name })}</span>
                  <button
                    type="button"
                    className="btn btn--danger"
                    onClick={() => {
                      setConfirming(null);
                      onRevoke(p);
                    }}
                    data-testid="pos-revoke-yes"
                  >
                    {t('pos.revokeYes')}
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(null)}>
                    {t('pos.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" className="btn" onClick={() => setConfirming(p.id)} data-testid="pos-revoke">
                  {t('pos.revoke')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
