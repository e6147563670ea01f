import { describe, expect, it } from 'vitest';
import { emptyFilterForm, localDayStart, toLogFilter } from './filters';

describe('toLogFilter', () => {
  it('leaves blank fields out', () => {
    expect(toLogFilter(emptyFilterForm())).toEqual({});
  });
  it('turns days into a half-open local range that includes the whole "to" day', () => {
    const f = toLogFilter({ ...emptyFilterForm(), from: '2026-11-01', to: '2026-11-02' });
    expect(f.from).toBe(new Date(2026, 10, 1).getTime());
    expect(f.until).toBe(new Date(2026, 10, 3).getTime());
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
    expect(localDayStart('2026-02-30')).toBeNull();
    expect(localDayStart('26-1-1')).toBeNull();
  });
});
