import { describe, expect, it } from 'vitest';
import { isDay } from './DayField';

describe('isDay', () => {
  it('takes a real YYYY-MM-DD day or nothing', () => {
    for (const d of ['', '2026-12-01', '2028-02-29', '1999-01-31']) expect(isDay(d), d).toBe(true);
  });
  it('refuses other layouts, impossible days and partial typing', () => {
    for (const d of ['12/01/2026', '2026-2-1', '2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '2026-12', '2026-12-01 ', '２０２６-12-01']) {
      expect(isDay(d), d).toBe(false);
    }
  });
});
