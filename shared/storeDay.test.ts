import { describe, expect, it } from 'vitest';
import { isStoreDay, nextStoreDay, storeDayAndHour, storeDayStart } from './storeDay';

describe('store days', () => {
  it("are the store's calendar day, not UTC's", () => {
    // 2026-12-01 17:30 UTC is 2026-12-02 01:30 in Shanghai.
    expect(storeDayAndHour(Date.UTC(2026, 11, 1, 17, 30), 'Asia/Shanghai')).toEqual({ day: '2026-12-02', hour: 1 });
    expect(storeDayAndHour(Date.UTC(2026, 11, 1, 17, 30), 'America/New_York')).toEqual({ day: '2026-12-01', hour: 12 });
  });
  it('start at local midnight, across daylight saving too', () => {
    expect(storeDayStart('2026-12-02', 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 1, 16));
    expect(storeDayStart('2026-03-08', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5)); // EST
    expect(storeDayStart('2026-03-09', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4)); // EDT
    expect(storeDayStart('2026-06-01', 'Asia/Kathmandu')).toBe(Date.UTC(2026, 4, 31, 18, 15));
  });
  it('refuses what is not a day', () => {
    expect(isStoreDay('2026-02-30')).toBe(false);
    expect(isStoreDay('26-1-1')).toBe(false);
    expect(() => storeDayStart('2026-13-01', 'UTC')).toThrow(RangeError);
    expect(nextStoreDay('2026-12-31')).toBe('2027-01-01');
  });
});
