import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin, TEST_SCRYPT } from '../../../shared/auth/pinHash';
import { newId } from '../../../shared/ids';
import type { HqUser, RuleSetUpdateInput } from '../../../shared/ruleSet';
import { recentAudit, verifyAuditChain } from '../audit';
import { applyRuleSetUpdate, currentRuleSetVersion } from '../ruleSet';
import { makeTill, NOON, type TillKit } from '../testing/tillKit';
import { AuthService } from './authService';
import { failure } from './testing';

/** HQ's users arriving in rule-set pages, and what the till's auth makes of them. */

let till: TillKit;
let auth: AuthService;
let now: number;
beforeEach(() => {
  till = makeTill();
  now = NOON;
  auth = new AuthService(till.db, { scrypt: TEST_SCRYPT, audit: () => undefined, now: () => now, lockoutMs: 60_000 });
});
afterEach(() => till.close());

async function hqUser(name: string, pin: string, extra: Partial<HqUser> = {}): Promise<HqUser> {
  return { id: newId(), name, role: 'cashier', pinHash: await hashPin(pin, TEST_SCRYPT), disabled: false, updatedAt: NOON, ...extra };
}

/** Applies the next page (from the version the till holds) carrying `users`. */
function page(users: HqUser[], extra: Partial<RuleSetUpdateInput> = {}) {
  const from = currentRuleSetVersion(till.db);
  return applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: from, toVersion: from + 1, users, ...extra }, now);
}

function row(id: string) {
  return till.db.prepare('SELECT name, role, disabled, failed_attempts, locked_until, origin FROM users WHERE id = ?').get(id) as
    { name: string; role: string; disabled: number; failed_attempts: number; locked_until: number | null; origin: string } | undefined;
}

function actions(): string[] {
  return recentAudit(till.db, 1000)
    .map((e) => e.action)
    .reverse();
}

describe('HQ users on the till', () => {
  it('adds HQ users who then sign in offline with the PIN HQ set; a newer record replaces name and role', async () => {
    const ann = await hqUser('Ann', '1357');
    expect(page([ann])).toMatchObject({ ok: true });
    expect(auth.listUsers()).toEqual([{ id: ann.id, name: 'Ann', role: 'cashier', disabled: false, lockedUntil: null, origin: 'hq', createdAt: NOON }]);
    expect((await auth.verify(ann.id, '1357')).name).toBe('Ann');
    expect((await failure(auth.verify(ann.id, '2468'))).code).toBe('bad_credentials');

    const r = page([{ ...ann, name: 'Ann Li', role: 'supervisor', updatedAt: NOON + 1 }]);
    // A new role: whoever is signed in as Ann must sign in again.
    expect(r).toEqual({ ok: true, version: 3, signOut: [ann.id] });
    expect(auth.getUser(ann.id)).toMatchObject({ name: 'Ann Li', role: 'supervisor', origin: 'hq' });
    expect(actions()).toEqual(expect.arrayContaining(['user.hq_add', 'user.hq_update']));
    expect(verifyAuditChain(till.db)).toMatchObject({ ok: true });
  });

  it("keeps the till's lockout for the same PIN; a new PIN hash from HQ clears it", async () => {
    const bo = await hqUser('Bo', '1111');
    page([bo]);
    for (let i = 0; i < 5; i++) await failure(auth.verify(bo.id, '0000'));
    expect(row(bo.id)!.locked_until).toBe(NOON + 60_000);
    // HQ changes Bo's role only: the lockout stays.
    page([{ ...bo, role: 'supervisor' }]);
    expect((await failure(auth.verify(bo.id, '1111'))).code).toBe('locked_out');
    // HQ resets Bo's PIN: the count and the lockout go with the old PIN.
    const r = page([{ ...bo, role: 'supervisor', pinHash: await hashPin('2222', TEST_SCRYPT) }]);
    expect(r).toMatchObject({ ok: true, signOut: [bo.id] });
    expect(row(bo.id)).toMatchObject({ failed_attempts: 0, locked_until: null });
    expect((await auth.verify(bo.id, '2222')).id).toBe(bo.id);
    expect((await failure(auth.verify(bo.id, '1111'))).code).toBe('bad_credentials');
  });

  it('an HQ-disabled user leaves the sign-in list, cannot sign in, and is named for sign-out', async () => {
    const cy = await hqUser('Cy', '1212');
    page([cy]);
    expect(auth.roster().map((u) => u.name)).toEqual(['Cy']);
    const r = page([{ ...cy, disabled: true }]);
    expect(r).toEqual({ ok: true, version: 3, signOut: [cy.id] });
    expect(auth.roster()).toEqual([]);
    expect((await failure(auth.verify(cy.id, '1212'))).code).toBe('bad_credentials');
    // The same record again changes nothing and signs nobody out.
    expect(page([{ ...cy, disabled: true }])).toEqual({ ok: true, version: 4 });
    page([{ ...cy, disabled: false }]);
    expect((await auth.verify(cy.id, '1212')).id).toBe(cy.id);
  });

  it("an HQ user named like a local user is stored as 'Name (HQ)', audited, and both still sign in", async () => {
    const local = await auth.createUser('system', { name: 'Wang Fang', role: 'manager', pin: '999999' });
    const hq = await hqUser('Wang Fang', '1357');
    const second = await hqUser('Wang Fang', '2468', { role: 'supervisor' });
    expect(page([hq, second]).ok).toBe(true);
    expect(auth.listUsers().map((u) => [u.id, u.name, u.origin])).toEqual([
      [local.id, 'Wang Fang', 'local'],
      [second.id, 'Wang Fang (HQ 2)', 'hq'],
      [hq.id, 'Wang Fang (HQ)', 'hq'],
    ]);
    expect((await auth.verify(local.id, '999999')).id).toBe(local.id);
    expect((await auth.verify(hq.id, '1357')).name).toBe('Wang Fang (HQ)');
    const taken = recentAudit(till.db, 50).filter((e) => e.action === 'user.hq_name_taken');
    expect(taken.map((e) => e.detail).reverse()).toEqual([
      { userId: hq.id, hqName: 'Wang Fang', storedAs: 'Wang Fang (HQ)', takenBy: local.id, takenByOrigin: 'local', source: 'hq' },
      { userId: second.id, hqName: 'Wang Fang', storedAs: 'Wang Fang (HQ 2)', takenBy: local.id, takenByOrigin: 'local', source: 'hq' },
    ]);
    // Later pages keep the name (no new audit entry); a rename at HQ to a free name takes it.
    page([{ ...hq, role: 'supervisor' }]);
    expect(auth.getUser(hq.id)!.name).toBe('Wang Fang (HQ)');
    expect(recentAudit(till.db, 50).filter((e) => e.action === 'user.hq_name_taken')).toHaveLength(2);
    page([{ ...hq, name: 'Fang Wang' }]);
    expect(auth.getUser(hq.id)!.name).toBe('Fang Wang');
    // A long name still fits the till's 80 characters with its suffix.
    const long = 'L'.repeat(80);
    await auth.createUser('system', { name: long, role: 'cashier', pin: '4444' });
    const hqLong = await hqUser(long, '5555');
    expect(page([hqLong]).ok).toBe(true);
    expect(auth.getUser(hqLong.id)!.name).toBe('L'.repeat(75) + ' (HQ)');
  });

  it('never touches a local user: an HQ record with a local id is skipped and audited, the page still applies', async () => {
    const local = await auth.createUser('system', { name: 'Mia', role: 'manager', pin: '999999' });
    const forged = await hqUser('Mia', '0000', { id: local.id, role: 'cashier' });
    const other = await hqUser('Ned', '1234');
    expect(page([forged, other]).ok).toBe(true);
    expect(auth.getUser(local.id)).toMatchObject({ name: 'Mia', role: 'manager', origin: 'local' });
    expect((await auth.verify(local.id, '999999')).id).toBe(local.id);
    expect(auth.getUser(other.id)).toMatchObject({ origin: 'hq' });
    expect(actions()).toContain('user.hq_refused');
  });

  it("refuses a local manager's PIN, disable or enable of an HQ user, clearly, changing nothing", async () => {
    const m = await auth.createUser('system', { name: 'Mia', role: 'manager', pin: '999999' });
    const dee = await hqUser('Dee', '1357');
    page([dee]);
    const before = row(dee.id);
    for (const attempt of [() => auth.setPin(m.id, dee.id, '2468'), () => auth.setDisabled(m.id, dee.id, true), () => auth.setDisabled(m.id, dee.id, false)]) {
      const f = await failure(attempt);
      expect(f.code).toBe('forbidden');
      expect(f.message).toBe('Dee is managed by HQ: change their PIN, role or state at HQ.');
    }
    expect(row(dee.id)).toEqual(before);
    expect((await auth.verify(dee.id, '1357')).id).toBe(dee.id);
    // Local users stay the manager's to manage.
    const cal = await auth.createUser(m.id, { name: 'Cal', role: 'cashier', pin: '1111' });
    expect(auth.setDisabled(m.id, cal.id, true).disabled).toBe(true);
  });

  it('a reset snapshot disables HQ users it no longer holds; local users stay', async () => {
    const local = await auth.createUser('system', { name: 'Mia', role: 'manager', pin: '999999' });
    const [eve, fay] = [await hqUser('Eve', '1111'), await hqUser('Fay', '2222')];
    page([eve, fay]);
    const r = applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: 0, toVersion: 9, reset: true, users: [fay] }, now);
    expect(r).toEqual({ ok: true, version: 9, signOut: [eve.id] });
    expect(auth.listUsers().map((u) => [u.name, u.disabled])).toEqual([
      ['Eve', true],
      ['Fay', false],
      ['Mia', false],
    ]);
    expect(auth.getUser(local.id)!.disabled).toBe(false);
  });

  const malformed: [string, (u: HqUser) => unknown, RegExp][] = [
    ['an unknown field', (u) => ({ ...u, pin: '1357' }), /malformed.*users\.2: Unrecognized key: "pin"/],
    ['a role HQ does not have', (u) => ({ ...u, role: 'owner' }), /malformed.*users\.2\.role/],
    ['a missing PIN hash', ({ pinHash: _drop, ...u }) => u, /malformed.*users\.2\.pinHash/],
    ['a PIN hash in another format', (u) => ({ ...u, pinHash: 'bcrypt$2b$10$abc' }), /malformed.*users\.2\.pinHash: expected an scrypt PIN hash/],
    [
      'a PIN hash with hostile parameters',
      (u) => ({ ...u, pinHash: u.pinHash.replace('scrypt$1024$', `scrypt$${2 ** 24}$`) }),
      /users\[2\].*not a usable scrypt hash/,
    ],
    ['an id that is not a UUID', (u) => ({ ...u, id: 'u1' }), /malformed.*users\.2\.id/],
    ['an empty name', (u) => ({ ...u, name: '' }), /malformed.*users\.2\.name/],
  ];
  for (const [what, corrupt, error] of malformed) {
    it(`refuses a page with a user with ${what}, changing nothing`, async () => {
      const good = await hqUser('Gus', '1111');
      page([good]);
      const tables = ['users', 'campaigns', 'rule_set_state', 'audit_log'];
      const snapshot = () => Object.fromEntries(tables.map((t) => [t, till.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
      const before = snapshot();
      const other = await hqUser('Hal', '2222');
      const from = currentRuleSetVersion(till.db);
      const r = applyRuleSetUpdate(
        till.db,
        {
          formatVersion: 1,
          fromVersion: from,
          toVersion: from + 1,
          revoked: ['s:1:9'],
          users: [other, { ...good, disabled: true }, corrupt(await hqUser('Ivy', '3333'))],
        },
        now,
      );
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
      expect(snapshot()).toEqual(before);
    });
  }
});
