/**
 * Days in signed codes: whole days since 2020-01-01 UTC. A day number keeps the payload at two
 * bytes for the issue date (good until 2199) while still being exact enough for coupon validity,
 * which stores compare against their own local date anyway.
 */

/** 2020-01-01T00:00:00Z in epoch ms: day 0 of the signed-code calendar. */
export const DAY_EPOCH_MS = Date.UTC(2020, 0, 1);
const DAY_MS = 86_400_000;

/** The code-calendar day that contains the UTC instant `epochMs`. */
export function dayNumber(epochMs: number): number {
  if (!Number.isFinite(epochMs)) throw new RangeError('epochMs must be a finite number');
  return Math.floor((epochMs - DAY_EPOCH_MS) / DAY_MS);
}

/** The UTC instant (epoch ms) at which code-calendar day `day` begins. */
export function dayStart(day: number): number {
  if (!Number.isInteger(day)) throw new RangeError('day must be an integer');
  return DAY_EPOCH_MS + day * DAY_MS;
}

/** Day number of a calendar date written YYYY-MM-DD (read as a UTC date), or null when it is not a real date. */
export function dayFromIsoDate(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return dayNumber(ms);
}

/** YYYY-MM-DD of a code-calendar day (UTC). */
export function isoDateOfDay(day: number): string {
  return new Date(dayStart(day)).toISOString().slice(0, 10);
}
