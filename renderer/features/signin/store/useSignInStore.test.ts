import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTillApiForTests } from '../../../api/till';
import { FakeTill, apiError } from '../../../test/fakeTill';
import { cleanPin, useSignInStore } from './useSignInStore';
import { useSessionStore } from '../../../app/store/useSessionStore';

const session = { user: { id: 'u1', name: 'Ann', role: 'cashier' }, permissions: ['coupon.redeem'], signedInAt: 1, idleTimeoutMs: 1000 };

describe('useSignInStore', () => {
  beforeEach(() => {
    useSignInStore.setState({ roster: [], userId: null, pin: '', busy: false, error: null });
    useSessionStore.setState({ session: null });
  });
  afterEach(() => setTillApiForTests(null));

  it('keeps only digits, at most 12', () => {
    expect(cleanPin('12a3 4')).toBe('1234');
    expect(cleanPin('1234567890123456')).toBe('123456789012');
  });

  it('signs in with the picked user and PIN and sets the session', async () => {
    const fake = new FakeTill()
      .handle('till:auth:signIn', (r) => {
        if ((r as { pin: string }).pin !== '2468') throw apiError('bad_credentials');
        return session;
      })
      .handle('till:auth:checkAhead', () => null);
    setTillApiForTests(fake);
    const s = useSignInStore.getState();
    s.pick('u1');
    for (const d of '2468') useSignInStore.getState().pressDigit(d);
    expect(await useSignInStore.getState().submit()).toBe(true);
    expect(fake.callsTo('till:auth:signIn').map((c) => c.request)).toEqual([{ userId: 'u1', pin: '2468' }]);
    expect(useSessionStore.getState().session?.user.name).toBe('Ann');
  });

  it('shows wrong PIN and lockout, clears the PIN, and never calls with a short PIN', async () => {
    const fake = new FakeTill().handle('till:auth:signIn', (r) => {
      if ((r as { pin: string }).pin === '0000') throw Object.assign(apiError('locked_out'), {});
      throw apiError('bad_credentials');
    });
    setTillApiForTests(fake);
    useSignInStore.getState().pick('u1');
    useSignInStore.getState().setPin('12');
    expect(await useSignInStore.getState().submit()).toBe(false);
    expect(fake.calls).toHaveLength(0);
    useSignInStore.getState().setPin('1111');
    await useSignInStore.getState().submit();
    expect(useSignInStore.getState().error).toEqual({ kind: 'wrongPin' });
    expect(useSignInStore.getState().pin).toBe('');
    useSignInStore.getState().setPin('0000');
    await useSignInStore.getState().submit();
    expect(useSignInStore.getState().error?.kind).toBe('lockedOut');
    expect(useSessionStore.getState().session).toBeNull();
  });

  it('asks main to check ahead each possible PIN as it is typed (4 digits or more, a user picked), never a shorter one', () => {
    const fake = new FakeTill().handle('till:auth:checkAhead', () => null);
    setTillApiForTests(fake);
    for (const d of '12') useSignInStore.getState().pressDigit(d);
    useSignInStore.getState().pick('u1');
    for (const d of '24680') useSignInStore.getState().pressDigit(d);
    useSignInStore.getState().backspace();
    useSignInStore.getState().backspace();
    useSignInStore.getState().setPin('97531');
    expect(fake.callsTo('till:auth:checkAhead').map((c) => (c.request as { pin: string }).pin)).toEqual(['2468', '24680', '2468', '97531']);
    expect(fake.callsTo('till:auth:checkAhead').every((c) => (c.request as { userId: string }).userId === 'u1')).toBe(true);
    expect(fake.callsTo('till:auth:signIn')).toHaveLength(0);
  });
});
