import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { verifyAuditChain } from './audit';
import { RedemptionError } from './redemption';
import { makeTill } from './testing/tillKit';

/**
 * Whatever a till is asked to do, in whatever order (redeem, rescan, retry with the same
 * requestId, void, void again), the ledger stays consistent with its rules.
 */
type Op =
  | { op: 'redeem'; campaign: 1 | 6; serial: number; basket: number; retry: boolean }
  | { op: 'plain'; which: number; basket: number }
  | { op: 'void'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('redeem' as const),
    campaign: fc.constantFrom(1 as const, 6 as const),
    serial: fc.integer({ min: 1, max: 4 }),
    basket: fc.integer({ min: 1, max: 4 }),
    retry: fc.boolean(),
  }),
  fc.record({ op: fc.constant('plain' as const), which: fc.integer({ min: 0, max: 1 }), basket: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
);

describe('redemption ledger invariants (property)', () => {
  it('holds for any sequence of redeems, repeats, retries and voids', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const till = makeTill();
        try {
          const redeemed: string[] = [];
          for (const o of ops) {
            if (o.op === 'void') {
              if (redeemed.length === 0) continue;
              try {
                till.service.voidRedemption({ redemptionId: redeemed[o.pick % redeemed.length]!, reason: 'property test' }, { actorId: 'm' });
              } catch (err) {
                expect(err).toBeInstanceOf(RedemptionError);
                expect((err as RedemptionError).code).toBe('already_voided');
              }
              continue;
            }
            const code = o.op === 'plain' ? ['PLAIN-CASH-0001', 'PLAIN-CASH-0002'][o.which]! : till.mint(o.campaign, o.serial);
            const basketId = `b${o.basket}`;
            const req = { code, basket: { id: basketId, totalMinor: 1200 }, source: 'wedge' as const, requestId: newId() };
            const first = till.service.redeem(req, { cashierId: 'c' });
            if (first.redemption && !first.duplicate) redeemed.push(first.redemption.id);
            if (o.op === 'redeem' && o.retry) {
              const again = till.service.redeem(req, { cashierId: 'c' });
              expect(again.redemption?.id).toBe(first.redemption?.id);
              if (first.redemption) expect(again.duplicate).toBe(true);
            }
          }
          const db = till.db;
          // Every ledger entry has exactly one outbox row, and nothing else is in the outbox.
          expect(db.prepare('SELECT count(*) AS n FROM redemptions').get()).toEqual(db.prepare('SELECT count(DISTINCT redemption_id) AS n FROM outbox').get());
          expect(db.prepare('SELECT count(*) AS n FROM outbox o LEFT JOIN redemptions r ON r.id = o.redemption_id WHERE r.id IS NULL').get()).toEqual({ n: 0 });
          // Uses per code: single-use codes live at most once, the 3-use campaign at most 3 times.
          const live = db
            .prepare<[], { coupon_key: string; campaign_id: number; n: number }>(
              `SELECT coupon_key, campaign_id, count(*) AS n FROM redemptions WHERE kind = 'redeem' AND voided = 0 GROUP BY coupon_key, campaign_id`,
            )
            .all();
          for (const l of live) expect(l.n).toBeLessThanOrEqual(l.campaign_id === 6 ? 3 : 1);
          // Voids: exactly one per voided redemption, never voiding a void.
          expect(db.prepare(`SELECT count(*) AS n FROM redemptions WHERE voided = 1`).get()).toEqual(
            db.prepare(`SELECT count(*) AS n FROM redemptions WHERE kind = 'void'`).get(),
          );
          expect(
            db.prepare(`SELECT count(*) AS n FROM redemptions v JOIN redemptions r ON r.id = v.voids_id WHERE r.kind = 'void' OR r.voided = 0`).get(),
          ).toEqual({ n: 0 });
          // A basket's live discounts never exceed its total; the audit chain verifies.
          for (const b of db
            .prepare<[], { d: number }>(`SELECT sum(discount_minor) AS d FROM redemptions WHERE kind = 'redeem' AND voided = 0 GROUP BY basket_id`)
            .all()) {
            expect(b.d).toBeLessThanOrEqual(1200);
          }
          expect(verifyAuditChain(db).ok).toBe(true);
        } finally {
          till.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
