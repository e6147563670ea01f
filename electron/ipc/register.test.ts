import { describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT } from '../../shared/ipc/contract';
import { makeTestApi } from './testing';
import { registerApi, type Sender } from './register';
import { DEMO_PINS } from '../demo/campaigns';

const win = (clientId = 'w1'): Sender => ({ kind: 'window', clientId, trusted: true });
const REDEMPTION_ID = '0190f3a0-0000-7000-8000-000000000001';

async function signedIn(role: 'cashier' | 'supervisor' | 'manager', clientId = 'w1') {
  const t = await makeTestApi();
  const r = await t.api.call('till:auth:signIn', win(clientId), { request: { userId: t.users[role].id, pin: DEMO_PINS[role] } });
  expect(r.ok).toBe(true);
  return t;
}

describe('the register loop', () => {
  it('registers exactly the contract channels on a transport', async () => {
    const t = await makeTestApi();
    const seen: string[] = [];
    registerApi({ handle: (c) => void seen.push(c) }, t.api);
    expect(seen).toEqual(CHANNELS);
  });

  it('refuses untrusted senders before anything else, even on public channels', async () => {
    const t = await makeTestApi();
    const r = await t.api.call('till:auth:roster', { kind: 'window', clientId: 'x', trusted: false }, { request: {} });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
  });

  it('refuses unknown channels and malformed envelopes and requests', async () => {
    const t = await signedIn('manager');
    const bad = async (channel: unknown, payload: unknown) => {
      const r = await t.api.call(channel, win(), payload);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await bad('till:fs:readFile', { request: {} })).toBe('unknown_channel');
    expect(await bad('__proto__', { request: {} })).toBe('unknown_channel');
    expect(await bad(42, { request: {} })).toBe('unknown_channel');
    expect(await bad('till:auth:roster', null)).toBe('bad_request');
    expect(await bad('till:auth:roster', { request: {}, extra: 1 })).toBe('bad_request');
    expect(await bad('till:auth:roster', { request: { sneaky: true } })).toBe('bad_request');
    expect(await bad('till:coupon:validate', { request: { code: '', basket: { id: 'b', totalMinor: 100 } } })).toBe('bad_request');
    expect(await bad('till:coupon:validate', { request: { code: 'X', basket: { id: 'b', totalMinor: -1 } } })).toBe('bad_request');
    expect(await bad('till:log:list', { request: { limit: 100_000 } })).toBe('bad_request');
    expect(await bad('till:auth:signIn', { request: { userId: 'x', pin: "1' OR 1=1" } })).toBe('bad_request');
    expect(t.calls).toEqual([]);
  });

  it('refuses calls without a session on every non-public channel', async () => {
    const t = await makeTestApi();
    const r = await t.api.call('till:coupon:redeem', win(), {
      request: { code: 'ABC', basket: { id: 'b1', totalMinor: 1000 } },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await t.api.call('till:auth:session', win(), { request: {} })).toEqual({ ok: true, value: null });
    expect(t.calls).toEqual([]);
  });

  it('a cashier may redeem but is refused the log, export, users, settings and void', async () => {
    const t = await signedIn('cashier');
    expect((await t.api.call('till:coupon:redeem', win(), { request: { code: 'ABC', basket: { id: 'b', totalMinor: 10 } } })).ok).toBe(true);
    for (const [channel, request] of [
      ['till:log:list', {}],
      ['till:log:exportCsv', {}],
      ['till:users:list', {}],
      ['till:settings:set', { sounds: false }],
      ['till:coupon:void', { redemptionId: REDEMPTION_ID, reason: 'mistake' }],
    ] as const) {
      const r = await t.api.call(channel, win(), { request });
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(t.calls.map((c) => c.port)).toEqual(['redeem']);
    expect(t.audits.filter((a) => a.action === 'access.denied')).toHaveLength(5);
  });

  it('the session belongs to its window: another window is not signed in', async () => {
    const t = await signedIn('manager', 'w1');
    expect(await t.api.call('till:log:list', win('w2'), { request: {} })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('a supervisor may void; a manager may read the log', async () => {
    const s = await signedIn('supervisor');
    expect((await s.api.call('till:coupon:void', win(), { request: { redemptionId: REDEMPTION_ID, reason: 'wrong basket' } })).ok).toBe(true);
    const m = await signedIn('manager');
    expect(await m.api.call('till:log:list', win(), { request: { status: 'voided' } })).toMatchObject({ ok: true });
    expect(m.calls[0]).toEqual({ port: 'log.list', args: [{ status: 'voided', limit: 100 }] });
  });

  it('a manager override lets a cashier void once, audited with both users', async () => {
    const t = await signedIn('cashier');
    const voidReq = { request: { redemptionId: REDEMPTION_ID, reason: 'customer changed mind' } };
    const grant = await t.api.call('till:auth:override', win(), {
      request: { managerId: t.users.manager.id, pin: DEMO_PINS.manager, action: 'coupon.void' },
    });
    if (!grant.ok) throw new Error(grant.error.message);
    const token = (grant.value as { token: string }).token;
    const used = await t.api.call('till:coupon:void', win(), { ...voidReq, overrideToken: token });
    expect(used.ok).toBe(true);
    expect(t.calls[0]!.args[1]).toEqual({ userId: t.users.cashier.id, approvedBy: t.users.manager.id });
    const again = await t.api.call('till:coupon:void', win(), { ...voidReq, overrideToken: token });
    expect(again).toMatchObject({ ok: false, error: { code: 'override_invalid' } });
    expect(t.calls).toHaveLength(1);
    const approve = t.audits.find((a) => a.action === 'override.approve')!;
    const use = t.audits.find((a) => a.action === 'override.use')!;
    expect(approve).toMatchObject({ actor: t.users.manager.id, detail: { requesterId: t.users.cashier.id } });
    expect(use).toMatchObject({ actor: t.users.cashier.id, detail: { managerId: t.users.manager.id, channel: 'till:coupon:void', outcome: 'done' } });
  });

  it('an override token does not travel to another window, and a wrong manager PIN gives none', async () => {
    const t = await signedIn('cashier', 'w1');
    await t.api.call('till:auth:signIn', win('w2'), { request: { userId: t.users.cashier.id, pin: DEMO_PINS.cashier } });
    const bad = await t.api.call('till:auth:override', win('w1'), { request: { managerId: t.users.manager.id, pin: '0000', action: 'coupon.void' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    const grant = await t.api.call('till:auth:override', win('w1'), {
      request: { managerId: t.users.manager.id, pin: DEMO_PINS.manager, action: 'coupon.void' },
    });
    const token = grant.ok ? (grant.value as { token: string }).token : '';
    const r = await t.api.call('till:coupon:void', win('w2'), { request: { redemptionId: REDEMPTION_ID, reason: 'nope nope' }, overrideToken: token });
    expect(r).toMatchObject({ ok: false, error: { code: 'override_invalid' } });
    expect(t.calls).toEqual([]);
  });

  it('turns a handler crash into "internal" without leaking its message', async () => {
    const t = await signedIn('manager');
    const r = await t.api.call('till:coupon:void', win(), { request: { redemptionId: '00000000-0000-4000-8000-000000000000', reason: 'crash it' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret internal detail');
    expect(t.errors).toEqual(['till:coupon:void failed']);
  });

  it('signs out after idle: the next call is refused and the window is told', async () => {
    let now = 1_000;
    const t = await makeTestApi({ now: () => now, idleMs: 60_000 });
    await t.api.call('till:auth:signIn', win(), { request: { userId: t.users.manager.id, pin: DEMO_PINS.manager } });
    now += 59_000;
    expect((await t.api.call('till:log:list', win(), { request: {} })).ok).toBe(true);
    now += 59_000; // activity above pushed the idle deadline back
    expect((await t.api.call('till:log:list', win(), { request: {} })).ok).toBe(true);
    now += 60_000;
    expect(await t.api.call('till:log:list', win(), { request: {} })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(t.ended).toEqual([{ clientId: 'w1', reason: 'idle' }]);
  });
});

describe('caller kinds', () => {
  const pos = (clientId = 'pos:1'): Sender => ({ kind: 'pos', clientId, trusted: true, describe: 'test POS' });

  it('refuses a paired POS on every entry that accepts only windows, before parsing or calling anything', async () => {
    const t = await signedIn('manager', 'pos:1');
    for (const channel of CHANNELS.filter((c) => !CONTRACT[c].callers.includes('pos'))) {
      const r = await t.api.call(channel, pos(), { request: {} });
      expect(r, channel).toEqual({ ok: false, error: { code: 'forbidden', message: 'This call is not open to a paired POS.', details: { caller: 'pos' } } });
    }
    // Even a window session under the same client id lends the POS nothing.
    expect(t.calls).toEqual([]);
  });

  it('serves a POS on entries that accept it, in the same answer shape, without a window session', async () => {
    const t = await makeTestApi();
    const r = await t.api.call('till:app:info', pos(), { request: {} });
    expect(r).toMatchObject({ ok: true, value: { name: 'Coupon Till' } });
    expect(await t.api.call('till:app:info', pos(), { request: { extra: 1 } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await t.api.call('till:app:info', pos(), { request: {}, overrideToken: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('still refuses an untrusted POS (a credential the transport did not accept) first', async () => {
    const t = await makeTestApi();
    expect(await t.api.call('till:app:info', { ...pos(), trusted: false }, { request: {} })).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
  });
});
