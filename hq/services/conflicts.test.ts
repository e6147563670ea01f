import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../shared/hlc';
import { decideCode, type CodeRedemption } from './conflicts';

const redemptionArb = fc.record({
  id: fc.uuid(),
  tillId: fc.constantFrom('till-a', 'till-b', 'till-c'),
  wall: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 }),
  counter: fc.integer({ min: 0, max: 2 }),
  voided: fc.boolean(),
  resolved: fc.boolean(),
  /** A clock HQ could not believe (services/checks.ts), mixed in at about one in four. */
  suspect: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

function toRedemption(r: { id: string; tillId: string; wall: number; counter: number; voided: boolean; resolved: boolean; suspect: boolean }): CodeRedemption {
  return {
    id: r.id,
    tillId: r.tillId,
    hlc: encodeHlc({ wallMs: r.wall, counter: r.counter, node: r.tillId }),
    voided: r.voided,
    resolution: r.resolved ? 'accepted_as_loss' : null,
    note: null,
    clockSuspect: r.suspect,
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

describe('decideCode: the conflict rule', () => {
  it('decides the same whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(redemptionArb, { selector: (r) => r.id, minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        (raw, uses, seed) => {
          const rs = raw.map(toRedemption);
          const shuffled = [...rs].sort((a, b) => ((a.id.charCodeAt(3) * seed) % 7) - ((b.id.charCodeAt(3) * seed) % 7));
          expect(decideCode(shuffled, uses).sort(byId)).toEqual(decideCode(rs, uses).sort(byId));
        },
      ),
    );
  });

  it('gives the N earliest non-voided redemptions the uses, flags the rest, never drops one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(redemptionArb, { selector: (r) => r.id, minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (raw, uses) => {
        const rs = raw.map(toRedemption);
        const ds = decideCode(rs, uses);
        expect(ds.map((d) => d.id).sort()).toEqual(rs.map((r) => r.id).sort());
        const live = rs.filter((r) => !r.voided);
        const winners = ds.filter((d) => d.status === 'accepted');
        expect(winners.length).toBe(Math.min(uses, live.length));
        const rank = (r: CodeRedemption) => `${r.clockSuspect ? 1 : 0}${r.hlc}`;
        const latestWinner = live
          .filter((r) => winners.some((w) => w.id === r.id))
          .map(rank)
          .sort()
          .at(-1);
        for (const d of ds) {
          const r = rs.find((x) => x.id === d.id)!;
          if (r.voided) expect(d.status).toBe('voided');
          else if (d.status !== 'accepted') {
            // A loser ranks after every winner: a believable clock never loses to a suspect one.
            expect(rank(r) >= latestWinner!).toBe(true);
            expect(d.status).toBe(r.resolution ? 'resolved' : 'conflict');
            expect(winners.map((w) => w.id)).toContain(d.winnerId);
          }
        }
      }),
    );
  });

  it('ranks a suspect clock after every believable one, however early its HLC', () => {
    const r = (n: number, clockSuspect: boolean): CodeRedemption => ({
      id: `0000000${n}-0000-7000-8000-000000000000`,
      tillId: 't',
      hlc: encodeHlc({ wallMs: n, counter: 0, node: 't' }),
      voided: false,
      resolution: null,
      note: null,
      clockSuspect,
    });
    expect(decideCode([r(1, true), r(5, false), r(9, false)], 2).map((d) => [d.id, d.status])).toEqual([
      [r(5, false).id, 'accepted'],
      [r(9, false).id, 'accepted'],
      [r(1, true).id, 'conflict'],
    ]);
    expect(decideCode([r(1, true), r(2, true)], 1).map((d) => d.status)).toEqual(['accepted', 'conflict']);
  });

  it('breaks HLC ties by till id', () => {
    const hlcOf = (till: string) => encodeHlc({ wallMs: 5, counter: 0, node: till });
    const b: CodeRedemption = {
      id: '00000000-0000-7000-8000-000000000001',
      tillId: 'till-b',
      hlc: hlcOf('till-b'),
      voided: false,
      resolution: null,
      note: null,
    };
    const a: CodeRedemption = { ...b, id: '00000000-0000-7000-8000-000000000002', tillId: 'till-a', hlc: hlcOf('till-a') };
    expect(decideCode([b, a], 1).find((d) => d.status === 'accepted')!.id).toBe(a.id);
  });

  it('a void frees the use for the next redemption in line', () => {
    const r = (n: number, voided = false): CodeRedemption => ({
      id: `0000000${n}-0000-7000-8000-000000000000`,
      tillId: 't',
      hlc: encodeHlc({ wallMs: n, counter: 0, node: 't' }),
      voided,
      resolution: null,
      note: null,
    });
    expect(decideCode([r(1), r(2)], 1).map((d) => d.status)).toEqual(['accepted', 'conflict']);
    expect(decideCode([r(1, true), r(2)], 1).map((d) => [d.id, d.status])).toEqual([
      [r(2).id, 'accepted'],
      [r(1).id, 'voided'],
    ]);
  });
});
