import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleSetUpdateInput } from '../../shared/ruleSet';
import { countPlainCodes, loadCampaigns, loadSigningKeys } from '../db/repos/ruleSet';
import { verifyAuditChain } from './audit';
import { plainCodeHash, plainCodeHashB64 } from './plainCodes';
import { applyRuleSetUpdate, currentRuleSetVersion, importPlainCodes } from './ruleSet';
import { CAMPAIGNS, makeTill, NOON, type TillKit } from './testing/tillKit';

let till: TillKit;
beforeEach(() => {
  till = makeTill();
});
afterEach(() => till.close());

function snapshot() {
  const tables = [
    'campaigns',
    'signing_keys',
    'revoked_coupons',
    'spent_elsewhere',
    'plain_codes',
    'rule_set_state',
    'till_config',
    'redemptions',
    'users',
    'audit_log',
  ];
  return Object.fromEntries(tables.map((t) => [t, till.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
}

function next(extra: Partial<RuleSetUpdateInput>): RuleSetUpdateInput {
  return { formatVersion: 1, fromVersion: 1, toVersion: 2, ...extra };
}

describe('applyRuleSetUpdate', () => {
  it('applies a page on top of the version held', () => {
    const r = applyRuleSetUpdate(
      till.db,
      next({ revoked: ['s:1:9'], spentElsewhere: [{ couponKey: 's:2:1', uses: 1 }], plainCodes: [{ hash: plainCodeHashB64('NEW-1'), campaignId: 2 }] }),
      NOON,
    );
    expect(r).toEqual({ ok: true, version: 2 });
    expect(currentRuleSetVersion(till.db)).toBe(2);
    expect(countPlainCodes(till.db)).toBe(4);
    expect(loadCampaigns(till.db).campaigns.size).toBe(Object.keys(CAMPAIGNS).length);
  });

  const corrupt: [string, unknown, RegExp][] = [
    ['not an object', 'garbage', /malformed/],
    ['wrong format version', { ...next({}), formatVersion: 2 }, /malformed.*formatVersion/],
    [
      'a campaign failing its schema',
      next({ campaigns: [{ id: 9, name: 'x', benefit: { type: 'cash', amountOffMinor: -5 }, rules: {} }] }),
      /malformed.*campaigns/,
    ],
    ['a version gap', { ...next({}), fromVersion: 5, toVersion: 6 }, /version gap: this till holds rule set 1, the update starts from 5/],
    ['going backwards', { ...next({}), fromVersion: 1, toVersion: 1 }, /toVersion must be greater/],
    ['a plain code of an unknown campaign', next({ plainCodes: [{ hash: plainCodeHashB64('X'), campaignId: 77 }] }), /campaign 77/],
    ['a spent entry of an unknown campaign', next({ spentElsewhere: [{ couponKey: 's:88:1', uses: 1 }] }), /campaign 88/],
    ['a spent entry of an unknown plain code', next({ spentElsewhere: [{ couponKey: 'p:' + '0'.repeat(32), uses: 1 }] }), /not a plain code/],
    ['another store', next({ store: { id: 'S999', name: 'x', timeZone: 'Asia/Shanghai' } }), /this till belongs to store S001/],
    ['a bad time zone', next({ store: { id: 'S001', name: 'x', timeZone: 'Mars/Olympus' } }), /time zone/],
    ['an unknown currency', next({ store: { id: 'S001', name: 'x', timeZone: 'Asia/Shanghai', currency: 'XYZW' } }), /malformed.*currency/],
    ['a bad public key', next({ keys: [{ keyId: 40, publicKey: '_'.repeat(43), status: 'active' }] }), /signing keys/],
    [
      'a conflict verdict whose winner is malformed',
      next({
        verdicts: [
          {
            redemptionId: '0190a000-0000-7000-8000-0000000000aa',
            status: 'conflict',
            winnerId: '0190a000-0000-7000-8000-0000000000bb',
            winner: { tillId: 'T02', storeId: 'S001', redeemedAt: -1 },
          },
        ],
      }),
      /malformed.*verdicts\.0\.winner\.redeemedAt/,
    ],
    [
      'a user without a PIN hash',
      next({ users: [{ id: '0190a000-0000-7000-8000-0000000000ab', name: 'Ann', role: 'cashier', disabled: false, updatedAt: 1 } as never] }),
      /malformed.*users\.0\.pinHash/,
    ],
  ];
  for (const [what, update, error] of corrupt) {
    it(`refuses ${what} and changes nothing`, () => {
      const before = snapshot();
      // Valid-looking content in the same page must not leak in either.
      const withGoodParts =
        typeof update === 'object'
          ? { campaigns: [{ ...CAMPAIGNS.cash, id: 50 }], plainCodes: [{ hash: plainCodeHashB64('GOOD'), campaignId: 1 }], ...update }
          : update;
      const r = applyRuleSetUpdate(till.db, withGoodParts, NOON);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
      expect(snapshot()).toEqual(before);
    });
  }

  it("keeps the store's currency from the store info, and CNY from an HQ that does not send one", () => {
    const currency = () => (till.db.prepare('SELECT currency FROM till_config').get() as { currency: string }).currency;
    expect(currency()).toBe('CNY');
    expect(applyRuleSetUpdate(till.db, next({ store: { id: 'S001', name: 'Store', timeZone: 'Asia/Hong_Kong', currency: 'HKD' } }), NOON).ok).toBe(true);
    expect(currency()).toBe('HKD');
    // An older HQ's page (no currency) changes the name and zone but not the currency it never sent.
    expect(
      applyRuleSetUpdate(till.db, { ...next({ store: { id: 'S001', name: 'Store 2', timeZone: 'Asia/Shanghai' } }), fromVersion: 2, toVersion: 3 }, NOON).ok,
    ).toBe(true);
    expect(till.db.prepare('SELECT store_name, time_zone, currency FROM till_config').get()).toEqual({
      store_name: 'Store 2',
      time_zone: 'Asia/Shanghai',
      currency: 'HKD',
    });
  });

  it('rolls back everything when the database fails in the middle of an apply', () => {
    till.db.exec(`CREATE TRIGGER fail_mid BEFORE INSERT ON spent_elsewhere WHEN NEW.uses = 666 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = snapshot();
    const r = applyRuleSetUpdate(
      till.db,
      next({
        campaigns: [{ ...CAMPAIGNS.cash, id: 60 }],
        plainCodes: Array.from({ length: 1000 }, (_, i) => ({ hash: plainCodeHashB64(`BULK-${i}`), campaignId: 60 })),
        revoked: ['s:1:5'],
        spentElsewhere: [
          { couponKey: 's:1:6', uses: 1 },
          { couponKey: 's:1:7', uses: 666 },
        ],
      }),
      NOON,
    );
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/rolled back: disk trouble/) });
    expect(snapshot()).toEqual(before);
    expect(verifyAuditChain(till.db).ok).toBe(true);
  });

  it('a reset snapshot replaces the whole rule set', () => {
    const r = applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: 0, toVersion: 10, reset: true, campaigns: [CAMPAIGNS.gift], keys: [] }, NOON);
    expect(r).toEqual({ ok: true, version: 10 });
    expect([...loadCampaigns(till.db).campaigns.keys()]).toEqual([4]);
    expect(loadSigningKeys(till.db)).toEqual([]);
    expect(countPlainCodes(till.db)).toBe(0);
  });

  it('skips a verdict for a redemption this till does not hold, applies the rest of the page and audits the skip', () => {
    const r = applyRuleSetUpdate(till.db, next({ verdicts: [{ redemptionId: '0190a000-0000-7000-8000-0000000000aa', status: 'accepted' }] }), NOON);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.version).toBe(2);
    const last = till.db.prepare(`SELECT detail FROM audit_log WHERE action = 'ruleset.apply' ORDER BY seq DESC LIMIT 1`).get() as { detail: string };
    expect(JSON.parse(last.detail)).toMatchObject({ verdicts: 1, verdictsUnknown: 1 });
  });

  it('records HQ verdicts on ledger entries', () => {
    const { redemption } = till.service.redeem({ code: till.mint(1, 1), basket: { id: 'b1', totalMinor: 1000 }, source: 'manual' }, { cashierId: 'c1' });
    const winner = '0190a000-0000-7000-8000-0000000000bb';
    const r = applyRuleSetUpdate(
      till.db,
      next({ verdicts: [{ redemptionId: redemption!.id, status: 'conflict', winnerId: winner, note: 'T02 was first' }] }),
      NOON,
    );
    expect(r.ok).toBe(true);
    const page = till.service.listRedemptions({ conflictsOnly: true, limit: 10 });
    expect(page.rows.map((row) => [row.id, row.syncState, row.hqWinnerId, row.hqNote])).toEqual([[redemption!.id, 'conflict', winner, 'T02 was first']]);
    // Resolved by HQ, it is still a conflict for the log's filter, and the status filter splits open from resolved.
    const resolved = applyRuleSetUpdate(
      till.db,
      next({
        fromVersion: 2,
        toVersion: 3,
        verdicts: [{ redemptionId: redemption!.id, status: 'resolved', winnerId: winner, resolution: 'charged_back', note: 'recovered' }],
      }),
      NOON,
    );
    expect(resolved.ok).toBe(true);
    expect(till.service.listRedemptions({ conflictsOnly: true, limit: 10 }).rows.map((row) => [row.id, row.syncState, row.hqResolution])).toEqual([
      [redemption!.id, 'resolved', 'charged_back'],
    ]);
    expect(till.service.listRedemptions({ conflictsOnly: true, status: 'resolved', limit: 10 }).rows).toHaveLength(1);
    expect(till.service.listRedemptions({ conflictsOnly: true, status: 'conflict', limit: 10 }).rows).toHaveLength(0);
  });

  it('stores who won a conflict (till, its name, store, time) and replaces it with each later verdict', () => {
    const { redemption } = till.service.redeem({ code: till.mint(1, 1), basket: { id: 'b1', totalMinor: 1000 }, source: 'manual' }, { cashierId: 'c1' });
    const winnerId = '0190a000-0000-7000-8000-0000000000bb';
    const winner = { tillId: 'T02', tillName: 'Till 2', storeId: 'S001', redeemedAt: NOON - 60_000 };
    const hqWinner = () => till.service.listRedemptions({ conflictsOnly: true, limit: 10 }).rows.map((row) => [row.id, row.hqWinnerId, row.hqWinner]);
    expect(applyRuleSetUpdate(till.db, next({ verdicts: [{ redemptionId: redemption!.id, status: 'conflict', winnerId, winner }] }), NOON).ok).toBe(true);
    expect(hqWinner()).toEqual([[redemption!.id, winnerId, winner]]);
    // A winner HQ knows by id only (no name at HQ): the name stays empty for the screen to show the id.
    const { tillName: _n, ...unnamed } = winner;
    expect(
      applyRuleSetUpdate(
        till.db,
        next({
          fromVersion: 2,
          toVersion: 3,
          verdicts: [{ redemptionId: redemption!.id, status: 'resolved', winnerId, winner: unnamed, resolution: 'accepted_as_loss' }],
        }),
        NOON,
      ).ok,
    ).toBe(true);
    expect(hqWinner()).toEqual([[redemption!.id, winnerId, { ...unnamed, tillName: null }]]);
    // An HQ that names only the winning redemption (older HQ): the till keeps no stale winner.
    expect(
      applyRuleSetUpdate(till.db, next({ fromVersion: 3, toVersion: 4, verdicts: [{ redemptionId: redemption!.id, status: 'conflict', winnerId }] }), NOON).ok,
    ).toBe(true);
    expect(hqWinner()).toEqual([[redemption!.id, winnerId, null]]);
  });

  it('imports plain codes in bulk and refuses codes of unknown campaigns', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ hash: plainCodeHash(`IMPORT-${i}`), campaignId: 2 }));
    expect(importPlainCodes(till.db, rows)).toEqual({ ok: true, count: 5000 });
    expect(countPlainCodes(till.db)).toBe(5003);
    expect(importPlainCodes(till.db, [{ hash: plainCodeHash('Y'), campaignId: 99 }])).toEqual({ ok: false, error: expect.stringMatching(/campaign 99/) });
    expect(countPlainCodes(till.db)).toBe(5003);
  });
});
