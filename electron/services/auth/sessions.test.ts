import { describe, expect, it } from 'vitest';
import { OverrideStore } from './overrides';
import { SessionStore, type SignOutReason } from './sessions';

const cashier = { id: 'c1', name: 'Cat', role: 'cashier' as const };
const manager = { id: 'm1', name: 'Meg' };

describe('SessionStore', () => {
  it('signs a window out after the idle time, reports it, and activity pushes it back', () => {
    let now = 0;
    const ended: [string, SignOutReason][] = [];
    const store = new SessionStore({ now: () => now, idleMs: () => 1000, onEnded: (id, _s, why) => void ended.push([id, why]) });
    store.signIn('w1', cashier);
    now = 900;
    store.touch('w1');
    now = 1800;
    expect(store.get('w1')?.user.id).toBe('c1');
    now = 1900;
    store.sweep();
    expect(store.get('w1')).toBeNull();
    expect(ended).toEqual([['w1', 'idle']]);
  });

  it('keeps sessions per window and ends every session of a disabled user', () => {
    const ended: string[] = [];
    const store = new SessionStore({ idleMs: () => 60_000, onEnded: (id) => void ended.push(id) });
    store.signIn('w1', cashier);
    store.signIn('w2', { id: 'm1', name: 'Meg', role: 'manager' });
    expect(store.get('w3')).toBeNull();
    store.endUser('c1', 'disabled');
    expect(store.get('w1')).toBeNull();
    expect(store.get('w2')?.user.role).toBe('manager');
    expect(ended).toEqual(['w1']);
    expect(store.info(store.get('w2')!).permissions).toContain('users.manage');
  });
});

describe('OverrideStore', () => {
  it('spends a token once, only for its window, user and action, before it expires', () => {
    let now = 0;
    const store = new OverrideStore(() => now, 1000);
    const t1 = store.issue('w1', cashier, manager, 'coupon.void').token;
    expect(store.consume(t1, 'w1', 'c1', 'coupon.void')?.managerId).toBe('m1');
    expect(store.consume(t1, 'w1', 'c1', 'coupon.void')).toBeNull();
    const t2 = store.issue('w1', cashier, manager, 'coupon.void').token;
    expect(store.consume(t2, 'w2', 'c1', 'coupon.void')).toBeNull();
    expect(store.consume(t2, 'w1', 'c1', 'coupon.void')).toBeNull(); // a wrong try spends it too
    const t3 = store.issue('w1', cashier, manager, 'coupon.void').token;
    expect(store.consume(t3, 'w1', 'c1', 'coupon.offlineClaim')).toBeNull();
    const t4 = store.issue('w1', cashier, manager, 'coupon.void').token;
    now = 1000;
    expect(store.consume(t4, 'w1', 'c1', 'coupon.void')).toBeNull();
  });
});
