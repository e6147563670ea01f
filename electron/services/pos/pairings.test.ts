import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillDatabase, type TillDatabase } from '../../db/connection';
import { LAST_USED_EVERY_MS, PAIRING_CODE_TTL_MS, PosPairings } from './pairings';

let db: TillDatabase;
let clock: number;
let pairings: PosPairings;
beforeEach(() => {
  db = openTillDatabase(':memory:');
  clock = Date.UTC(2026, 11, 1, 10);
  pairings = new PosPairings(db, () => clock);
});
afterEach(() => db.close());

describe('POS pairing', () => {
  it('exchanges a one-time code for a credential that verifies; the code works once, however it is typed', () => {
    const { code } = pairings.createCode('manager-1', 'Lane 1 POS');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const paired = pairings.exchange(` ${code.toLowerCase().replace('-', ' ')} `);
    expect(paired).toMatchObject({ name: 'Lane 1 POS', credential: expect.stringMatching(/^ctpos_[\w-]{43}$/) });
    expect(pairings.verify(paired.credential)).toEqual({ id: paired.pairingId, name: 'Lane 1 POS' });
    expect(() => pairings.exchange(code)).toThrow(/not valid/);
    // Only hashes are stored: neither the code nor the credential appears in the database.
    const dump = JSON.stringify([db.prepare('SELECT * FROM pos_pairing_codes').all(), db.prepare('SELECT * FROM pos_pairings').all()]);
    expect(dump).not.toContain(paired.credential);
    expect(dump).not.toContain(code.replace('-', ''));
  });

  it('refuses an expired or unknown code and changes nothing', () => {
    const { code } = pairings.createCode('manager-1', 'Lane 2');
    clock += PAIRING_CODE_TTL_MS;
    expect(() => pairings.exchange(code)).toThrow(/expired/);
    expect(() => pairings.exchange('AAAA-BBBB')).toThrow(/not valid/);
    expect(pairings.list()).toEqual([]);
  });

  it('lists, names and revokes pairings; a revoked credential is refused at once', () => {
    const a = pairings.exchange(pairings.createCode('m', 'Lane 1').code);
    const b = pairings.exchange(pairings.createCode('m', 'Lane 2').code);
    clock += 1_000;
    pairings.verify(a.credential);
    expect(pairings.rename('m', b.pairingId, 'Self checkout')).toMatchObject({ name: 'Self checkout' });
    expect(pairings.list().map((p) => [p.name, p.lastUsedAt, p.revokedAt])).toEqual([
      ['Lane 1', clock, null],
      ['Self checkout', null, null],
    ]);
    pairings.revoke('m', a.pairingId);
    expect(pairings.verify(a.credential)).toBeNull();
    expect(pairings.verify(b.credential)).not.toBeNull();
    expect(() => pairings.revoke('m', a.pairingId)).toThrow(/revoked already/);
    const actions = (db.prepare("SELECT action FROM audit_log WHERE action LIKE 'pos.pairing.%' ORDER BY seq").all() as { action: string }[]).map(
      (r) => r.action,
    );
    expect(actions).toEqual(['pos.pairing.code', 'pos.pairing.create', 'pos.pairing.code', 'pos.pairing.create', 'pos.pairing.rename', 'pos.pairing.revoke']);
  });

  it('writes "last used" at most once a minute, not on every call (each write was a commit and an fsync of its own)', () => {
    const a = pairings.exchange(pairings.createCode('m', 'Lane 1').code);
    const writes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    pairings.verify(a.credential);
    const first = clock;
    const before = writes();
    for (let i = 0; i < 10; i++) {
      clock += 1_000;
      expect(pairings.verify(a.credential)).not.toBeNull();
    }
    expect(writes()).toBe(before);
    expect(pairings.list()[0]!.lastUsedAt).toBe(first);
    clock = first + LAST_USED_EVERY_MS;
    pairings.verify(a.credential);
    expect(pairings.list()[0]!.lastUsedAt).toBe(clock);
    expect(writes()).toBe(before + 1);
  });
});
