import { describe, expect, it } from 'vitest';
import type { ApiFailure } from '../../../shared/ipc/result';
import { AuthService } from './authService';
import { failure, makeTestAuth, TEST_SCRYPT } from './testing';

describe('AuthService', () => {
  it('signs in with the right PIN only, and never stores the PIN', async () => {
    const { auth, db } = makeTestAuth();
    const u = await auth.createUser('system', { name: 'Ann', role: 'cashier', pin: '1111' });
    expect((await auth.verify(u.id, '1111')).name).toBe('Ann');
    expect((await failure(auth.verify(u.id, '1112'))).code).toBe('bad_credentials');
    expect((await failure(auth.verify('nobody', '1111'))).code).toBe('bad_credentials');
    const row = db.prepare('SELECT pin_hash FROM users WHERE id = ?').get(u.id) as { pin_hash: string };
    expect(row.pin_hash).not.toContain('1111');
  });

  it('locks a user out after 5 wrong PINs, persisted, until the lockout ends', async () => {
    let now = 1_000_000;
    const { auth, db, audits } = makeTestAuth({ now: () => now, lockoutMs: 60_000 });
    const u = await auth.createUser('system', { name: 'Bo', role: 'cashier', pin: '2468' });
    for (let i = 0; i < 4; i++) expect((await failure(auth.verify(u.id, '0000'))).code).toBe('bad_credentials');
    const fifth = await failure(auth.verify(u.id, '0000'));
    expect(fifth.code).toBe('locked_out');
    expect(fifth.details?.lockedUntil).toBe(now + 60_000);
    // Even the right PIN is refused while locked, and a restart (new service) keeps the lock.
    const restarted = new AuthService(db, { scrypt: TEST_SCRYPT, audit: () => undefined, now: () => now });
    expect((await failure(restarted.verify(u.id, '2468'))).code).toBe('locked_out');
    expect(auth.listUsers()[0]!.lockedUntil).toBe(now + 60_000);
    now += 60_000;
    expect((await restarted.verify(u.id, '2468')).id).toBe(u.id);
    expect(auth.listUsers()[0]!.lockedUntil).toBeNull();
    expect(audits.filter((a) => a.action === 'auth.bad_pin')).toHaveLength(4);
    expect(audits.filter((a) => a.action === 'auth.locked_out')).toHaveLength(1);
  });

  it('counts parallel guesses one by one, so they cannot outrun the lockout', async () => {
    const { auth } = makeTestAuth();
    const u = await auth.createUser('system', { name: 'Cy', role: 'cashier', pin: '1357' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => auth.verify(u.id, String(1000 + i))));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ApiFailure).code : 'ok'));
    expect(codes.filter((c) => c === 'bad_credentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'locked_out')).toHaveLength(4);
  });

  it('a good PIN resets the failure count', async () => {
    const { auth } = makeTestAuth();
    const u = await auth.createUser('system', { name: 'Di', role: 'cashier', pin: '1111' });
    for (let i = 0; i < 4; i++) await failure(auth.verify(u.id, '9999'));
    await auth.verify(u.id, '1111');
    for (let i = 0; i < 4; i++) expect((await failure(auth.verify(u.id, '9999'))).code).toBe('bad_credentials');
  });

  it('manages users: unique names, disabled users leave the roster and cannot sign in, PIN reset clears a lockout', async () => {
    const { auth, audits } = makeTestAuth();
    const m = await auth.createUser('system', { name: 'Mia', role: 'manager', pin: '999999' });
    const c = await auth.createUser(m.id, { name: 'Cal', role: 'cashier', pin: '1111' });
    expect((await failure(auth.createUser(m.id, { name: 'Cal', role: 'cashier', pin: '1234' }))).code).toBe('conflict');
    auth.setDisabled(m.id, c.id, true);
    expect(auth.roster().map((u) => u.name)).toEqual(['Mia']);
    expect((await failure(auth.verify(c.id, '1111'))).code).toBe('bad_credentials');
    auth.setDisabled(m.id, c.id, false);
    for (let i = 0; i < 5; i++) await failure(auth.verify(c.id, '0000'));
    await auth.setPin(m.id, c.id, '4321');
    expect((await auth.verify(c.id, '4321')).id).toBe(c.id);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'user.disable', 'user.enable', 'user.set_pin']));
  });

  it('refuses to disable the last enabled manager', async () => {
    const { auth } = makeTestAuth();
    const m = await auth.createUser('system', { name: 'Mo', role: 'manager', pin: '999999' });
    expect((await failure(() => auth.setDisabled(m.id, m.id, true))).code).toBe('conflict');
    const m2 = await auth.createUser(m.id, { name: 'Max', role: 'manager', pin: '888888' });
    expect(auth.setDisabled(m.id, m2.id, true).disabled).toBe(true);
  });

  it('approves an override only with a manager PIN, for overridable actions, auditing both users', async () => {
    const { auth, audits } = makeTestAuth();
    const m = await auth.createUser('system', { name: 'Meg', role: 'manager', pin: '999999' });
    const s = await auth.createUser('system', { name: 'Sue', role: 'supervisor', pin: '222222' });
    const c = await auth.createUser('system', { name: 'Cat', role: 'cashier', pin: '1111' });
    const cashier = { id: c.id, name: c.name, role: c.role };
    expect((await auth.approveOverride(cashier, m.id, '999999', 'coupon.void')).id).toBe(m.id);
    const approve = audits.find((a) => a.action === 'override.approve')!;
    expect(approve.actor).toBe(m.id);
    expect(approve.detail).toMatchObject({ requesterId: c.id, managerId: m.id, action: 'coupon.void' });
    expect((await failure(auth.approveOverride(cashier, m.id, '0000', 'coupon.void'))).code).toBe('bad_credentials');
    expect((await failure(auth.approveOverride(cashier, s.id, '222222', 'coupon.void'))).code).toBe('forbidden');
    expect((await failure(auth.approveOverride(cashier, m.id, '999999', 'users.manage'))).code).toBe('forbidden');
  });

  it('doubles each further lockout until a manager resets the PIN; a good PIN between lockouts does not undo that', async () => {
    let now = 1_000_000;
    const { auth, db } = makeTestAuth({ now: () => now, lockoutMs: 60_000 });
    const m = await auth.createUser('system', { name: 'Meg', role: 'manager', pin: '999999' });
    const u = await auth.createUser('system', { name: 'Bo', role: 'cashier', pin: '2468' });
    const lockOnce = async () => {
      for (let i = 0; i < 4; i++) await failure(auth.verify(u.id, '0000'));
      const locked = await failure(auth.verify(u.id, '0000'));
      expect(locked.code).toBe('locked_out');
      return (locked.details!.lockedUntil as number) - now;
    };
    const lengths: number[] = [];
    for (let k = 0; k < 4; k++) {
      lengths.push(await lockOnce());
      now += lengths[k]!;
      if (k === 1) expect((await auth.verify(u.id, '2468')).id).toBe(u.id);
    }
    expect(lengths).toEqual([60_000, 120_000, 240_000, 480_000]);
    // Persisted: a restarted till keeps the level.
    const restarted = new AuthService(db, { scrypt: TEST_SCRYPT, audit: () => undefined, now: () => now, lockoutMs: 60_000 });
    for (let i = 0; i < 4; i++) await failure(restarted.verify(u.id, '0000'));
    expect(((await failure(restarted.verify(u.id, '0000'))).details!.lockedUntil as number) - now).toBe(960_000);
    // The manager's reset ends the lockout and the escalation.
    await auth.setPin(m.id, u.id, '1357');
    expect((await auth.verify(u.id, '1357')).id).toBe(u.id);
    expect(await lockOnce()).toBe(60_000);
  });

  it('requires 6 to 8 digits for supervisors and managers, 4 to 8 for cashiers, when a PIN is set', async () => {
    const { auth } = makeTestAuth();
    expect((await failure(auth.createUser('system', { name: 'Ma', role: 'manager', pin: '12345' }))).code).toBe('bad_request');
    expect((await failure(auth.createUser('system', { name: 'Su', role: 'supervisor', pin: '1234' }))).code).toBe('bad_request');
    const m = await auth.createUser('system', { name: 'Ma', role: 'manager', pin: '123456' });
    const c = await auth.createUser(m.id, { name: 'Ca', role: 'cashier', pin: '1234' });
    expect((await failure(auth.setPin(m.id, m.id, '4321'))).code).toBe('bad_request');
    expect((await auth.setPin(m.id, c.id, '4321')).id).toBe(c.id);
    expect(
      auth
        .listUsers()
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Ca', 'Ma']);
  });

  it('a PIN checked ahead changes nothing: a wrong one still counts at sign-in and locks out, a changed PIN is checked afresh', async () => {
    const { auth, audits } = makeTestAuth({ lockoutMs: 60_000 });
    const u = await auth.createUser('system', { name: 'Di', role: 'cashier', pin: '2468' });
    // Checks ahead alone count nothing and lock nobody out, however many.
    for (let i = 0; i < 20; i++) auth.checkAhead('w1', u.id, String(1000 + i));
    await new Promise((r) => setTimeout(r, 50));
    expect(audits.filter((a) => a.action.startsWith('auth.'))).toHaveLength(0);
    for (let i = 0; i < 4; i++) {
      auth.checkAhead('w1', u.id, '0000');
      expect((await failure(auth.verify(u.id, '0000', 'w1'))).code).toBe('bad_credentials');
    }
    auth.checkAhead('w1', u.id, '0000');
    expect((await failure(auth.verify(u.id, '0000', 'w1'))).code).toBe('locked_out');
    // Locked out: the right PIN checked ahead still signs no one in.
    auth.checkAhead('w1', u.id, '2468');
    expect((await failure(auth.verify(u.id, '2468', 'w1'))).code).toBe('locked_out');
    await auth.setPin('system', u.id, '1357');
    // Checked ahead against the old PIN's hash: the new hash decides.
    auth.checkAhead('w1', u.id, '2468');
    await auth.setPin('system', u.id, '9753');
    expect((await failure(auth.verify(u.id, '2468', 'w1'))).code).toBe('bad_credentials');
    auth.checkAhead('w1', u.id, '9753');
    expect((await auth.verify(u.id, '9753', 'w1')).id).toBe(u.id);
    // An unknown id checked ahead is refused the same way.
    auth.checkAhead('w1', 'nobody', '1111');
    expect((await failure(auth.verify('nobody', '1111', 'w1'))).code).toBe('bad_credentials');
  });
});
