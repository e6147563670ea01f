import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTillApiForTests } from '../../../api/till';
import { FakeTill, apiError } from '../../../test/fakeTill';
import { followManualBasket, resetBasketStore, useBasketStore } from './useBasketStore';
import type { BasketCoupon } from '../../../../shared/ipc';

type RedeemReq = { code: string; basket: { id: string; totalMinor: number; memberId?: string }; requestId: string; source: string };

let grace = false;
function till() {
  const onBasket: BasketCoupon[] = [];
  const fake = new FakeTill()
    .handle('till:coupon:redeem', (r) => {
      const req = r as RedeemReq;
      if (req.code.startsWith('BAD')) return { verdict: { ok: false, reason: 'bad_signature' }, duplicate: false };
      onBasket.push({
        redemptionId: `r-${req.code}`,
        couponKey: `s:1:${onBasket.length}`,
        campaignId: 1,
        campaignName: 'Ten off',
        type: 'cash',
        discountMinor: 1000,
        redeemedAt: onBasket.length,
        cashierId: 'c1',
      });
      return { verdict: { ok: true, couponKey: 's:1:1', campaignId: 1, campaignName: 'Ten off', type: 'cash', discountMinor: 1000 }, duplicate: false };
    })
    .handle('till:basket:coupons', (r) => ({
      basketId: (r as { basketId: string }).basketId,
      coupons: [...onBasket],
      totalDiscountMinor: onBasket.length * 1000,
    }))
    .handle('till:coupon:undo', (r, o) => {
      // Main's rule, as the fake plays it: undo needs a manager's token unless 'grace' is set.
      if (!o?.overrideToken && !grace)
        throw Object.assign(apiError('forbidden', 'Needs a manager'), { details: { permission: 'coupon.void', overridable: true } });
      const id = (r as { redemptionId: string }).redemptionId;
      onBasket.splice(
        onBasket.findIndex((c) => c.redemptionId === id),
        1,
      );
      return { void: { id: 'v1' }, approval: o?.overrideToken ? 'manager' : 'grace', approvedBy: o?.overrideToken ? 'm1' : null };
    })
    .handle('till:auth:roster', () => [
      { id: 'm1', name: 'Mia', role: 'manager' },
      { id: 'c1', name: 'Cal', role: 'cashier' },
    ])
    .handle('till:auth:override', (r) => {
      if ((r as { pin: string }).pin !== '9999') throw apiError('bad_credentials', 'Wrong PIN');
      return { token: 'tok-1', action: 'coupon.void', managerId: 'm1', managerName: 'Mia', expiresAt: 0 };
    });
  setTillApiForTests(fake);
  return fake;
}

describe('useBasketStore', () => {
  beforeEach(() => resetBasketStore());
  afterEach(() => setTillApiForTests(null));

  it('redeems on the basket with its total and member, then lists the basket coupons', async () => {
    const fake = till();
    const s = useBasketStore.getState();
    s.setTotalText('120.50');
    s.setMemberId(' M42 ');
    await useBasketStore.getState().scan('GOOD1', 'wedge');
    const req = fake.callsTo('till:coupon:redeem')[0]!.request as RedeemReq;
    expect(req.basket).toEqual({ id: useBasketStore.getState().basketId, totalMinor: 12050, memberId: 'M42' });
    expect(req.source).toBe('wedge');
    const v = useBasketStore.getState().verdict;
    expect(v?.state === 'done' && v.verdict.ok).toBe(true);
    expect(useBasketStore.getState().coupons?.totalDiscountMinor).toBe(1000);
  });

  it('gives every scan its own requestId and shows refusals without listing them', async () => {
    const fake = till();
    useBasketStore.getState().setTotalText('50');
    await useBasketStore.getState().scan('BAD1', 'manual');
    await useBasketStore.getState().scan('BAD1', 'manual');
    const [a, b] = fake.callsTo('till:coupon:redeem').map((c) => (c.request as RedeemReq).requestId);
    expect(a).not.toBe(b);
    const v = useBasketStore.getState().verdict;
    expect(v?.state === 'done' && !v.verdict.ok && v.verdict.reason).toBe('bad_signature');
    expect(fake.callsTo('till:basket:coupons')).toHaveLength(0);
  });

  it('holds a scan made before the total and checks it once the total is entered', async () => {
    const fake = till().handle('till:coupon:validate', () => ({
      ok: true,
      couponKey: 's:1:1',
      campaignId: 1,
      campaignName: 'Ten off',
      type: 'cash',
      discountMinor: 0,
    }));
    await useBasketStore.getState().scan('GOOD2', 'wedge');
    expect(useBasketStore.getState().verdict?.state).toBe('needTotal');
    expect(fake.callsTo('till:coupon:redeem')).toHaveLength(0);
    useBasketStore.getState().setTotalText('99');
    await useBasketStore.getState().commitTotal();
    expect(fake.callsTo('till:coupon:redeem')).toHaveLength(1);
    expect(useBasketStore.getState().pendingScan).toBeNull();
  });

  it('redeems a privilege coupon without a total (it is worth nothing off the basket)', async () => {
    const fake = till().handle('till:coupon:validate', () => ({
      ok: true,
      couponKey: 's:5:1',
      campaignId: 5,
      campaignName: 'Upgrade',
      type: 'privilege',
      discountMinor: 0,
    }));
    await useBasketStore.getState().scan('GOOD9', 'camera');
    const req = fake.callsTo('till:coupon:redeem')[0]!.request as RedeemReq;
    expect(req.basket.totalMinor).toBe(0);
    expect(useBasketStore.getState().pendingScan).toBeNull();
  });

  it('undo inside the grace period goes straight through and the panel shows the void, not the old acceptance', async () => {
    grace = true;
    const fake = till();
    useBasketStore.getState().setTotalText('99');
    await useBasketStore.getState().scan('GOOD5', 'wedge');
    expect(useBasketStore.getState().verdict?.state).toBe('done');
    await useBasketStore.getState().undoLast('Undo at the till');
    expect(fake.callsTo('till:coupon:undo')[0]).toMatchObject({ request: { redemptionId: 'r-GOOD5', reason: 'Undo at the till' } });
    expect(fake.callsTo('till:coupon:undo')[0]!.overrideToken).toBeUndefined();
    expect(useBasketStore.getState().verdict).toMatchObject({ state: 'voided', campaignName: 'Ten off', discountMinor: 1000 });
    expect(useBasketStore.getState().approval.state).toBe('idle');
    expect(useBasketStore.getState().coupons?.coupons).toHaveLength(0);
    grace = false;
  });

  it('undo main refuses asks a manager inline and undoes with the one-use token', async () => {
    const fake = till();
    useBasketStore.getState().setTotalText('99');
    await useBasketStore.getState().scan('GOOD3', 'wedge');
    await useBasketStore.getState().undoLast('Undo at the till');
    const open = useBasketStore.getState().approval;
    expect(open.state === 'open' && open.managers.map((m) => m.id)).toEqual(['m1']);
    expect(open.state === 'open' && open.blocked.kind).toBe('undo');

    await useBasketStore.getState().approve('m1', '0000');
    const after = useBasketStore.getState().approval;
    expect(after.state === 'open' && after.error?.code).toBe('bad_credentials');
    expect(fake.callsTo('till:coupon:undo')).toHaveLength(1);

    await useBasketStore.getState().approve('m1', '9999');
    expect(fake.callsTo('till:auth:override').at(-1)!.request).toMatchObject({ action: 'coupon.void' });
    expect(fake.callsTo('till:coupon:undo').at(-1)).toMatchObject({ request: { redemptionId: 'r-GOOD3' }, overrideToken: 'tok-1' });
    expect(useBasketStore.getState().coupons?.coupons).toHaveLength(0);
    expect(useBasketStore.getState().approval.state).toBe('idle');
    expect(useBasketStore.getState().verdict?.state).toBe('voided');
  });

  it('a refusal a manager can override opens the approval; approved, the same scan goes through with the token', async () => {
    const fake = till().handle('till:coupon:redeem', (_r, o) =>
      o?.overrideToken
        ? { verdict: { ok: true, couponKey: 's:7:1', campaignId: 7, campaignName: 'Hundred off', type: 'cash', discountMinor: 10000 }, duplicate: false }
        : { verdict: { ok: false, reason: 'online_claim_required', couponKey: 's:7:1', campaignId: 7 }, duplicate: false },
    );
    useBasketStore.getState().setTotalText('600');
    await useBasketStore.getState().scan('HIGH1', 'wedge');
    const open = useBasketStore.getState().approval;
    expect(open.state === 'open' && open.blocked).toMatchObject({ kind: 'redeem', code: 'HIGH1', totalMinor: 60000 });
    await useBasketStore.getState().approve('m1', '9999');
    expect(fake.callsTo('till:auth:override').at(-1)!.request).toMatchObject({ action: 'coupon.offlineClaim' });
    const last = fake.callsTo('till:coupon:redeem').at(-1)!;
    expect(last).toMatchObject({ request: { code: 'HIGH1', basket: { totalMinor: 60000 } }, overrideToken: 'tok-1' });
    const v = useBasketStore.getState().verdict;
    expect(v?.state === 'done' && v.verdict.ok).toBe(true);
  });

  it('a new scan closes an open approval (nothing modal in the scan path)', async () => {
    till().handle('till:coupon:redeem', () => ({ verdict: { ok: false, reason: 'online_claim_required' }, duplicate: false }));
    useBasketStore.getState().setTotalText('600');
    await useBasketStore.getState().scan('HIGH2', 'wedge');
    expect(useBasketStore.getState().approval.state).toBe('open');
    const next = useBasketStore.getState().scan('BAD7', 'wedge');
    expect(useBasketStore.getState().approval.state).toBe('idle');
    await next;
  });

  it('a new basket forgets coupons and verdict, and takes the new id main made: a scan right after it lands on that basket', async () => {
    const fake = till();
    fake.handle('till:basket:new', () => view('main-2'));
    useBasketStore.getState().setTotalText('99');
    await useBasketStore.getState().scan('GOOD4', 'wedge');
    const before = useBasketStore.getState().basketId;
    useBasketStore.getState().newBasket();
    expect(useBasketStore.getState().coupons).toBeNull();
    expect(useBasketStore.getState().totalText).toBe('');
    expect(useBasketStore.getState().verdict).toBeNull();
    useBasketStore.getState().setTotalText('12');
    await useBasketStore.getState().scan('GOOD5', 'wedge');
    expect(fake.callsTo('till:basket:new').map((c) => c.request)).toEqual([{ basketId: before }]);
    expect((fake.callsTo('till:coupon:redeem').at(-1)!.request as RedeemReq).basket).toMatchObject({ id: 'main-2', totalMinor: 1200 });
  });

  it("shows main's basket after a reload (total, member, receipt number) and follows what main pushes", async () => {
    const fake = till();
    fake.handle('till:basket:current', () => ({ ...view('main-1'), totalMinor: 8800, memberId: 'M-7', receiptNo: 'R-9' }));
    const stop = followManualBasket();
    await useBasketStore.getState().load();
    expect(useBasketStore.getState()).toMatchObject({ basketId: 'main-1', totalText: '88.00', memberId: 'M-7', receiptText: 'R-9', receiptSaved: 'R-9' });
    // Another window started a new basket: this screen shows it too.
    fake.emit('basket', view('main-3'));
    expect(useBasketStore.getState()).toMatchObject({ basketId: 'main-3', totalText: '', receiptText: '' });
    stop();
  });

  it('saves the receipt number once when the cashier leaves the field, and says why when main refuses it', async () => {
    const fake = till();
    fake.handle('till:basket:current', () => view('main-1'));
    fake.handle('till:basket:update', (r) => {
      const req = r as { receiptNo: string | null };
      if (req.receiptNo === 'BAD') throw apiError('bad_request', 'receiptNo: contains a control character');
      return { ...view('main-1'), receiptNo: req.receiptNo };
    });
    await useBasketStore.getState().load();
    useBasketStore.getState().setReceiptText(' R-42 ');
    await useBasketStore.getState().commitReceipt();
    await useBasketStore.getState().commitReceipt();
    expect(fake.callsTo('till:basket:update').map((c) => c.request)).toEqual([{ basketId: 'main-1', receiptNo: 'R-42' }]);
    expect(useBasketStore.getState().receiptSaved).toBe('R-42');
    useBasketStore.getState().setReceiptText('BAD');
    await useBasketStore.getState().commitReceipt();
    expect(useBasketStore.getState()).toMatchObject({ receiptSaved: 'R-42', receiptError: 'receiptNo: contains a control character' });
  });
});

function view(basketId: string) {
  return {
    basketId,
    totalMinor: null,
    memberId: null,
    receiptNo: null,
    startedAt: 0,
    coupons: { basketId, coupons: [], totalDiscountMinor: 0 },
    sentWithoutReceipt: 0,
  };
}
