import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConflictRow } from '../../../../shared/ipc';
import { formatDateTime, formatTime } from '../../../../shared/format';
import { initI18n, setLanguage } from '../../../i18n';
import { formatterFor } from '../../../lib/format';
import { ConflictRowView } from './ConflictsScreen';

/** The conflicts table's "Won by" column: the winning till and when it redeemed, the redemption id in a tooltip. */
const WINNER_ID = '0190a000-0000-7000-8000-0000000000bb';
const TILL_2 = '0190a000-0000-7000-8000-0000000000aa';
// A minute apart mid-day UTC: the same calendar day in every time zone.
const WON_AT = Date.parse('2026-03-02T12:20:11Z');
const LOST_AT = Date.parse('2026-03-02T12:21:00Z');

const base: ConflictRow = {
  redemption: {
    id: '0190a000-0000-7000-8000-000000000001',
    kind: 'redeem',
    voidsId: null,
    couponKey: 's:1:7',
    campaignId: 1,
    storeId: 'S001',
    tillId: 'T01',
    cashierId: 'c1',
    basketId: 'b1',
    basketTotalMinor: 12_000,
    discountMinor: 1_000,
    memberId: null,
    source: 'wedge',
    hlc: '000001772454060:00000:T01',
    createdAt: LOST_AT,
    reason: null,
    approvedBy: null,
    syncState: 'conflict',
    synced: true,
    voided: false,
    cashierName: 'Ann',
    campaignName: 'Spring',
    tillName: null,
    conflictWinnerId: WINNER_ID,
  },
  winnerId: WINNER_ID,
  winner: { tillId: TILL_2, tillName: 'Till 2', storeId: 'S001', redeemedAt: WON_AT },
  status: 'conflict',
  resolution: null,
  note: null,
};
/** The row as the screen renders it, formatted for a store in ZONE (the screen's useFormat gives the same formatter). */
/** The store is in Shanghai; the machine running the test may be anywhere: times are the store's. */
const ZONE = 'Asia/Shanghai';
const cell = (c: ConflictRow, locale: 'en' | 'zh-CN' = 'en') => {
  const format = formatterFor({ locale, timeZone: ZONE, currency: 'CNY' });
  const html = renderToStaticMarkup(
    <table>
      <tbody>
        <ConflictRowView conflict={c} format={format} />
      </tbody>
    </table>,
  );
  return /<td[^>]*data-testid="conflict-winner"[^>]*>.*?<\/td>/.exec(html)![0];
};
const text = (td: string) => td.replace(/<[^>]+>/g, '');

const storeTime = (ms: number, locale: 'en' | 'zh-CN' = 'en') => formatTime(ms, { locale, timeZone: ZONE });
const storeDateTime = (ms: number) => formatDateTime(ms, { locale: 'en', timeZone: ZONE });

describe('ConflictRowView: who won', () => {
  beforeAll(() => void initI18n(['en']));

  it('shows the winning till by name and the time it redeemed, with the redemption id in the tooltip', () => {
    const td = cell(base);
    expect(text(td)).toBe(`Till 2 · ${storeTime(WON_AT)}`);
    expect(td).toContain(`title="Winning redemption: ${WINNER_ID}"`);
  });

  it('falls back to the till id when HQ has no name for it, and names the store when it is another', () => {
    expect(text(cell({ ...base, winner: { ...base.winner!, tillName: null } }))).toBe(`${TILL_2} · ${storeTime(WON_AT)}`);
    expect(text(cell({ ...base, winner: { ...base.winner!, storeId: 'S002' } }))).toBe(`Till 2 (store S002) · ${storeTime(WON_AT)}`);
  });

  it('shows the date too when the winner redeemed on another day', () => {
    const dayBefore = WON_AT - 86_400_000;
    expect(text(cell({ ...base, winner: { ...base.winner!, redeemedAt: dayBefore } }))).toBe(`Till 2 · ${storeDateTime(dayBefore)}`);
  });

  it("uses the store's time zone, not the browser's, for the time and for what counts as the same day", () => {
    // 15:50 UTC and 16:10 UTC: the same UTC day, but 23:50 and 00:10 the next day in Shanghai.
    const lost = Date.parse('2026-03-02T16:10:00Z');
    const won = Date.parse('2026-03-02T15:50:00Z');
    const c = { ...base, redemption: { ...base.redemption, createdAt: lost }, winner: { ...base.winner!, redeemedAt: won } };
    expect(text(cell(c))).toBe(`Till 2 · ${storeDateTime(won)}`);
    expect(storeDateTime(won)).toMatch(/11:50/);
  });

  it('shows the bare redemption id for a verdict from an HQ that names no winner', () => {
    const td = cell({ ...base, winner: null });
    expect(text(td)).toBe(WINNER_ID);
    expect(td).not.toContain('title=');
  });

  it('speaks Chinese too', () => {
    setLanguage('zh-CN');
    try {
      expect(text(cell({ ...base, winner: { ...base.winner!, storeId: 'S002' } }, 'zh-CN'))).toBe(`Till 2（门店 S002）· ${storeTime(WON_AT, 'zh-CN')}`);
      expect(cell(base)).toContain(`title="胜出的核销记录：${WINNER_ID}"`);
    } finally {
      setLanguage('en');
    }
  });
});
