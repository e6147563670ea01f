import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Basket } from '../../shared/campaign';
import { newId } from '../../shared/ids';
import type { RedemptionUpload } from '../../shared/redemption';
import { verifyAuditChain } from './audit';
import { holderHash } from './codeSigning';
import { pendingOutbox } from './outbox';
import { RedemptionError } from './redemption';
import { applyRuleSetUpdate } from './ruleSet';
import { makeTill, NOON, type TillKit } from './testing/tillKit';

let till: TillKit;
beforeEach(() => {
  till = makeTill();
});
afterEach(() => till.close());

const cashier = { cashierId: 'cashier-1' };
const basket = (id: string, totalMinor = 10_000, extra: Partial<Basket> = {}): Basket => ({ id, totalMinor, ...extra });
const counts = () =>
  till.db
    .prepare<[], { r: number; o: number; a: number }>(
      'SELECT (SELECT count(*) FROM redemptions) AS r, (SELECT count(*) FROM outbox) AS o, (SELECT count(*) FROM audit_log) AS a',
    )
    .get()!;

describe('validate', () => {
  it('answers the verdict and writes nothing', () => {
    const before = counts();
    const v = till.service.validate({ code: till.mint(1, 1), basket: basket('b1'), source: 'wedge' });
    expect(v).toMatchObject({ ok: true, campaignId: 1, type: 'cash', discountMinor: 500, couponKey: 's:1:1' });
    expect(till.service.validate({ code: 'NOT-A-CODE', basket: basket('b1'), source: 'wedge' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(counts()).toEqual(before);
  });

  it('refuses malformed requests with a typed error', () => {
    expect(() => till.service.validate({ code: '', basket: basket('b1'), source: 'wedge' })).toThrow(RedemptionError);
    expect(() =>
      till.service.validate({ code: 'X', basket: { id: 'b', totalMinor: 5, lines: [{ sku: 'a', unitPriceMinor: 1, quantity: 1 }] }, source: 'wedge' }),
    ).toThrow(/basket total/);
  });
});

describe('redeem: the five coupon types end to end', () => {
  const lines = [
    { sku: 'TEA-1', category: 'drinks', unitPriceMinor: 350, quantity: 1 },
    { sku: 'RICE', category: 'food', unitPriceMinor: 20_000, quantity: 1 },
  ];
  const cases: [string, () => string, number, string?][] = [
    ['cash (signed)', () => till.mint(1, 100), 500],
    ['percent (signed, capped)', () => till.mint(2, 100), 2000],
    ['threshold (signed, top tier)', () => till.mint(3, 100), 4000],
    ['gift (plain code)', () => '\tPLAIN-GIFT-0001\r\n', 350, 'TEA-1'],
    ['privilege (signed)', () => till.mint(5, 100), 0, 'free size upgrade'],
    ['cash (plain code)', () => ' PLAIN-CASH-0001 ', 500],
  ];
  for (const [what, code, discount, benefit] of cases) {
    it(what, () => {
      const b = basket(`b-${what}`, 20_350, { lines });
      const r = till.service.redeem({ code: code(), basket: b, source: 'hid-pos' }, cashier);
      expect(r.duplicate).toBe(false);
      expect(r.verdict).toMatchObject({ ok: true, discountMinor: discount });
      if (benefit) expect(r.verdict).toMatchObject({ benefitText: benefit });
      const rec = r.redemption!;
      expect(rec).toMatchObject({
        kind: 'redeem',
        storeId: 'S001',
        tillId: 'T01',
        cashierId: 'cashier-1',
        basketId: b.id,
        discountMinor: discount,
        syncState: 'pending',
        synced: false,
      });
      const out = pendingOutbox(till.db, 10, NOON);
      expect(out.map((o) => o.redemptionId)).toEqual([rec.id]);
      expect(out[0]!.payload).toMatchObject<Partial<RedemptionUpload>>({ id: rec.id, couponKey: rec.couponKey, hlc: rec.hlc });
      expect(verifyAuditChain(till.db).ok).toBe(true);
    });
  }
});

describe('redeem: refusals that depend on the till database', () => {
  const refused = (code: string, b: Basket = basket(newId())) => till.service.redeem({ code, basket: b, source: 'wedge' }, cashier).verdict;

  it('already_used_here for a single-use code redeemed on an earlier basket', () => {
    const code = till.mint(1, 2);
    expect(refused(code).ok).toBe(true);
    expect(refused(code)).toMatchObject({ ok: false, reason: 'already_used_here', couponKey: 's:1:2' });
  });

  it('used_elsewhere and revoked from the rule set', () => {
    expect(
      applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: 1, toVersion: 2, spentElsewhere: [{ couponKey: 's:1:3', uses: 1 }], revoked: ['s:2:3'] }).ok,
    ).toBe(true);
    expect(refused(till.mint(1, 3))).toMatchObject({ ok: false, reason: 'used_elsewhere' });
    expect(refused(till.mint(2, 3))).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('unknown key, retired key, forged signature', () => {
    expect(refused(till.mint(1, 4, { key: till.strangerKey }))).toMatchObject({ ok: false, reason: 'unknown_key' });
    expect(refused(till.mint(1, 4, { key: till.retiredKey }))).toMatchObject({ ok: false, reason: 'key_retired' });
    const forged = till.mint(1, 4, { key: { ...till.strangerKey, keyId: till.key.keyId } });
    expect(refused(forged)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('a key retired by a rule-set update refuses codes that verified before it (no stale verification)', () => {
    const code = till.mint(1, 5);
    expect(till.service.validate({ code, basket: basket('k1'), source: 'wedge' }).ok).toBe(true);
    const retire = { keyId: till.key.keyId, publicKey: Buffer.from(till.key.publicKey).toString('base64url'), status: 'retired' as const };
    expect(applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: 1, toVersion: 2, keys: [retire] }).ok).toBe(true);
    expect(refused(code)).toMatchObject({ ok: false, reason: 'key_retired' });
  });

  it('not_found for a plain code outside the allow-list, unknown_campaign for a signed code of an unknown campaign', () => {
    expect(refused('PLAIN-CASH-9999')).toMatchObject({ ok: false, reason: 'not_found' });
    expect(refused(till.mint(4242, 1))).toMatchObject({ ok: false, reason: 'unknown_campaign', campaignId: 4242 });
  });

  it('stacking against coupons already on the basket', () => {
    const b = basket('stack', 30_000);
    expect(refused(till.mint(1, 10), b).ok).toBe(true); // combinable group a
    expect(refused(till.mint(3, 10), b)).toMatchObject({ ok: false, reason: 'not_stackable' }); // threshold is exclusive
    expect(refused(till.mint(2, 10), b).ok).toBe(true);
    expect(refused(till.mint(5, 10), b).ok).toBe(true);
    expect(refused(till.mint(6, 10), b)).toMatchObject({ ok: false, reason: 'basket_coupon_limit' }); // cash allows 3 per basket
    expect(till.service.basketCoupons('stack').map((r) => r.couponKey)).toEqual(['s:1:10', 's:2:10', 's:5:10']);
  });

  it('multi-use codes and per-member limits count live ledger entries', () => {
    const code = till.mint(6, 1);
    const m = (id: string) => basket(id, 1000, { memberId: 'member-42' });
    expect(refused(code, m('m1')).ok).toBe(true);
    expect(refused(code, m('m2')).ok).toBe(true);
    expect(refused(code, m('m3'))).toMatchObject({ ok: false, reason: 'member_limit_reached' });
    expect(refused(code, basket('anon'))).toMatchObject({ ok: true });
    expect(refused(code, basket('anon2'))).toMatchObject({ ok: false, reason: 'already_used_here' });
  });

  it('holder-bound codes need the bound member', () => {
    const code = till.mint(1, 77, { holder: holderHash('member-7') });
    expect(refused(code, basket('h1', 1000, { memberId: 'member-8' }))).toMatchObject({ ok: false, reason: 'wrong_holder' });
    expect(refused(code, basket('h2', 1000, { memberId: 'member-7' }))).toMatchObject({ ok: true });
  });

  it('records refusals in the audit log but not in the ledger or outbox', () => {
    const before = counts();
    refused('PLAIN-CASH-9999');
    expect(counts()).toEqual({ r: before.r, o: before.o, a: before.a + 1 });
  });
});

describe('redeem: nothing half-written', () => {
  it('a record HQ would refuse (cashier id too long) is not committed anywhere', () => {
    const before = counts();
    expect(() => till.service.redeem({ code: till.mint(1, 60), basket: basket('long'), source: 'wedge' }, { cashierId: 'x'.repeat(65) })).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
    expect(counts()).toEqual(before);
    expect(till.service.validate({ code: till.mint(1, 60), basket: basket('long'), source: 'wedge' }).ok).toBe(true);
  });
});

describe('redeem: idempotency and repeats', () => {
  it('the same requestId never redeems twice', () => {
    const req = { code: till.mint(1, 20), basket: basket('b20'), source: 'wedge' as const, requestId: newId() };
    const first = till.service.redeem(req, cashier);
    const again = till.service.redeem(req, cashier);
    expect(again).toMatchObject({ duplicate: true, verdict: { ok: true, discountMinor: 500 } });
    expect(again.redemption!.id).toBe(first.redemption!.id);
    expect(counts().r).toBe(1);
    expect(() => till.service.redeem({ ...req, basket: basket('other') }, cashier)).toThrow(expect.objectContaining({ code: 'request_id_reused' }));
  });

  it('the same code scanned again on the same basket returns the existing redemption', () => {
    const req = { code: till.mint(6, 21), basket: basket('b21'), source: 'wedge' as const };
    const first = till.service.redeem(req, cashier);
    const again = till.service.redeem(req, cashier);
    expect(again.duplicate).toBe(true);
    expect(again.redemption!.id).toBe(first.redemption!.id);
    expect(pendingOutbox(till.db, 10, NOON)).toHaveLength(1);
  });

  it('HLC times increase even when the wall clock steps back', () => {
    const a = till.service.redeem({ code: till.mint(1, 30), basket: basket('h1'), source: 'wedge' }, cashier).redemption!;
    till.clock.now -= 60_000;
    const b = till.service.redeem({ code: till.mint(1, 31), basket: basket('h2'), source: 'wedge' }, cashier).redemption!;
    expect(b.hlc > a.hlc).toBe(true);
  });
});

describe('void', () => {
  it('writes a void entry and outbox row, marks the original voided, frees a single-use code', () => {
    const code = till.mint(1, 40);
    const r = till.service.redeem({ code, basket: basket('v1'), source: 'wedge' }, cashier).redemption!;
    const v = till.service.voidRedemption({ redemptionId: r.id, reason: 'customer changed mind' }, { actorId: 'manager-1' });
    expect(v).toMatchObject({ kind: 'void', voidsId: r.id, reason: 'customer changed mind', cashierId: 'manager-1', couponKey: r.couponKey });
    expect(pendingOutbox(till.db, 10, NOON).map((o) => o.payload.kind)).toEqual(['redeem', 'void']);
    const page = till.service.listRedemptions({ limit: 10 });
    expect(page.rows.find((x) => x.id === r.id)!.voided).toBe(true);
    expect(page.totals).toMatchObject({ count: 2, discountMinor: 0, voidedCount: 1 });
    expect(till.service.basketCoupons('v1')).toEqual([]);
    expect(till.service.redeem({ code, basket: basket('v2'), source: 'wedge' }, cashier).verdict.ok).toBe(true);
    expect(verifyAuditChain(till.db).ok).toBe(true);
  });

  it('refuses voiding twice, voiding a void, and unknown ids, changing nothing', () => {
    const r = till.service.redeem({ code: till.mint(1, 41), basket: basket('v3'), source: 'wedge' }, cashier).redemption!;
    const v = till.service.voidRedemption({ redemptionId: r.id, reason: 'mistake' }, { actorId: 'm' });
    const before = counts();
    expect(() => till.service.voidRedemption({ redemptionId: r.id, reason: 'again' }, { actorId: 'm' })).toThrow(
      expect.objectContaining({ code: 'already_voided' }),
    );
    expect(() => till.service.voidRedemption({ redemptionId: v.id, reason: 'undo' }, { actorId: 'm' })).toThrow(
      expect.objectContaining({ code: 'cannot_void_a_void' }),
    );
    expect(() => till.service.voidRedemption({ redemptionId: newId(), reason: 'what' }, { actorId: 'm' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(() => till.service.voidRedemption({ redemptionId: r.id, reason: '' }, { actorId: 'm' })).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(counts()).toEqual(before);
  });
});

describe('manager log and sync status', () => {
  it('pages newest first by keyset with totals over the whole filter', () => {
    for (let i = 0; i < 25; i++) {
      till.clock.now = NOON + i * 1000;
      till.service.redeem({ code: till.mint(1, 500 + i), basket: basket(`p${i}`), source: 'wedge' }, { cashierId: i % 2 ? 'odd' : 'even' });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = till.service.listRedemptions({ limit: 10, cashierId: 'even', ...(cursor ? { cursor } : {}) });
      expect(page.totals).toMatchObject({ count: 13, discountMinor: 13 * 500 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(13);
    // Totals are memoised across pages, but never stale after a new ledger entry.
    till.service.redeem({ code: till.mint(1, 999), basket: basket('p-extra'), source: 'wedge' }, { cashierId: 'even' });
    expect(till.service.listRedemptions({ limit: 10, cashierId: 'even' }).totals).toMatchObject({ count: 14, discountMinor: 14 * 500 });
    expect(new Set(seen).size).toBe(13);
    const times = till.service.listRedemptions({ limit: 100 }).rows.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(till.service.listRedemptions({ limit: 100, from: NOON + 20_000 }).rows).toHaveLength(6);
    expect(() => till.service.listRedemptions({ limit: 10, cursor: 'bogus' })).toThrow(expect.objectContaining({ code: 'bad_cursor' }));
    expect(till.service.syncStatus()).toEqual({ waiting: 26, oldestWaitingAt: NOON, lastSyncAt: null });
  });

  it('refuses to work before the till is configured', () => {
    till.db.prepare('DELETE FROM till_config').run();
    const fresh = new (till.service.constructor as typeof import('./redemption').RedemptionService)(till.db, { now: () => NOON });
    expect(() => fresh.validate({ code: 'X', basket: basket('b'), source: 'wedge' })).toThrow(expect.objectContaining({ code: 'till_not_configured' }));
  });
});
