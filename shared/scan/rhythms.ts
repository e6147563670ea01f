/**
 * Recorded-looking keystroke rhythms for tests, the e2e spec and bench:scan: scanners at USB
 * and Bluetooth pace, and people typing at measured intervals. Seeded, so a failure replays.
 *
 * Where the numbers come from (SCANNERS.md, "Bluetooth pace" and "Keyboard wedge"):
 * - USB scanners: 1-8 ms per key.
 * - Bluetooth scanners: 20-60 ms per key on average; often bunched (the radio batches reports:
 *   several keys within 1-2 ms, then a 40-80 ms gap), otherwise evenly with jitter.
 * - People: inter-key intervals as measured in large typing studies (Dhakal et al., CHI 2018,
 *   136 M keystrokes: mean about 240 ms, the fastest typists about 120 ms), with the fastest 5%
 *   of intervals anywhere in 16-95 ms, the band scanners share.
 */

export interface Keystroke {
  key: string;
  /** ms from the start of the recording. */
  at: number;
}

/** mulberry32: a small seeded PRNG (deterministic across platforms). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (rnd: () => number, lo: number, hi: number) => lo + (hi - lo) * rnd();

function fromIntervals(keys: readonly string[], intervals: (i: number) => number, start: number): Keystroke[] {
  let t = start;
  return keys.map((key, i) => ({ key, at: (t += i === 0 ? 0 : intervals(i)) }));
}

/** A suffix the scanner adds: a key name ('Enter', 'Tab', 'Ctrl+Shift+J'), or none. */
export type Suffix = 'Enter' | 'Tab' | 'none' | string;

function withSuffix(keys: string[], suffix: Suffix): string[] {
  return suffix === 'none' ? keys : [...keys, suffix];
}

/** A USB scanner: 1-8 ms per key. */
export function usbScan(text: string, suffix: Suffix, seed: number, start = 0): Keystroke[] {
  const rnd = seededRandom(seed);
  return fromIntervals(withSuffix([...text], suffix), () => Math.round(uniform(rnd, 1, 8)), start);
}

/**
 * A Bluetooth scanner at `paceMs` per key on average (20-60). Bunched: the radio sends 60/pace
 * keys per connection event on average (events 40-80 ms apart), keys within an event 0-2 ms apart. Not bunched:
 * every key `paceMs` apart, with +-50% jitter.
 */
export function bluetoothScan(text: string, suffix: Suffix, paceMs: number, bunched: boolean, seed: number, start = 0): Keystroke[] {
  const rnd = seededRandom(seed);
  const keys = withSuffix([...text], suffix);
  if (!bunched) return fromIntervals(keys, () => Math.round(paceMs * uniform(rnd, 0.5, 1.5)), start);
  const perEvent = 60 / paceMs; // mean keys per radio event, so the mean interval is paceMs
  const out: Keystroke[] = [];
  let t = start;
  let i = 0;
  while (i < keys.length) {
    const k = Math.max(1, Math.floor(perEvent) + (rnd() < perEvent - Math.floor(perEvent) ? 1 : 0));
    for (let j = 0; j < k && i < keys.length; j++, i++) {
      if (i > 0) t += j === 0 ? 0 : Math.round(uniform(rnd, 0, 2));
      out.push({ key: keys[i]!, at: t });
    }
    t += Math.round(uniform(rnd, 40, 80));
  }
  return out;
}

/** How fast a person types: the median of their usual intervals (the fastest 5% are faster still). */
export const TYPISTS = { fastest: 120, fast: 160, typical: 240, slow: 400 } as const;
export type Typist = keyof typeof TYPISTS;

/** One measured-looking human interval: 5% in the 16-95 ms band, the rest log-normal about the typist's median. */
export function humanInterval(rnd: () => number, typist: Typist): number {
  if (rnd() < 0.05) return Math.round(uniform(rnd, 16, 95));
  // Box-Muller normal; sigma 0.35 in log space (the spread within one typist's usual keys).
  const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return Math.max(96, Math.round(TYPISTS[typist] * Math.exp(0.35 * z)));
}

/** A person typing `text` (then `suffix` when not 'none') at measured intervals. */
export function humanTyping(text: string, suffix: Suffix, typist: Typist, seed: number, start = 0): Keystroke[] {
  const rnd = seededRandom(seed);
  return fromIntervals(withSuffix([...text], suffix), () => humanInterval(rnd, typist), start);
}

/** The same keys with a stall of `stallMs` before key `at` (a busy machine, a radio hiccup). */
export function withStall(keys: readonly Keystroke[], at: number, stallMs: number): Keystroke[] {
  return keys.map((k, i) => (i >= at ? { ...k, at: k.at + stallMs } : k));
}

/** Every pace band bench:scan and the tests go through. */
export const PACE_BANDS = [
  { name: 'USB 1-8 ms', make: (text: string, suffix: Suffix, seed: number) => usbScan(text, suffix, seed) },
  { name: 'BT 20 ms bunched', make: (text: string, suffix: Suffix, seed: number) => bluetoothScan(text, suffix, 20, true, seed) },
  { name: 'BT 40 ms bunched', make: (text: string, suffix: Suffix, seed: number) => bluetoothScan(text, suffix, 40, true, seed) },
  { name: 'BT 30 ms jitter', make: (text: string, suffix: Suffix, seed: number) => bluetoothScan(text, suffix, 30, false, seed) },
  { name: 'BT 60 ms jitter', make: (text: string, suffix: Suffix, seed: number) => bluetoothScan(text, suffix, 60, false, seed) },
  { name: 'BT 60 ms bunched', make: (text: string, suffix: Suffix, seed: number) => bluetoothScan(text, suffix, 60, true, seed) },
] as const;
