import { compareHlc } from '../../shared/hlc';
import type { HqVerdict, HqWinner } from '../../shared/ruleSet';

/**
 * HQ's conflict rule, the heart of the product. For a code with N allowed uses, among its
 * non-voided redemptions the N with the earliest hybrid-logical-clock time win (ties by till
 * id, then redemption id), whatever order they arrived in. A redemption whose clock HQ could not
 * believe (clockSuspect, services/checks.ts, fixed when it was stored) ranks after every
 * believable one, so a backdated HLC cannot take a use from an honest till. Everything else is a loser, kept
 * and flagged. A voided redemption holds no use. The outcome is a pure function of the set
 * of redemptions, so every arrival order, and every HQ process, reaches the same state.
 */

export type RedemptionStatus = 'accepted' | 'conflict' | 'resolved' | 'voided';

/** One redemption of a code as the decision sees it. */
export interface CodeRedemption {
  id: string;
  tillId: string;
  hlc: string;
  voided: boolean;
  /** Set when a manager resolved this redemption's conflict (it stays a loser, marked resolved). */
  resolution: string | null;
  note: string | null;
  /** Stored with an HLC no honest till could have: ranked after every believable redemption. */
  clockSuspect?: boolean;
}

export interface CodeDecision {
  id: string;
  status: RedemptionStatus;
  /** For losers: the winner holding the last use. */
  winnerId: string | null;
}

/** The order of the rule: believable clocks first, then earliest HLC, then till id, then redemption id (total, so deterministic). */
export function compareRedemptions(a: CodeRedemption, b: CodeRedemption): number {
  return (
    Number(a.clockSuspect === true) - Number(b.clockSuspect === true) ||
    compareHlc(a.hlc, b.hlc) ||
    (a.tillId < b.tillId ? -1 : a.tillId > b.tillId ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Decides every redemption of one code. `usesAllowed` is the campaign's uses per code (>= 1). */
export function decideCode(redemptions: readonly CodeRedemption[], usesAllowed: number): CodeDecision[] {
  const live = redemptions.filter((r) => !r.voided).sort(compareRedemptions);
  const winners = live.slice(0, usesAllowed);
  const lastWinner = winners[winners.length - 1]?.id ?? null;
  const out: CodeDecision[] = [];
  live.forEach((r, rank) => {
    if (rank < usesAllowed) out.push({ id: r.id, status: 'accepted', winnerId: null });
    else out.push({ id: r.id, status: r.resolution ? 'resolved' : 'conflict', winnerId: lastWinner });
  });
  for (const r of redemptions) if (r.voided) out.push({ id: r.id, status: 'voided', winnerId: null });
  return out;
}

/** Winning (use-holding) redemptions per till, for spentElsewhere. */
export function usesByTill(redemptions: readonly CodeRedemption[], decisions: readonly CodeDecision[]): Record<string, number> {
  const tillOf = new Map(redemptions.map((r) => [r.id, r.tillId]));
  const out: Record<string, number> = {};
  for (const d of decisions) {
    if (d.status !== 'accepted') continue;
    const till = tillOf.get(d.id)!;
    out[till] = (out[till] ?? 0) + 1;
  }
  return out;
}

/**
 * The verdict a till receives for one of its redemptions (voided ones get none: the till voided it
 * itself). `winners` describes winning redemptions by id (services/winners.ts).
 */
export function verdictOf(
  d: CodeDecision,
  r: Pick<CodeRedemption, 'resolution' | 'note'>,
  winners: ReadonlyMap<string, HqWinner> = new Map(),
): HqVerdict | null {
  if (d.status === 'voided') return null;
  const v: HqVerdict = { redemptionId: d.id, status: d.status };
  if (d.winnerId) v.winnerId = d.winnerId;
  const winner = d.winnerId ? winners.get(d.winnerId) : undefined;
  if (winner) v.winner = winner;
  if (d.status === 'resolved' && r.resolution) v.resolution = r.resolution as 'accepted_as_loss' | 'charged_back';
  if (d.status === 'resolved' && r.note) v.note = r.note;
  return v;
}

export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
