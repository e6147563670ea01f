/**
 * "Scan this test barcode": learns a keyboard scanner's setup from the keys it typed for a code
 * we know (Settings -> Scanner). What it learns is what SCANNERS.md says stores configure: the
 * suffix (Enter, Tab, a Ctrl chord, none), a prefix (a store-chosen string or code-id letter),
 * whether it sends the AIM id, and its pace. Pure: the keys come with their event timestamps.
 */
import { z } from 'zod';
import { median } from './wedgePace';
import type { WedgeOptions } from './wedge';
import type { Keystroke } from './rhythms';
import type { ScanEvent } from '../scan';

/** The test barcode the settings screen shows (Code 128 / QR): plain ASCII, no ']' at the start. */
export const TEST_BARCODE = 'CT-SCANNER-TEST-42';

export const ScannerProfileSchema = z.strictObject({
  suffix: z.enum(['Enter', 'Tab', 'chord', 'none']),
  prefix: z
    .string()
    .max(8)
    .regex(/^[\x20-\x7e]*$/),
  aim: z.boolean(),
  /** Median interval between the scanner's keys, ms. */
  paceMs: z.number().min(0).max(80),
  /** Slowest interval seen inside its scans, ms. */
  maxIntervalMs: z.number().min(0).max(150),
  learnedAt: z.number().int().min(0),
  /**
   * HID POS scanners only: where the device puts the AIM id (learned from the test barcode).
   * A fact about the device that main's report parser is given, never guessed per report.
   */
  aimMode: z.enum(['aim', 'extra-byte-then-aim', 'none']).optional(),
});
export type ScannerProfile = z.infer<typeof ScannerProfileSchema>;

/** Learned profiles by scanner: 'keyboard' (any keyboard-wedge scanner) or a HID device id. */
export const ScannerProfilesSchema = z
  .record(z.string().min(1).max(300), ScannerProfileSchema)
  .refine((r) => Object.keys(r).length <= 16, 'at most 16 scanners');
export const KEYBOARD_SCANNER = 'keyboard';

export type LearnResult = { ok: true; profile: ScannerProfile } | { ok: false; reason: 'not_the_test_code' | 'too_slow' | 'no_keys' };

const AIM = /^\][A-Za-z][0-9A-Za-z]$/;
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);

/**
 * Learns from one or two scans of TEST_BARCODE (keys of both, in order; a pause between them is
 * fine). The typed text must contain the test code once per scan; what comes before it is the
 * prefix (an AIM id is recognised as such), what ends each scan is the suffix.
 */
export function learnScanner(keys: readonly Keystroke[], at: number, testCode = TEST_BARCODE): LearnResult {
  const scans = splitScans(keys.filter((k) => !MODIFIERS.has(k.key)));
  if (scans.length === 0) return { ok: false, reason: 'no_keys' };
  let prefix: string | null = null;
  let aim = false;
  let suffix: ScannerProfile['suffix'] = 'none';
  const gaps: number[] = [];
  for (const scan of scans) {
    const printable = scan.filter((k) => [...k.key].length === 1);
    const text = printable.map((k) => k.key).join('');
    const end = scan[scan.length - 1]!;
    suffix = end.key === 'Enter' ? 'Enter' : end.key === 'Tab' ? 'Tab' : /^(Ctrl|Alt|Meta)\+/.test(end.key) ? 'chord' : 'none';
    const found = text.indexOf(testCode);
    if (found < 0 || text.length !== found + testCode.length) return { ok: false, reason: 'not_the_test_code' };
    let before = text.slice(0, found);
    // The AIM id sits right before the data (after any store prefix), or first.
    if (AIM.test(before.slice(-3))) {
      aim = true;
      before = before.slice(0, -3);
    } else if (AIM.test(before.slice(0, 3))) {
      aim = true;
      before = before.slice(3);
    }
    if (prefix !== null && prefix !== before) return { ok: false, reason: 'not_the_test_code' };
    prefix = before;
    for (let i = 1; i < scan.length; i++) gaps.push(scan[i]!.at - scan[i - 1]!.at);
  }
  const paceMs = Math.round(median(gaps) * 10) / 10;
  const maxIntervalMs = Math.round(Math.max(...gaps));
  if (paceMs > 80 || maxIntervalMs > 150) return { ok: false, reason: 'too_slow' };
  return { ok: true, profile: { suffix, prefix: prefix ?? '', aim, paceMs, maxIntervalMs, learnedAt: at } };
}

/** Scans in a recording: split at terminators and at pauses longer than 500 ms. */
function splitScans(keys: readonly Keystroke[]): Keystroke[][] {
  const out: Keystroke[][] = [];
  let cur: Keystroke[] = [];
  for (const k of keys) {
    const last = cur[cur.length - 1];
    if (last && k.at - last.at > 500) {
      out.push(cur);
      cur = [];
    }
    cur.push(k);
    if (k.key === 'Enter' || k.key === 'Tab' || /^(Ctrl|Alt|Meta)\+/.test(k.key)) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out.filter((s) => s.some((k) => [...k.key].length === 1));
}

/**
 * The wedge detector's settings for a learned scanner: its pace with a margin (never stricter
 * than a USB scanner's, never looser than the defaults'), its terminator expected, and the gap
 * that ends a scan with no suffix: 1.5x its slowest interval (at least 40 ms).
 * With nothing learned: the defaults (Enter, Tab or none; any pace up to 60 ms/key).
 */
export function wedgeOptionsFor(profile: ScannerProfile | undefined, affixes: { prefix: string; suffix: string }): WedgeOptions {
  const base: WedgeOptions = { prefix: profile?.prefix || affixes.prefix, suffix: affixes.suffix };
  if (!profile) return base;
  const maxMedianIntervalMs = Math.min(85, Math.max(25, Math.ceil(profile.paceMs * 1.5 + 10)));
  const maxGapMs = Math.min(150, Math.max(40, Math.ceil(profile.maxIntervalMs * 1.5)));
  return { ...base, maxMedianIntervalMs, maxGapMs, expectTerminator: profile.suffix !== 'none' };
}

/** What a HID scanner learned: the profile, kept under the scanner's own id. */
export type HidLearnResult = { ok: true; deviceId: string; profile: ScannerProfile } | { ok: false; reason: 'not_the_test_code' };

/**
 * Learns a HID POS scanner (main reads it directly) from its scan of the test barcode: main's
 * parser found the AIM id's place by itself on a code we know (`hidLayout`), so the device's AIM
 * mode is saved and main parses every later report with it. Its reports end each scan: no
 * suffix or pace to learn.
 */
export function learnHidScanner(scan: Pick<ScanEvent, 'text' | 'source' | 'device' | 'hidLayout'>, at: number, testCode = TEST_BARCODE): HidLearnResult {
  if (scan.source !== 'hid-pos' || !scan.device || !scan.hidLayout || scan.text !== testCode) return { ok: false, reason: 'not_the_test_code' };
  const aimMode = scan.hidLayout === 'no-aim' ? 'none' : scan.hidLayout;
  return {
    ok: true,
    deviceId: scan.device,
    profile: { suffix: 'none', prefix: '', aim: aimMode !== 'none', paceMs: 0, maxIntervalMs: 0, learnedAt: at, aimMode },
  };
}
