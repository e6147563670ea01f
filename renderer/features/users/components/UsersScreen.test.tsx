import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UserInfo } from '../../../../shared/ipc';
import { initI18n, setLanguage } from '../../../i18n';
import { formatterFor } from '../../../lib/format';
import { UserRow } from './UsersScreen';

/** A users-table row: a local user has the PIN and disable controls; an HQ user says where to change them. */
const base: UserInfo = { id: 'u1', name: 'Ann', role: 'cashier', disabled: false, lockedUntil: null, origin: 'local', createdAt: 1 };
const row = (user: UserInfo) =>
  renderToStaticMarkup(
    <table>
      <tbody>
        <UserRow user={user} onResult={async () => true} />
      </tbody>
    </table>,
  );

describe('UserRow', () => {
  beforeAll(() => void initI18n(['en']));

  it('lets a manager re-PIN and disable a user of this till', () => {
    const html = row(base);
    expect(html).toContain('data-origin="local"');
    expect(html).toContain('This till');
    expect(html).toContain('type="password"');
    expect(html).toContain('Set PIN');
    expect(html).toContain('Disable');
  });

  it("shows an HQ user as HQ's, with no PIN or disable controls, in both languages", () => {
    const html = row({ ...base, origin: 'hq' });
    expect(html).toContain('data-origin="hq"');
    expect(html).toContain('Managed by HQ');
    expect(html).not.toContain('type="password"');
    expect(html).not.toContain('<button');
    setLanguage('zh-CN');
    try {
      expect(row({ ...base, origin: 'hq' })).toContain('由总部管理');
    } finally {
      setLanguage('en');
    }
  });
});

describe('UserRow: a locked-out user', () => {
  beforeAll(() => void initI18n(['en']));

  it("says until when, in the store's time and language, not the browser's", () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const until = now + 5 * 60_000; // 18:05 in Shanghai
    const html = (locale: 'en' | 'zh-CN') =>
      renderToStaticMarkup(
        <table>
          <tbody>
            <UserRow
              user={{ ...base, lockedUntil: until }}
              onResult={async () => true}
              now={now}
              format={formatterFor({ locale, timeZone: 'Asia/Shanghai', currency: 'CNY' })}
            />
          </tbody>
        </table>,
      );
    expect(html('en')).toContain('Locked until today 6:05 PM');
    setLanguage('zh-CN');
    try {
      expect(html('zh-CN')).toContain('锁定至 今天 18:05');
    } finally {
      setLanguage('en');
    }
    // No lockout once it is over.
    expect(
      renderToStaticMarkup(
        <table>
          <tbody>
            <UserRow user={{ ...base, lockedUntil: now - 1 }} onResult={async () => true} now={now} />
          </tbody>
        </table>,
      ),
    ).not.toContain('Locked');
  });
});
