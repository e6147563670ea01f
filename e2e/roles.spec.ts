import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';

const basket = (id: string, totalMinor = 10_000) => ({ id, totalMinor });

/** Audit entries of one action, read from the till's database file (what a manager's export would show). */
function audits(dataDir: string, action: string): { actor: string; detail: Record<string, unknown> }[] {
  const db = new Database(join(dataDir, 'till.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; detail: string }[]).map((r) => ({
      actor: r.actor,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}

test.describe('roles enforced in main', () => {
  test('a cashier redeems, but calling log, export, users, settings and void directly is refused', async ({ till }) => {
    await till.signInAs('cashier');
    const redeemed = await till.invoke('till:coupon:redeem', { code: till.code(1), basket: basket('b-roles-1') });
    expect(redeemed.ok && redeemed.value.verdict.ok).toBe(true);
    const redemptionId = redeemed.ok ? redeemed.value.redemption!.id : '';

    const refused: [string, unknown][] = [
      ['till:log:list', {}],
      ['till:log:exportCsv', {}],
      ['till:conflicts:list', {}],
      ['till:users:list', {}],
      ['till:users:create', { name: 'Mallory', role: 'manager', pin: '123456' }],
      ['till:settings:set', { sounds: false }],
      ['till:scanner:select', { kind: 'camera' }],
      ['till:coupon:void', { redemptionId, reason: 'cashier tries alone' }],
    ];
    for (const [channel, request] of refused) {
      const r = await till.invoke(channel as never, request as never);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Nothing was voided: a manager still sees one live redemption.
    await till.signInAs('manager');
    const log = await till.invoke('till:log:list', {});
    expect(log.ok && log.value.totals).toMatchObject({ count: 1, redeemedCount: 1, voidedCount: 0 });
  });

  test('a supervisor may void and read the log but not manage users', async ({ till }) => {
    await till.signInAs('supervisor');
    const redeemed = await till.invoke('till:coupon:redeem', { code: till.code(2), basket: basket('b-roles-2') });
    const id = redeemed.ok ? redeemed.value.redemption!.id : '';
    expect((await till.invoke('till:coupon:void', { redemptionId: id, reason: 'wrong customer' })).ok).toBe(true);
    expect((await till.invoke('till:log:list', { status: 'voided' })).ok).toBe(true);
    expect(await till.invoke('till:users:list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('a manager override lets a cashier void once, and the audit log records both users', async ({ till }) => {
    await till.signInAs('cashier');
    const redeemed = await till.invoke('till:coupon:redeem', { code: till.code(3), basket: basket('b-roles-3', 20_000) });
    expect(redeemed.ok && redeemed.value.verdict).toMatchObject({ ok: true, discountMinor: 4000 });
    const redemptionId = redeemed.ok ? redeemed.value.redemption!.id : '';

    const wrongPin = await till.invoke('till:auth:override', { managerId: till.users.manager.id, pin: '0000', action: 'coupon.void' });
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    const bySupervisor = await till.invoke('till:auth:override', {
      managerId: till.users.supervisor.id,
      pin: till.users.supervisor.pin,
      action: 'coupon.void',
    });
    expect(bySupervisor).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const grant = await till.invoke('till:auth:override', { managerId: till.users.manager.id, pin: till.users.manager.pin, action: 'coupon.void' });
    if (!grant.ok) throw new Error(grant.error.message);
    const voided = await till.invoke('till:coupon:void', { redemptionId, reason: 'customer changed mind' }, { overrideToken: grant.value.token });
    expect(voided.ok && voided.value).toMatchObject({
      kind: 'void',
      voidsId: redemptionId,
      approvedBy: till.users.manager.id,
      cashierId: till.users.cashier.id,
    });
    // The token was spent.
    const again = await till.invoke('till:coupon:void', { redemptionId, reason: 'once more' }, { overrideToken: grant.value.token });
    expect(again).toMatchObject({ ok: false, error: { code: 'override_invalid' } });

    const approve = audits(till.dataDir, 'override.approve');
    expect(approve).toHaveLength(1);
    expect(approve[0]).toMatchObject({ actor: till.users.manager.id, detail: { requesterId: till.users.cashier.id, action: 'coupon.void' } });
    const use = audits(till.dataDir, 'override.use');
    expect(use).toEqual([
      { actor: till.users.cashier.id, detail: expect.objectContaining({ managerId: till.users.manager.id, channel: 'till:coupon:void', outcome: 'done' }) },
    ]);
    const voidEntry = audits(till.dataDir, 'redemption.void');
    expect(voidEntry).toHaveLength(1);
    expect(audits(till.dataDir, 'override.rejected')).toHaveLength(1);
  });
});
