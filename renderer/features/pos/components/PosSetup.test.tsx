import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PosApiStatus } from '../../../../shared/pos/pairing';
import { initI18n, setLanguage } from '../../../i18n';
import { formatterFor } from '../../../lib/format';
import { PosLanStatus } from './PosSetup';

/** Settings -> Store POS, the store-LAN part: the fingerprint to pin, and a warning before the certificate expires. */
const status: PosApiStatus & { lanUrl: string } = {
  enabled: true,
  url: 'http://127.0.0.1:7431',
  problem: null,
  lan: true,
  lanUrl: 'https://192.168.1.20:7432',
  fingerprint: `AB${':AB'.repeat(31)}`,
  certificateExpiresAt: Date.parse('2026-12-20T08:00:00Z'),
  certificateExpiresSoon: false,
};
const format = formatterFor({ locale: 'en', timeZone: 'Asia/Shanghai', currency: 'CNY' });
const html = (s: Partial<Omit<PosApiStatus, 'lanUrl'>> = {}) => renderToStaticMarkup(<PosLanStatus status={{ ...status, ...s }} format={format} />);

describe('PosLanStatus', () => {
  beforeAll(() => void initI18n(['en']));

  it('shows the fingerprint and no warning while the certificate has more than 30 days', () => {
    expect(html()).toContain(status.fingerprint);
    expect(html()).not.toContain('pos-api-cert-expiry');
  });

  it('warns, in both languages, with the date and the command, when it expires within 30 days', () => {
    const en = html({ certificateExpiresSoon: true });
    expect(en).toContain('data-testid="pos-api-cert-expiry"');
    expect(en).toContain('role="alert"');
    expect(en).toContain(format.date(status.certificateExpiresAt!));
    expect(en).toContain('till pos-cert rotate');
    expect(en).toContain('pin its new fingerprint in every POS');
    setLanguage('zh-CN');
    try {
      const zh = html({ certificateExpiresSoon: true });
      expect(zh).toContain('till pos-cert rotate');
      expect(zh).toContain('固定新指纹');
    } finally {
      setLanguage('en');
    }
  });
});
