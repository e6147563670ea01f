import { describe, expect, it } from 'vitest';
import { evaluateCoupon } from './index';
import { dayOfDate } from './localTime';
import { NOON_SHANGHAI, campaign, candidate, ctx, totalBasket, usage } from './testFixtures';

const TODAY = dayOfDate(2026, 11, 23); // Monday, in Shanghai at NOON_SHANGHAI
const basket = totalBasket(10_000);
const reasonOf = (r: ReturnType<typeof evaluateCoupon>) => (r.ok ? 'ok' : r.reason);
const HOLDER = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

describe('campaign state, revocation and holder binding', () => {
  it('refuses an ended campaign before anything else', () => {
    const c = campaign({ status: 'ended' }, { validUntil: 0 });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ revoked: true }) })))).toBe('campaign_ended');
  });

  it('refuses a revoked code, even when it is also expired', () => {
    const c = campaign({}, { validUntil: 0 });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ revoked: true }) })))).toBe('revoked');
  });

  it('needs the bound member, and refuses any other member', () => {
    const c = campaign();
    const bound = candidate(c, { holder: HOLDER });
    expect(reasonOf(evaluateCoupon(bound, basket, ctx()))).toBe('member_required');
    expect(reasonOf(evaluateCoupon(bound, totalBasket(10_000, 'm1'), ctx()))).toBe('member_required'); // caller gave no hash
    const other = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(reasonOf(evaluateCoupon(bound, totalBasket(10_000, 'm1'), ctx({ memberHolder: other })))).toBe('wrong_holder');
    expect(reasonOf(evaluateCoupon(bound, totalBasket(10_000, 'm1'), ctx({ memberHolder: HOLDER.slice() })))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx()))).toBe('ok'); // unbound codes need no member
  });
});

describe('validity window', () => {
  it('absolute window: from inclusive, until exclusive, with the local date in params', () => {
    const c = campaign({}, { validFrom: NOON_SHANGHAI, validUntil: NOON_SHANGHAI + 1000 });
    expect(evaluateCoupon(candidate(c), basket, ctx({ now: NOON_SHANGHAI - 1 }))).toEqual({
      ok: false,
      reason: 'not_yet_valid',
      params: { date: '2026-11-23' },
    });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ now: NOON_SHANGHAI })))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ now: NOON_SHANGHAI + 999 })))).toBe('ok');
    expect(evaluateCoupon(candidate(c), basket, ctx({ now: NOON_SHANGHAI + 1000 }))).toEqual({ ok: false, reason: 'expired', params: { date: '2026-11-23' } });
  });

  it('expired shows the last valid LOCAL date (until = Shanghai midnight -> the day before)', () => {
    const midnight = Date.UTC(2026, 10, 22, 16, 0); // 2026-11-23 00:00 Shanghai
    const c = campaign({}, { validUntil: midnight });
    expect(evaluateCoupon(candidate(c), basket, ctx())).toEqual({ ok: false, reason: 'expired', params: { date: '2026-11-22' } });
  });

  it('code issue and expiry days are compared with the store-local date, expiry day inclusive', () => {
    const c = campaign();
    expect(reasonOf(evaluateCoupon(candidate(c, { issueDay: TODAY + 1 }), basket, ctx()))).toBe('not_yet_valid');
    expect(reasonOf(evaluateCoupon(candidate(c, { issueDay: TODAY, expiryDay: TODAY }), basket, ctx()))).toBe('ok');
    expect(evaluateCoupon(candidate(c, { expiryDay: TODAY - 1 }), basket, ctx())).toEqual({ ok: false, reason: 'expired', params: { date: '2026-11-22' } });
  });

  it('the same instant is still the expiry day in New York but the next day in Shanghai', () => {
    const c = campaign();
    const now = Date.UTC(2026, 10, 23, 17, 0); // Shanghai Tue 01:00, New York Mon 12:00
    const code = candidate(c, { expiryDay: TODAY });
    expect(reasonOf(evaluateCoupon(code, basket, ctx({ now })))).toBe('expired');
    expect(reasonOf(evaluateCoupon(code, basket, ctx({ now, store: { id: 'ny', timeZone: 'America/New_York' } })))).toBe('ok');
  });

  it('N days after issue counts from the code issue day, inclusive; plain codes (no issue day) ignore it', () => {
    const c = campaign({}, { daysAfterIssue: 7 });
    expect(reasonOf(evaluateCoupon(candidate(c, { issueDay: TODAY - 7 }), basket, ctx()))).toBe('ok');
    expect(evaluateCoupon(candidate(c, { issueDay: TODAY - 8 }), basket, ctx())).toEqual({ ok: false, reason: 'expired', params: { date: '2026-11-22' } });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx()))).toBe('ok');
  });
});

describe('weekdays and time-of-day windows (store time zone)', () => {
  const at = (utcIso: string) => ctx({ now: Date.parse(utcIso) });

  it('weekday is the store-local one', () => {
    const weekdaysOnly = campaign({}, { weekdays: [1, 2, 3, 4, 5] });
    expect(reasonOf(evaluateCoupon(candidate(weekdaysOnly), basket, ctx()))).toBe('ok'); // Monday
    // 2026-11-22T17:00Z: Monday 01:00 in Shanghai, Sunday 12:00 in New York.
    expect(reasonOf(evaluateCoupon(candidate(weekdaysOnly), basket, at('2026-11-22T17:00:00Z')))).toBe('ok');
    const ny = ctx({ now: Date.parse('2026-11-22T17:00:00Z'), store: { id: 's', timeZone: 'America/New_York' } });
    expect(reasonOf(evaluateCoupon(candidate(weekdaysOnly), basket, ny))).toBe('wrong_weekday');
  });

  it('windows: start inclusive, end exclusive, several windows', () => {
    const lunch = campaign(
      {},
      {
        timeWindows: [
          { start: '11:00', end: '14:00' },
          { start: '17:30', end: '21:00' },
        ],
      },
    );
    const shanghai = (hhmm: string) => at(`2026-11-23T${hhmm}:00+08:00`);
    expect(reasonOf(evaluateCoupon(candidate(lunch), basket, shanghai('10:59')))).toBe('outside_time_window');
    expect(reasonOf(evaluateCoupon(candidate(lunch), basket, shanghai('11:00')))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(lunch), basket, shanghai('13:59')))).toBe('ok');
    expect(evaluateCoupon(candidate(lunch), basket, shanghai('14:00'))).toEqual({
      ok: false,
      reason: 'outside_time_window',
      params: { windows: '11:00-14:00, 17:30-21:00' },
    });
    expect(reasonOf(evaluateCoupon(candidate(lunch), basket, shanghai('18:00')))).toBe('ok');
  });

  it('a window may wrap past midnight', () => {
    const night = campaign({}, { timeWindows: [{ start: '22:00', end: '02:00' }] });
    const shanghai = (date: string, hhmm: string) => at(`${date}T${hhmm}:00+08:00`);
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-23', '21:59')))).toBe('outside_time_window');
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-23', '22:00')))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-23', '23:59')))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-24', '00:00')))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-24', '01:59')))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(night), basket, shanghai('2026-11-24', '02:00')))).toBe('outside_time_window');
  });

  it('the after-midnight part of a wrapping window belongs to the day it started', () => {
    const fridayNight = campaign({}, { weekdays: [5], timeWindows: [{ start: '22:00', end: '02:00' }] });
    const shanghai = (date: string, hhmm: string) => at(`${date}T${hhmm}:00+08:00`);
    expect(reasonOf(evaluateCoupon(candidate(fridayNight), basket, shanghai('2026-11-27', '23:00')))).toBe('ok'); // Fri
    expect(reasonOf(evaluateCoupon(candidate(fridayNight), basket, shanghai('2026-11-28', '01:00')))).toBe('ok'); // Sat, Friday's night
    expect(reasonOf(evaluateCoupon(candidate(fridayNight), basket, shanghai('2026-11-28', '23:00')))).toBe('wrong_weekday'); // Sat night
    expect(reasonOf(evaluateCoupon(candidate(fridayNight), basket, shanghai('2026-11-27', '01:00')))).toBe('outside_time_window'); // Thursday's night
  });

  it('windows follow the store clock across daylight saving', () => {
    const morning = campaign({}, { timeWindows: [{ start: '09:00', end: '10:00' }] });
    const ny = (iso: string) => ctx({ now: Date.parse(iso), store: { id: 's', timeZone: 'America/New_York' } });
    expect(reasonOf(evaluateCoupon(candidate(morning), basket, ny('2026-07-01T13:30:00Z')))).toBe('ok'); // 09:30 EDT
    expect(reasonOf(evaluateCoupon(candidate(morning), basket, ny('2026-12-01T13:30:00Z')))).toBe('outside_time_window'); // 08:30 EST
    expect(reasonOf(evaluateCoupon(candidate(morning), basket, ny('2026-12-01T14:30:00Z')))).toBe('ok'); // 09:30 EST
  });

  it('start == end is the whole day', () => {
    const allDay = campaign({}, { timeWindows: [{ start: '00:00', end: '00:00' }] });
    expect(reasonOf(evaluateCoupon(candidate(allDay), basket, at('2026-11-23T15:59:00Z')))).toBe('ok');
  });
});

describe('stores', () => {
  it('deny list wins; a non-empty allow list admits only its stores; an empty one admits all', () => {
    const denied = campaign({}, { storesDeny: ['store-1'] });
    const allowOther = campaign({}, { storesAllow: ['store-2'] });
    const allowBoth = campaign({}, { storesAllow: ['store-1'], storesDeny: ['store-1'] });
    const emptyAllow = campaign({}, { storesAllow: [] });
    expect(reasonOf(evaluateCoupon(candidate(denied), basket, ctx()))).toBe('wrong_store');
    expect(reasonOf(evaluateCoupon(candidate(allowOther), basket, ctx()))).toBe('wrong_store');
    expect(reasonOf(evaluateCoupon(candidate(allowOther), basket, ctx({ store: { id: 'store-2', timeZone: 'Asia/Shanghai' } })))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(allowBoth), basket, ctx()))).toBe('wrong_store');
    expect(reasonOf(evaluateCoupon(candidate(emptyAllow), basket, ctx()))).toBe('ok');
  });

  it('looks large lists up correctly', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `store-${i + 2}`);
    const c = campaign({}, { storesAllow: many });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx()))).toBe('wrong_store');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ store: { id: 'store-4000', timeZone: 'Asia/Shanghai' } })))).toBe('ok');
  });
});

describe('uses, member limit, campaign cap', () => {
  it('single-use by default: used here vs used elsewhere', () => {
    const c = campaign();
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ codeUsesHere: 1 }) })))).toBe('already_used_here');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ codeUsesElsewhere: 1 }) })))).toBe('used_elsewhere');
  });

  it('multi-use codes: local uses alone reaching the limit say "here", otherwise "elsewhere"', () => {
    const c = campaign({}, { usesPerCode: 3 });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ codeUsesHere: 2 }) })))).toBe('ok');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ codeUsesHere: 3 }) })))).toBe('already_used_here');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ codeUsesHere: 2, codeUsesElsewhere: 1 }) })))).toBe('used_elsewhere');
  });

  it('member limit applies only to an identified member, counting this campaign on the basket', () => {
    const c = campaign({}, { perMemberLimit: 2, stacking: { mode: 'combinable' } });
    const member = totalBasket(10_000, 'm1');
    expect(evaluateCoupon(candidate(c), member, ctx({ usage: usage({ memberUses: 2 }) }))).toEqual({
      ok: false,
      reason: 'member_limit_reached',
      params: { limit: 2 },
    });
    expect(reasonOf(evaluateCoupon(candidate(c), member, ctx({ usage: usage({ memberUses: 1 }) })))).toBe('ok');
    const first = candidate(c);
    const onBasket = [{ couponKey: first.couponKey, campaign: c, discountMinor: 1000 }];
    expect(reasonOf(evaluateCoupon(candidate(c), member, ctx({ usage: usage({ memberUses: 1 }), applied: onBasket })))).toBe('member_limit_reached');
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ memberUses: 5 }) })))).toBe('ok'); // anonymous
  });

  it('campaign cap counts known uses plus this campaign on the basket', () => {
    const c = campaign({}, { campaignCap: 100, stacking: { mode: 'combinable' } });
    expect(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ campaignUses: 100 }) }))).toEqual({
      ok: false,
      reason: 'campaign_cap_reached',
      params: { cap: 100 },
    });
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ campaignUses: 99 }) })))).toBe('ok');
    const onBasket = [{ couponKey: 's:1:1', campaign: c, discountMinor: 1000 }];
    expect(reasonOf(evaluateCoupon(candidate(c), basket, ctx({ usage: usage({ campaignUses: 99 }), applied: onBasket })))).toBe('campaign_cap_reached');
  });
});

describe('order of checks gives the most useful reason', () => {
  it('walks the documented order as each earlier problem is fixed', () => {
    const c = campaign(
      { benefit: { type: 'cash', amountOffMinor: 500 } },
      { weekdays: [2], timeWindows: [{ start: '01:00', end: '02:00' }], storesAllow: ['other'], minSpendMinor: 50_000, perMemberLimit: 1, campaignCap: 1 },
    );
    const steps: [string, Parameters<typeof evaluateCoupon>][] = [
      ['member_required', [candidate(c, { holder: HOLDER, expiryDay: TODAY - 1 }), basket, ctx()]],
      ['expired', [candidate(c, { expiryDay: TODAY - 1 }), basket, ctx()]],
      ['wrong_weekday', [candidate(c), basket, ctx()]],
      ['outside_time_window', [candidate(c), basket, ctx({ now: Date.parse('2026-11-24T12:00:00+08:00') })]],
      ['wrong_store', [candidate(c), basket, ctx({ now: Date.parse('2026-11-24T01:30:00+08:00') })]],
    ];
    for (const [want, args] of steps) expect(reasonOf(evaluateCoupon(...args))).toBe(want);
    const there = ctx({ now: Date.parse('2026-11-24T01:30:00+08:00'), store: { id: 'other', timeZone: 'Asia/Shanghai' } });
    const member = totalBasket(10_000, 'm1');
    const all = usage({ codeUsesHere: 1, memberUses: 1, campaignUses: 1 });
    expect(reasonOf(evaluateCoupon(candidate(c), member, { ...there, usage: all }))).toBe('already_used_here');
    expect(reasonOf(evaluateCoupon(candidate(c), member, { ...there, usage: { ...all, codeUsesHere: 0 } }))).toBe('member_limit_reached');
    expect(reasonOf(evaluateCoupon(candidate(c), member, { ...there, usage: usage({ campaignUses: 1 }) }))).toBe('campaign_cap_reached');
    expect(reasonOf(evaluateCoupon(candidate(c), member, there))).toBe('below_minimum_spend');
  });
});
