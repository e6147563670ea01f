import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOfDate, isoDateOfDay, isoWeekdayOfDay, isValidTimeZone, localDateTime } from './localTime';

const at = (iso: string) => Date.parse(iso);

describe('day numbers', () => {
  it('counts whole days since 2020-01-01, across leap years and before 2020', () => {
    expect(dayOfDate(2020, 1, 1)).toBe(0);
    expect(dayOfDate(2020, 3, 1)).toBe(60); // 2020 is a leap year
    expect(dayOfDate(2021, 1, 1)).toBe(366);
    expect(dayOfDate(2019, 12, 31)).toBe(-1);
    expect(isoDateOfDay(366)).toBe('2021-01-01');
    expect(isoDateOfDay(-1)).toBe('2019-12-31');
  });

  it('gives ISO weekdays (2020-01-01 was a Wednesday, 2026-11-23 a Monday)', () => {
    expect(isoWeekdayOfDay(0)).toBe(3);
    expect(isoWeekdayOfDay(-1)).toBe(2);
    expect(isoWeekdayOfDay(-3)).toBe(7);
    expect(isoWeekdayOfDay(dayOfDate(2026, 11, 23))).toBe(1);
    expect(isoWeekdayOfDay(dayOfDate(2026, 11, 29))).toBe(7);
  });
});

describe('localDateTime', () => {
  it('turns the date over at local midnight in Shanghai (UTC+8)', () => {
    expect(localDateTime(at('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toEqual({ day: dayOfDate(2026, 11, 23), isoWeekday: 1, minutesOfDay: 23 * 60 + 59 });
    expect(localDateTime(at('2026-11-23T16:00:00Z'), 'Asia/Shanghai')).toEqual({ day: dayOfDate(2026, 11, 24), isoWeekday: 2, minutesOfDay: 0 });
  });

  it('gives different local dates for the same instant in Shanghai and New York', () => {
    const now = at('2026-11-23T16:30:00Z'); // Tue 00:30 in Shanghai, Mon 11:30 in New York
    expect(localDateTime(now, 'Asia/Shanghai')).toEqual({ day: dayOfDate(2026, 11, 24), isoWeekday: 2, minutesOfDay: 30 });
    expect(localDateTime(now, 'America/New_York')).toEqual({ day: dayOfDate(2026, 11, 23), isoWeekday: 1, minutesOfDay: 11 * 60 + 30 });
    expect(localDateTime(at('2026-11-24T04:59:00Z'), 'America/New_York').minutesOfDay).toBe(23 * 60 + 59);
    expect(localDateTime(at('2026-11-24T05:00:00Z'), 'America/New_York')).toEqual({ day: dayOfDate(2026, 11, 24), isoWeekday: 2, minutesOfDay: 0 });
  });

  it('follows New York daylight saving: spring forward skips 02:00-03:00, fall back repeats 01:00-02:00', () => {
    expect(localDateTime(at('2026-03-08T06:59:00Z'), 'America/New_York').minutesOfDay).toBe(60 + 59);
    expect(localDateTime(at('2026-03-08T07:00:00Z'), 'America/New_York').minutesOfDay).toBe(3 * 60);
    // Midnight moves too: EDT midnight is 04:00Z, EST midnight 05:00Z.
    expect(localDateTime(at('2026-07-01T03:59:00Z'), 'America/New_York').day).toBe(dayOfDate(2026, 6, 30));
    expect(localDateTime(at('2026-07-01T04:00:00Z'), 'America/New_York').day).toBe(dayOfDate(2026, 7, 1));
    expect(localDateTime(at('2026-11-01T05:30:00Z'), 'America/New_York').minutesOfDay).toBe(90);
    expect(localDateTime(at('2026-11-01T06:30:00Z'), 'America/New_York').minutesOfDay).toBe(90);
    expect(localDateTime(at('2026-11-01T06:30:00Z'), 'America/New_York').day).toBe(dayOfDate(2026, 11, 1));
  });

  it('handles half- and quarter-hour offsets', () => {
    expect(localDateTime(at('2026-01-01T00:00:00Z'), 'Asia/Kolkata').minutesOfDay).toBe(5 * 60 + 30);
    expect(localDateTime(at('2026-01-01T00:00:00Z'), 'Asia/Kathmandu').minutesOfDay).toBe(5 * 60 + 45);
  });

  it('refuses an unknown time zone clearly', () => {
    expect(() => localDateTime(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(() => localDateTime(Number.NaN, 'UTC')).toThrow(RangeError);
  });

  it('matches fixed-offset arithmetic for any instant, whatever zones were asked before (the cache never leaks)', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) })), {
          minLength: 1,
          maxLength: 20,
        }),
        (asks) => {
          for (const [z, now] of asks) {
            const got = localDateTime(now, zones[z]!);
            if (z === 0 || z === 1) {
              const shifted = new Date(now + (z === 1 ? 8 * 3_600_000 : 0));
              const day = dayOfDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
              expect(got).toEqual({ day, isoWeekday: ((shifted.getUTCDay() + 6) % 7) + 1, minutesOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() });
            }
            expect(got.minutesOfDay).toBeGreaterThanOrEqual(0);
            expect(got.minutesOfDay).toBeLessThan(1440);
          }
        },
      ),
    );
  });
});
