import { isoDateOfDay, localDateTime } from './rules/localTime';

/**
 * Store days: the calendar day at the store (its IANA time zone), written 'YYYY-MM-DD'. The
 * manager's log, its running totals and the end-of-day report count by store day and store
 * hour, never by the browser's or the machine's day.
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const EPOCH_2020_DAY = 18_262;

export const STORE_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The store day and hour (0-23) of a UTC instant. */
export function storeDayAndHour(at: number, timeZone: string): { day: string; hour: number } {
  const l = localDateTime(at, timeZone);
  return { day: isoDateOfDay(l.day), hour: Math.floor(l.minutesOfDay / 60) };
}

export function storeDayOf(at: number, timeZone: string): string {
  return isoDateOfDay(localDateTime(at, timeZone).day);
}

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isStoreDay(day: string): boolean {
  const m = STORE_DAY_PATTERN.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

/** The day after a store day. */
export function nextStoreDay(day: string): string {
  const m = STORE_DAY_PATTERN.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
}

/**
 * The UTC instant a store day starts (local midnight, or the first local minute after it when
 * a daylight-saving jump skips midnight). Found by correcting a guess with the zone's offset.
 */
export function storeDayStart(day: string, timeZone: string): number {
  const m = STORE_DAY_PATTERN.exec(day);
  if (!m || !isStoreDay(day)) throw new RangeError(`not a day: ${day}`);
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let t = target;
  for (let i = 0; i < 4; i++) {
    const l = localDateTime(t, timeZone);
    const local = (l.day + EPOCH_2020_DAY) * MS_PER_DAY + l.minutesOfDay * MS_PER_MINUTE + (((t % MS_PER_MINUTE) + MS_PER_MINUTE) % MS_PER_MINUTE);
    if (local === target) return t;
    t += target - local;
  }
  // A skipped midnight: the day starts at the first instant whose local day is this one.
  while (storeDayOf(t, timeZone) < day) t += MS_PER_MINUTE;
  while (storeDayOf(t - MS_PER_MINUTE, timeZone) === day) t -= MS_PER_MINUTE;
  return t;
}
