import { describe, expect, it } from 'vitest';
import { emptyFilterForm, isDay, toLogFilter } from './filters';

describe('toLogFilter', () => {
  it('leaves blank fields out', () => {
    expect(toLogFilter(emptyFilterForm())).toEqual({});
  });
  it("sends the days as store days, whatever the browser's time zone (main counts them in the store's)", () => {
    expect(toLogFilter({ ...emptyFilterForm(), from: '2026-11-01', to: '2026-11-02' })).toEqual({ fromDay: '2026-11-01', toDay: '2026-11-02' });
  });
  it('keeps valid ids and statuses and drops invalid ones', () => {
    expect(toLogFilter({ ...emptyFilterForm(), campaignId: '12', status: 'conflict', cashierId: 'u1', tillId: ' t1 ', conflictsOnly: true })).toEqual({
      campaignId: 12,
      status: 'conflict',
      cashierId: 'u1',
      tillId: 't1',
      conflictsOnly: true,
    });
    expect(toLogFilter({ ...emptyFilterForm(), campaignId: '1.5', status: 'bogus' })).toEqual({});
    expect(toLogFilter({ ...emptyFilterForm(), campaignId: '0' })).toEqual({});
  });
  it('refuses impossible days', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('26-1-1')).toBe(false);
    expect(toLogFilter({ ...emptyFilterForm(), from: '2026-02-30' })).toEqual({});
  });
});
