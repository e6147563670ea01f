import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../permissions';
import { CHANNEL_NAMES } from './channelNames';
import { CALLER_KINDS, CHANNELS, CONTRACT } from './contract';

describe('the IPC contract', () => {
  it('lists every channel in the preload name list, in order', () => {
    expect([...CHANNEL_NAMES]).toEqual(CHANNELS);
  });

  it('names channels till:<domain>:<verb> and gives each a known access rule', () => {
    for (const c of CHANNELS) {
      expect(c).toMatch(/^till:[a-z]+:[a-z][a-zA-Z]+$/);
      const access = CONTRACT[c].access;
      expect(['public', 'signed-in', ...PERMISSIONS]).toContain(access);
    }
  });

  it('says for every channel which callers it accepts: windows unless it says so', () => {
    for (const c of CHANNELS) {
      const callers = CONTRACT[c].callers;
      expect(callers.length, c).toBeGreaterThan(0);
      for (const k of callers) expect(CALLER_KINDS, c).toContain(k);
    }
    expect(CONTRACT['till:coupon:redeem'].callers).toEqual(['window']);
    expect(CONTRACT['till:app:info'].callers).toEqual(['window', 'pos']);
  });

  it('keeps manager-only channels off the public list', () => {
    const publicOnes = CHANNELS.filter((c) => CONTRACT[c].access === 'public').sort();
    // checkAhead is public like signIn: it is how the sign-in screen starts the PIN's hash, and it answers nothing (decision 056).
    expect(publicOnes).toEqual([
      'till:app:info',
      'till:auth:checkAhead',
      'till:auth:roster',
      'till:auth:session',
      'till:auth:signIn',
      'till:auth:signOut',
      'till:settings:get',
    ]);
  });

  it('sets PINs of 4 to 8 digits, as the screens and HQ say, and still signs in any PIN up to 12', () => {
    const create = CONTRACT['till:users:create'].request;
    const setPin = CONTRACT['till:users:setPin'].request;
    const signIn = CONTRACT['till:auth:signIn'].request;
    expect(create.safeParse({ name: 'Ann', role: 'cashier', pin: '12345678' }).success).toBe(true);
    expect(create.safeParse({ name: 'Ann', role: 'cashier', pin: '123456789' }).success).toBe(false);
    expect(create.safeParse({ name: 'Ann', role: 'cashier', pin: '123' }).success).toBe(false);
    expect(setPin.safeParse({ userId: 'u1', pin: '123456789' }).success).toBe(false);
    expect(signIn.safeParse({ userId: 'u1', pin: '123456789012' }).success).toBe(true);
    expect(signIn.safeParse({ userId: 'u1', pin: '1234567890123' }).success).toBe(false);
  });
});

describe('store days in requests', () => {
  it('takes a calendar day and refuses anything else without throwing', () => {
    const summary = CONTRACT['till:log:summary'].request;
    expect(summary.safeParse({ fromDay: '2026-12-01', toDay: '2026-12-31' }).success).toBe(true);
    for (const bad of ['yesterday', '2026-02-30', '2026-1-1', '', '９９９９-01-01', '2026-12-01T00:00']) {
      expect(summary.safeParse({ fromDay: bad }).success, bad).toBe(false);
    }
  });
});
