import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTillApiForTests } from '../../../api/till';
import { FakeTill } from '../../../test/fakeTill';
import { resetLogStore, useLogStore } from './useLogStore';

/** A fake log of 120 rows, newest first, keyset-paged by row number. */
function fakeLog() {
  const rows = Array.from({ length: 120 }, (_, i) => ({ id: `r${119 - i}`, discountMinor: 100 }));
  return new FakeTill()
    .handle('till:log:list', (req) => {
      const r = req as { limit: number; cursor?: string; campaignId?: number };
      const start = r.cursor ? Number(r.cursor) : 0;
      const slice = rows.slice(start, start + r.limit);
      return {
        rows: slice,
        nextCursor: start + r.limit < rows.length ? String(start + r.limit) : null,
        totals: { count: rows.length, redeemedCount: rows.length, voidedCount: 0, voidCount: 0, discountMinor: 12000 },
      };
    })
    .handle('till:log:summary', () => ({
      totals: { count: 120, redeemedCount: 120, voidedCount: 0, voidCount: 0, discountMinor: 12000 },
      campaigns: [],
      cashiers: [],
      tills: [],
      hours: [],
    }));
}

/** The calls of one channel. */
const of = (fake: FakeTill, channel: string) => fake.calls.filter((c) => c.channel === channel);

describe('useLogStore', () => {
  beforeEach(() => resetLogStore());
  afterEach(() => setTillApiForTests(null));

  it('applies filters and pages forward and back by cursor', async () => {
    const fake = fakeLog();
    setTillApiForTests(fake);
    useLogStore.getState().setForm({ campaignId: '7' });
    await useLogStore.getState().apply();
    expect(of(fake, 'till:log:list')[0]!.request).toEqual({ campaignId: 7, limit: 50 });
    // The totals and breakdowns are asked once per listing, with the same filters.
    expect(of(fake, 'till:log:summary').map((c) => c.request)).toEqual([{ campaignId: 7 }]);
    expect(useLogStore.getState().summary?.totals.redeemedCount).toBe(120);
    expect(useLogStore.getState().page?.rows[0]).toMatchObject({ id: 'r119' });
    await useLogStore.getState().next();
    await useLogStore.getState().next();
    expect(useLogStore.getState().page?.rows).toHaveLength(20);
    expect(useLogStore.getState().paging.next).toBeNull();
    await useLogStore.getState().next(); // last page: no call
    expect(of(fake, 'till:log:list')).toHaveLength(3);
    await useLogStore.getState().prev();
    expect(of(fake, 'till:log:list')[3]!.request).toMatchObject({ cursor: '50' });
    expect(useLogStore.getState().page?.rows[0]).toMatchObject({ id: 'r69' });
  });

  it('shows a refusal as an error and keeps the page', async () => {
    setTillApiForTests(new FakeTill());
    await useLogStore.getState().apply();
    expect(useLogStore.getState().error).toBe('till:log:list');
  });

  it('pages, reloads and exports with the filters last applied, not with fields edited since', async () => {
    const fake = fakeLog().handle('till:log:exportCsv', () => ({ filename: 'log.csv', csv: '' }));
    setTillApiForTests(fake);
    useLogStore.getState().setForm({ campaignId: '7' });
    await useLogStore.getState().apply();
    useLogStore.getState().setForm({ campaignId: '9' }); // typed, not applied
    await useLogStore.getState().next();
    await useLogStore.getState().reload();
    await useLogStore.getState().exportCsv();
    expect(fake.calls.map((c) => (c.request as { campaignId?: number }).campaignId)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(of(fake, 'till:log:list')[2]!.request).toMatchObject({ cursor: '50' }); // the reload keeps the page on screen
    await useLogStore.getState().apply();
    expect(of(fake, 'till:log:list').at(-1)!.request).toEqual({ campaignId: 9, limit: 50 });
  });
});
