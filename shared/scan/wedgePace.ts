/**
 * Is this run of keys a scanner or a person? Judged on the run as a whole, never on one interval
 * (SCANNERS.md "Bluetooth pace"): people hit single keys as fast as 16-95 ms apart (their fastest
 * 5%), and Bluetooth scanners average 20-60 ms per key with bunching (several keys within 1-2 ms,
 * then a 40-80 ms gap). What a person never does is keep a long run with almost no interval
 * slower than a scanner's slowest; so a run is a scan when:
 *   - it has at least `minLength` keys at USB pace (median interval <= `fastMedianMs`), or
 *   - at least `minSlowLength` keys with median <= `maxMedianIntervalMs` AND at most
 *     `maxSlowShare` of its intervals longer than `slowIntervalMs`.
 * Pure: intervals in ms from any steady clock (the key events' own timestamps).
 */

export interface PaceRules {
  /** Fewest keys of a run at USB pace. Default 6. */
  minLength: number;
  /** Fewest keys of a slower (Bluetooth) run. Default 8. */
  minSlowLength: number;
  /** Median interval at or under which a run is USB pace. Default 25 ms. */
  fastMedianMs: number;
  /** Largest median interval of a scan. Default 85 ms (any pace up to 60 ms/key, with +-50% jitter, on a short code). */
  maxMedianIntervalMs: number;
  /** An interval longer than this is slower than a scanner's usual slowest key. Default 100 ms. */
  slowIntervalMs: number;
  /** Share of intervals allowed over `slowIntervalMs` in a slower run (radio hiccups, a short stall). Default 0.15. */
  maxSlowShare: number;
}

/** Defaults with nothing learned: any scanner up to 60 ms per key. */
export const DEFAULT_PACE: PaceRules = {
  minLength: 6,
  minSlowLength: 8,
  fastMedianMs: 25,
  maxMedianIntervalMs: 85,
  slowIntervalMs: 100,
  maxSlowShare: 0.15,
};

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function slowShare(gaps: readonly number[], rules: PaceRules): number {
  return gaps.length === 0 ? 0 : gaps.filter((g) => g > rules.slowIntervalMs).length / gaps.length;
}

/** True when `keys` keys with these intervals (terminator's included, when there was one) are a scan. */
export function isScanRun(keys: number, gaps: readonly number[], rules: PaceRules): boolean {
  if (gaps.length === 0) return false;
  const m = median(gaps);
  if (keys >= rules.minLength && m <= Math.min(rules.fastMedianMs, rules.maxMedianIntervalMs)) return true;
  return keys >= rules.minSlowLength && m <= rules.maxMedianIntervalMs && slowShare(gaps, rules) <= rules.maxSlowShare;
}

/**
 * True when a run too short to be a scan still has a scanner's pace (no interval slower than a
 * scanner's): the start or the tail of a scan a stall split in two.
 */
export function hasScanPace(gaps: readonly number[], rules: PaceRules): boolean {
  return gaps.length > 0 && median(gaps) <= rules.maxMedianIntervalMs && gaps.every((g) => g <= rules.slowIntervalMs);
}

/**
 * True once a run can no longer become a scan (a person): its median is slower than a scanner's
 * slowest key, or more of its intervals are slow than a scan may have. Needs 3 intervals.
 */
export function isPersonRun(gaps: readonly number[], rules: PaceRules): boolean {
  if (gaps.length < 3) return false;
  if (median(gaps) > rules.slowIntervalMs) return true;
  // A scan allows a few slow intervals (radio hiccups), never a third of them.
  const slow = gaps.filter((g) => g > rules.slowIntervalMs).length;
  return slow >= 3 && slow / gaps.length > 0.3;
}
