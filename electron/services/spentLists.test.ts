import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Basket } from '../../shared/campaign';
import { newId } from '../../shared/ids';
import { bitmapOf, encodeBitmap, plainSpentValue, type SpentLists } from '../../shared/spentList';
import { markSynced } from '../db/repos/ledger';
import { currentPullCursor, applyRuleSetUpdate } from './ruleSet';
import { currentSpentVersion } from './spentLists';
import { plainCodeHash } from './plainCodes';
import { makeTill, type TillKit } from './testing/tillKit';

/**
 * The till's side of HQ's spent lists (decisions 072-074): a page's bitmaps apply in its
 * transaction or not at all, and "used elsewhere" comes from them with today's reason codes.
 */
let till: TillKit;
beforeEach(() => {
  till = makeTill();
});
afterEach(() => till.close());

const cashier = { cashierId: 'cashier-1' };
const basket = (id = newId(), totalMinor = 10_000): Basket => ({ id, totalMinor });
const bits = (values: number[]) => {
  const b = bitmapOf(values);
  const t = encodeBitmap(b);
  b.dispose();
  return t;
};
const BATCH = 'p:0193a5b2-0000-7000-8000-000000000001';

/** A page that moves nothing but the spent lists. */
function page(spent: Partial<SpentLists> & { lists: SpentLists['lists'] }) {
  const c = currentPullCursor(till.db);
  const spentLists = { fromVersion: currentSpentVersion(till.db), toVersion: currentSpentVersion(till.db) + 1, reset: false, dropped: [], ...spent };
  return applyRuleSetUpdate(till.db, {
    formatVersion: 1,
    fromVersion: c.chain,
    toVersion: c.chain,
    storeFromVersion: c.store,
    storeToVersion: c.store,
    spentLists,
  });
}

const validate = (code: string) => till.service.validate({ code, basket: basket(), source: 'wedge' });

describe('spent lists on the till', () => {
  it('a serial in its campaign bitmap is used_elsewhere; the next serial and another campaign are not', () => {
    expect(page({ reset: true, fromVersion: 0, lists: [{ list: 's:1', campaignId: 1, added: bits([3, 70_000]) }] }).ok).toBe(true);
    expect(currentSpentVersion(till.db)).toBe(1);
    expect(validate(till.mint(1, 3))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    expect(validate(till.mint(1, 70_000))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    expect(validate(till.mint(1, 4)).ok).toBe(true);
    expect(validate(till.mint(2, 3)).ok).toBe(true);
    // A delta: 4 used up, 3 freed by a void at HQ.
    expect(page({ lists: [{ list: 's:1', campaignId: 1, added: bits([4]), removed: bits([3]) }] }).ok).toBe(true);
    expect(validate(till.mint(1, 3)).ok).toBe(true);
    expect(validate(till.mint(1, 4))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    // The campaign's list dropped (it ended at HQ): nothing from it any more.
    expect(page({ lists: [], dropped: ['s:1'] }).ok).toBe(true);
    expect(validate(till.mint(1, 4)).ok).toBe(true);
  });

  it('already_used_here stays: the till redeemed it itself; its own winning use, voided here, is not "elsewhere"', () => {
    const code = till.mint(1, 8);
    const r = till.service.redeem({ code, basket: basket(), source: 'wedge' }, cashier);
    expect(r.verdict.ok).toBe(true);
    markSynced(till.db, [r.redemption!.id]);
    till.db.prepare("UPDATE redemptions SET sync_state = 'accepted' WHERE id = ?").run(r.redemption!.id);
    expect(page({ reset: true, fromVersion: 0, lists: [{ list: 's:1', campaignId: 1, added: bits([8]) }] }).ok).toBe(true);
    expect(validate(code)).toMatchObject({ ok: false, reason: 'already_used_here' });
    till.service.voidRedemption({ redemptionId: r.redemption!.id, reason: 'mistake' }, { actorId: 'manager-1' });
    // HQ still counts this till's use until the void reaches it: the code is free, not used elsewhere.
    expect(validate(code).ok).toBe(true);
    // Once the void is at HQ, a bit still set means another till has used it since.
    const v = till.db.prepare<[string], { id: string }>("SELECT id FROM redemptions WHERE kind = 'void' AND voids_id = ?").get(r.redemption!.id)!;
    markSynced(till.db, [v.id]);
    expect(validate(code)).toMatchObject({ ok: false, reason: 'used_elsewhere' });
  });

  it('plain codes: a prefix hit refuses only when one code of the campaign has that prefix (decision 073)', () => {
    const hash = plainCodeHash('PLAIN-CASH-0001');
    expect(page({ reset: true, fromVersion: 0, lists: [{ list: BATCH, campaignId: 1, added: bits([plainSpentValue(hash)]) }] }).ok).toBe(true);
    expect(validate('PLAIN-CASH-0001')).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    expect(validate('PLAIN-CASH-0002').ok).toBe(true);
    // Another code of the campaign sharing the first 32 bits: the hit is ambiguous, and no code is refused for it.
    const twin = Buffer.from(hash);
    twin[15] = twin[15]! ^ 0xff;
    till.db.prepare('INSERT INTO plain_codes (hash, campaign_id) VALUES (?, 1)').run(twin);
    expect(validate('PLAIN-CASH-0001').ok).toBe(true);
  });

  it('refuses a gap, a bitmap or a Rice-coded set that does not read, an unknown coding, an unknown campaign, a list of another campaign: nothing changes', () => {
    expect(page({ reset: true, fromVersion: 0, lists: [{ list: 's:1', campaignId: 1, added: bits([3]) }] }).ok).toBe(true);
    const before = till.db.prepare('SELECT list, hex(bitmap) AS b FROM spent_lists').all();
    const cases: [string, ReturnType<typeof page>][] = [
      ['gap', page({ fromVersion: 5, toVersion: 6, lists: [{ list: 's:1', campaignId: 1, added: bits([4]) }] })],
      ['bytes', page({ lists: [{ list: 's:1', campaignId: 1, added: 'OjAAAAEAAAAAAAAAEAAAAA' }] })],
      // {3, 5} Rice-coded at P 1 with a padding bit set (docs/hq-api.md): not exactly one set.
      ['rice', page({ lists: [{ list: 's:1', campaignId: 1, coding: 'rice', added: 'AQKx' }] })],
      ['coding', page({ lists: [{ list: 's:1', campaignId: 1, coding: 'zip' as never, added: bits([4]) }] })],
      ['campaign', page({ lists: [{ list: 's:88', campaignId: 88, added: bits([4]) }] })],
      ['mismatch', page({ lists: [{ list: 's:2', campaignId: 1, added: bits([4]) }] })],
    ];
    for (const [what, r] of cases) expect(r.ok, what).toBe(false);
    expect(cases.map(([, r]) => (r.ok ? '' : r.error))).toEqual([
      expect.stringMatching(/spent list gap/),
      expect.stringMatching(/not a portable Roaring bitmap/),
      expect.stringMatching(/not a Rice-coded set/),
      expect.stringMatching(/coding/),
      expect.stringMatching(/campaign 88/),
      expect.stringMatching(/not campaign 1's/),
    ]);
    expect(till.db.prepare('SELECT list, hex(bitmap) AS b FROM spent_lists').all()).toEqual(before);
    expect(currentSpentVersion(till.db)).toBe(1);
    expect(validate(till.mint(1, 3))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    expect(validate(till.mint(1, 4)).ok).toBe(true);
  });

  it('an enrolled till taking the lists keeps its cursor and drops the per-code rows of single-use codes only', () => {
    const c = currentPullCursor(till.db);
    expect(
      applyRuleSetUpdate(till.db, {
        formatVersion: 1,
        fromVersion: c.chain,
        toVersion: c.chain + 1,
        spentElsewhere: [
          { couponKey: 's:1:3', uses: 1 },
          { couponKey: 's:6:3', uses: 2 },
        ],
      }).ok,
    ).toBe(true);
    const held = currentPullCursor(till.db);
    expect(page({ reset: true, fromVersion: 0, lists: [{ list: 's:1', campaignId: 1, added: bits([3]) }] }).ok).toBe(true);
    expect(currentPullCursor(till.db)).toEqual(held);
    expect(till.db.prepare('SELECT coupon_key, uses FROM spent_elsewhere').all()).toEqual([{ coupon_key: 's:6:3', uses: 2 }]);
    expect(validate(till.mint(1, 3))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
  });
});
