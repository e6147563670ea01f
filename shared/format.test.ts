import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDiscount, formatIsoDate, formatMoney, formatTime, formatWhen, isCurrencyCode, minorDigits } from './format';

const EN = { locale: 'en', currency: 'CNY', timeZone: 'Asia/Shanghai' } as const;
const ZH = { ...EN, locale: 'zh-CN' } as const;
/** 2026-12-01 10:05 UTC = 18:05 in Shanghai. */
const T = Date.UTC(2026, 11, 1, 10, 5);

describe('money', () => {
  it('shows integer minor units in the store currency, never fen', () => {
    expect(formatMoney(1000, EN)).toBe('¥10.00');
    expect(formatMoney(1000, ZH)).toBe('¥10.00');
    expect(formatMoney(-1000, EN)).toBe('-¥10.00');
    expect(formatMoney(5, ZH)).toBe('¥0.05');
    expect(formatMoney(0, EN)).toBe('¥0.00');
    expect(formatMoney(123456, { locale: 'en', currency: 'USD' })).toBe('$1,234.56');
  });
  it('is exact to the last minor unit for the largest safe sums (no float division)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, EN)).toBe('¥90,071,992,547,409.91');
  });
  it('follows the currency’s own minor units (JPY has none)', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(formatMoney(500, { locale: 'en', currency: 'JPY' })).toBe('¥500');
  });
  it('writes a discount with a minus, and zero without one', () => {
    expect(formatDiscount(1000, ZH)).toBe('-¥10.00');
    expect(formatDiscount(-1000, ZH)).toBe('-¥10.00');
    expect(formatDiscount(0, ZH)).toBe('¥0.00');
  });
  it('knows ISO currency codes', () => {
    expect(isCurrencyCode('CNY')).toBe(true);
    expect(isCurrencyCode('cny')).toBe(false);
    expect(isCurrencyCode('YUAN')).toBe(false);
    // Intl formats any three letters; only codes ISO 4217 defines are a currency.
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('HKD')).toBe(true);
  });
});

describe('time in the store’s zone', () => {
  it('zh-CN reads 2026-12-01 18:05, en reads by its locale', () => {
    expect(formatDateTime(T, ZH)).toBe('2026-12-01 18:05');
    expect(formatDate(T, ZH)).toBe('2026-12-01');
    expect(formatTime(T, ZH)).toBe('18:05');
    expect(formatDateTime(T, EN)).toBe('Dec 1, 2026, 6:05 PM');
    expect(formatDate(T, EN)).toBe('Dec 1, 2026');
    expect(formatTime(T, EN)).toBe('6:05 PM');
  });
  it('midnight is 00:00, not 24:00', () => {
    expect(formatTime(Date.UTC(2026, 11, 1, 16, 0), ZH)).toBe('00:00');
  });
  it('says today and yesterday by the store’s calendar', () => {
    expect(formatWhen(T, T + 3_600_000, ZH)).toBe('今天 18:05');
    expect(formatWhen(T, T + 3_600_000, EN)).toBe('today 6:05 PM');
    expect(formatWhen(T, T + 86_400_000, ZH)).toBe('昨天 18:05');
    expect(formatWhen(T, T + 86_400_000, EN)).toBe('yesterday 6:05 PM');
    expect(formatWhen(T, T + 3 * 86_400_000, ZH)).toBe('2026-12-01 18:05');
    // 23:30 in Shanghai is still "today" there at 23:50, though it is another UTC day for a viewer in UTC+14.
    const late = Date.UTC(2026, 11, 1, 15, 30);
    expect(formatWhen(late, late + 20 * 60_000, ZH)).toBe('今天 23:30');
  });
  it('writes a rule date (YYYY-MM-DD) in the UI language', () => {
    expect(formatIsoDate('2026-12-01', EN)).toBe('Dec 1, 2026');
    expect(formatIsoDate('2026-12-01', ZH)).toBe('2026-12-01');
  });
});

describe('with the process in another time zone', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  it('still shows the store’s time, not the runtime’s', () => {
    // The runtime really is elsewhere: its own clock says 02:05 on the same instant.
    expect(new Date(T).getHours()).toBe(2);
    expect(formatDateTime(T, ZH)).toBe('2026-12-01 18:05');
    expect(formatDateTime(T, EN)).toBe('Dec 1, 2026, 6:05 PM');
    expect(formatWhen(T, T + 60_000, ZH)).toBe('今天 18:05');
    expect(formatIsoDate('2026-12-01', EN)).toBe('Dec 1, 2026');
  });
});
