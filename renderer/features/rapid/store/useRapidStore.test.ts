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

  it('without a total a money coupon is held, nothing redeemed, and goes through once the total is entered', async () => {
    const redeemed: number[] = [];
    const fake = new FakeTill()
      .handle('till:coupon:validate', (r) => {
        const { code } = r as { code: string };
        if (code === 'GIFT') return { ok: true, couponKey: code, campaignId: 2, campaignName: 'g', type: 'privilege', discountMinor: 0 };
        if (code === 'BAD') return { ok: false, reason: 'bad_format' };
        return { ok: false, reason: 'no_benefit' };
      })
      .handle('till:coupon:redeem', (r) => {
        const { code, basket } = r as { code: string; basket: { totalMinor: number } };
        redeemed.push(basket.totalMinor);
        if (code === 'BAD') return { verdict: { ok: false, reason: 'bad_format' }, duplicate: false };
        return {
          verdict: { ok: true, couponKey: code, campaignId: 1, campaignName: 'c', type: 'cash', discountMinor: Math.min(500, basket.totalMinor) },
          duplicate: false,
        };
      });
    setTillApiForTests(fake);
    const s = useRapidStore.getState();
    const held = await s.scan('CASH5', 'wedge', 0);
    expect(held?.state).toBe('needTotal');
    expect(fake.callsTo('till:coupon:redeem')).toHaveLength(0);
    expect(useRapidStore.getState().held).toHaveLength(1);
    expect(useRapidStore.getState().acceptedCount + useRapidStore.getState().refusedCount).toBe(0);
    // A coupon that needs no total, and a refusal that no total would change, go through at once.
    expect((await s.scan('GIFT', 'wedge', 10))?.state).toBe('done');
    expect((await s.scan('BAD', 'wedge', 20))?.verdict).toEqual({ ok: false, reason: 'bad_format' });
    expect(redeemed).toEqual([0, 0]);
    // Enter without a valid total does nothing; with one the held scan is redeemed with it.
    s.setTotalText('abc');
    expect(await useRapidStore.getState().commitTotal()).toEqual([]);
    s.setTotalText('20');
    const done = await useRapidStore.getState().commitTotal();
    expect(done.map((r) => [r.code, r.state, r.verdict?.ok])).toEqual([['CASH5', 'done', true]]);
    expect(redeemed).toEqual([0, 0, 2000]);
    const st = useRapidStore.getState();
    expect(st.held).toHaveLength(0);
    expect(st.rows.find((r) => r.code === 'CASH5')?.state).toBe('done');
    expect(st.totalDiscountMinor).toBe(500);
    expect(st.acceptedCount).toBe(2);
  });

  it('a failed call still leaves its row, marked as an error', async () => {
    setTillApiForTests(new FakeTill());
    await useRapidStore.getState().scan('X', 'wedge', 0);
    const st = useRapidStore.getState();
    expect(st.rows).toHaveLength(1);
    expect(st.rows[0]!.state).toBe('error');
  });
});
