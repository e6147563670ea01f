import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTillApiForTests } from '../../../api/till';
import { FakeTill } from '../../../test/fakeTill';
import { resetRapidStore, useRapidStore } from './useRapidStore';

describe('useRapidStore', () => {
  beforeEach(() => resetRapidStore());
  afterEach(() => setTillApiForTests(null));

  it('one row per scan taken, repeats in the window ignored, counts and total exact', async () => {
    const used = new Set<string>();
    const fake = new FakeTill().handle('till:coupon:redeem', (r) => {
      const { code } = r as { code: string };
      if (used.has(code)) return { verdict: { ok: false, reason: 'already_used_here' }, duplicate: false };
      used.add(code);
      return { verdict: { ok: true, couponKey: code, campaignId: 1, campaignName: 'c', type: 'cash', discountMinor: 500 }, duplicate: false };
    });
    setTillApiForTests(fake);
    useRapidStore.getState().setWindow(1000);
    useRapidStore.getState().setTotalText('100');
    const s = useRapidStore.getState();
    await Promise.all([s.scan('A', 'wedge', 0), s.scan('B', 'wedge', 10), s.scan('A', 'wedge', 20), s.scan('A', 'wedge', 5000)]);
    const st = useRapidStore.getState();
    expect(st.rows.map((r) => r.code)).toEqual(['A', 'B', 'A']);
    expect(st.rows.every((r) => r.state === 'done')).toBe(true);
    expect(st.ignoredRepeats).toBe(1);
    expect(st.acceptedCount).toBe(2);
    expect(st.refusedCount).toBe(1);
    expect(st.totalDiscountMinor).toBe(1000);
    expect(fake.callsTo('till:coupon:redeem')).toHaveLength(3);
    const req = fake.callsTo('till:coupon:redeem')[0]!.request as { basket: { totalMinor: number }; requestId: string };
    expect(req.basket.totalMinor).toBe(10000);
  });

  it('a failed call still leaves its row, marked as an error', async () => {
    setTillApiForTests(new FakeTill());
    await useRapidStore.getState().scan('X', 'wedge', 0);
    const st = useRapidStore.getState();
    expect(st.rows).toHaveLength(1);
    expect(st.rows[0]!.state).toBe('error');
  });
});
