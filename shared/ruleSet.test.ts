import { describe, expect, it } from 'vitest';
import { HqVerdictSchema, RuleSetUpdateSchema } from './ruleSet';

/** HQ's verdict as the till parses it: the winner's description is optional (older HQs), and strict when present. */
const loserId = '0190a000-0000-7000-8000-000000000001';
const winnerId = '0190a000-0000-7000-8000-000000000002';
const winner = { tillId: '0190a000-0000-7000-8000-0000000000aa', tillName: 'Till 2', storeId: 'S001', redeemedAt: 1_700_000_000_000 };
const page = (verdict: unknown) => ({ formatVersion: 1, fromVersion: 1, toVersion: 2, verdicts: [verdict] });

describe('HqVerdictSchema', () => {
  it('parses a conflict verdict naming the winning till, store and time', () => {
    expect(HqVerdictSchema.parse({ redemptionId: loserId, status: 'conflict', winnerId, winner })).toEqual({
      redemptionId: loserId,
      status: 'conflict',
      winnerId,
      winner,
    });
    const { tillName: _n, ...unnamed } = winner;
    expect(HqVerdictSchema.parse({ redemptionId: loserId, status: 'conflict', winnerId, winner: unnamed }).winner).toEqual(unnamed);
  });

  it('still parses a verdict from an HQ that sends only the winning redemption id', () => {
    const parsed = RuleSetUpdateSchema.parse(page({ redemptionId: loserId, status: 'conflict', winnerId }));
    expect(parsed.verdicts).toEqual([{ redemptionId: loserId, status: 'conflict', winnerId }]);
  });

  const malformed: [string, unknown, RegExp][] = [
    ['an unknown field', { ...winner, cashier: 'Ann' }, /cashier/],
    ['no till id', { ...winner, tillId: undefined }, /tillId/],
    ['an empty till name', { ...winner, tillName: '' }, /tillName/],
    ['an over-long till name', { ...winner, tillName: 'x'.repeat(201) }, /tillName/],
    ['an over-long store id', { ...winner, storeId: 's'.repeat(65) }, /storeId/],
    ['a time before 1970', { ...winner, redeemedAt: -1 }, /redeemedAt/],
    ['a fractional time', { ...winner, redeemedAt: 1.5 }, /redeemedAt/],
    ['a time as text', { ...winner, redeemedAt: '2026-01-01' }, /redeemedAt/],
    ['a winner that is not an object', 'Till 2', /winner/],
  ];
  for (const [what, bad, path] of malformed) {
    it(`refuses the page for a winner with ${what}`, () => {
      const r = RuleSetUpdateSchema.safeParse(page({ redemptionId: loserId, status: 'conflict', winnerId, winner: bad }));
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')).toMatch(path);
    });
  }
});
