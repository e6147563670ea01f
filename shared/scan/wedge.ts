/**
 * Keyboard-wedge scan detection: tells a scanner that the OS types for from a person typing,
 * so a scan never lands in the focused field (a PIN above all) and a fast typist is never taken
 * for a scanner. Pure: no DOM (the caller passes key names and the key events' own timestamps).
 *
 * A run of keys is judged as a whole (shared/scan/wedgePace: count, median, share of slow
 * intervals), so one detector takes USB scanners (1-10 ms/key) and Bluetooth ones (20-60 ms/key,
 * bunched) with no setting. A run ends at a terminator (Enter, Tab, a Ctrl/Alt chord) or at a
 * pause longer than `maxGapMs` (scanners set up with no suffix). Two things guard against a
 * burst a stall split in two (a busy machine, a radio hiccup):
 *   - a run with a scanner's pace that pauses is held `joinMs` longer, so its rest joins it;
 *   - keys with a scanner's pace within `tailMs` after a scan are its tail ("fragment"): never
 *     typed into a field, and a terminator there (the LF of CR+LF) never submits a form.
 *
 * Usage in a keydown handler (capture phase, on window):
 * ```ts
 * const wedge = new WedgeDetector();
 * window.addEventListener('keydown', (e) => {
 *   const out = wedge.onKey(wedgeKeyFromEvent(e), e.timeStamp);
 *   if (wedge.swallowing) e.preventDefault();           // held back, or a scan's terminator
 *   if (out?.kind === 'typing') insertIntoFocusedField(out.keys); // give held keys back, in order
 *   if (out?.kind === 'scan') onScan(out.text);
 *   clearTimeout(t); t = setTimeout(() => handle(wedge.flush(performance.now())), wedge.nextFlushAt()! - performance.now());
 * }, true);
 * ```
 */
import { DEFAULT_PACE, hasScanPace, isPersonRun, isScanRun, type PaceRules } from './wedgePace';

export interface WedgeOptions extends Partial<PaceRules> {
  /** A pause longer than this ends a run. Default 150 ms (a Bluetooth scanner's batches come 40-80 ms apart). */
  maxGapMs?: number;
  /** A scanner-paced run that paused may go on within this much more (a stall). Default 300 ms. */
  joinMs?: number;
  /** Scanner-paced keys this soon after a scan are its tail, never typing. Default 1500 ms. */
  tailMs?: number;
  /** Key names that end a scan. Default Enter and Tab. */
  terminators?: readonly string[];
  /** Chords (keys with Ctrl/Alt/Meta, as `wedgeKeyFromEvent` names them) also end a scan. Default true. */
  chordTerminators?: boolean;
  /** True: a run that ends in a pause is never a scan. Default false (scanners set up with no suffix). */
  requireTerminator?: boolean;
  /**
   * Whether this scanner sends a terminator. Unknown (the default) or true: a scan that ends in a
   * pause waits `joinMs` more for the rest of a burst a stall split. False (learned: no suffix):
   * a scan ends as soon as the pause passes `maxGapMs`.
   */
  expectTerminator?: boolean;
  /** Keys before a run may be judged a person's and passed through. Default 4. */
  decideAfter?: number;
  /** Characters the scanner adds before / after each code, stripped once when present. */
  prefix?: string;
  suffix?: string;
}

/** Starting points; spread and override (`{ ...WEDGE_PRESETS.bluetooth, suffix: '#' }`). */
export const WEDGE_PRESETS = {
  /** A USB scanner (1-10 ms per key): quicker to give typing back, never takes a slower run. */
  usb: { minLength: 6, maxMedianIntervalMs: 25, maxGapMs: 80 },
  /** A Bluetooth scanner (20-60 ms per key, bunched): the defaults, named. */
  bluetooth: { maxMedianIntervalMs: DEFAULT_PACE.maxMedianIntervalMs, maxGapMs: 150 },
} as const satisfies Record<string, WedgeOptions>;

export type WedgeResult =
  | { kind: 'scan'; text: string }
  | { kind: 'typing'; keys: string }
  /** The tail of a scan a stall split: swallowed, typed nowhere. */
  | { kind: 'fragment'; keys: string }
  | null;

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'OS']);

/** One printable character (a code point), as KeyboardEvent.key gives it. */
function isPrintable(key: string): boolean {
  return key.length === 1 || (key.length === 2 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(key));
}

/**
 * The key name WedgeDetector expects from a KeyboardEvent: `e.key`, or a chord name such as
 * "Ctrl+Shift+J" when Ctrl, Alt or Meta is held. Ctrl+Alt with a printable key is AltGr on
 * European layouts, so it stays a character.
 */
export function wedgeKeyFromEvent(e: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }): string {
  if (MODIFIER_KEYS.has(e.key)) return e.key;
  const altGr = e.ctrlKey && e.altKey && !e.metaKey && isPrintable(e.key);
  if (altGr || !(e.ctrlKey || e.altKey || e.metaKey)) return e.key;
  const parts = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.metaKey && 'Meta', e.shiftKey && 'Shift'].filter(Boolean);
  return [...parts, isPrintable(e.key) ? e.key.toUpperCase() : e.key].join('+');
}

/** Decides, key by key, whether a burst of keystrokes is a scan or a person typing. */
export class WedgeDetector {
  readonly maxGapMs: number;
  readonly joinMs: number;
  readonly tailMs: number;
  readonly pace: PaceRules;
  private readonly terminators: ReadonlySet<string>;
  private readonly options: WedgeOptions;
  private held: { key: string; at: number }[] = [];
  /** Indices in `held` whose interval before them was a stall the run was joined across. */
  private stalls = new Set<number>();
  /** 'holding': the run may be a scan, keys are held back; 'passing': a person, keys go through. */
  private mode: 'idle' | 'holding' | 'passing' = 'idle';
  private lastAt: number | null = null;
  /** Time of the last key (or terminator) of the last scan. */
  private scanEndedAt = Number.NEGATIVE_INFINITY;
  private swallow = false;
  /**
   * Set for a secret field (a PIN): a start of 3 or more keys given back as typing with no
   * interval slower than a scanner's also opens the tail window for runs of 2 or more keys, so
   * the rest of a short code split by a long stall cannot submit the field. A person who types so
   * fast, pauses, then hits the rest and Enter within 1.5 s at a scanner's pace sees the entry
   * cleared (with a notice): never a scan's keys submitted as a PIN.
   */
  guardTail = false;
  private pacedStartEndedAt = Number.NEGATIVE_INFINITY;

  constructor(options: WedgeOptions = {}) {
    this.options = options;
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.pace = { ...DEFAULT_PACE, ...(defined as Partial<PaceRules>) };
    this.maxGapMs = options.maxGapMs ?? 150;
    this.joinMs = options.joinMs ?? 300;
    this.tailMs = options.tailMs ?? 1_500;
    this.terminators = new Set(options.terminators ?? ['Enter', 'Tab']);
  }

  /**
   * True when the key just passed to `onKey` was taken by the detector (held back while the run
   * may be a scan, a scan's terminator, or a scan's tail): the caller must preventDefault it.
   */
  get swallowing(): boolean {
    return this.swallow;
  }

  /** When the caller should call `flush` if no key comes first (same clock as `at`), or null. */
  nextFlushAt(): number | null {
    if (this.mode !== 'holding' || this.lastAt === null) return null;
    return this.lastAt + this.maxGapMs + (this.waitsForRest() ? this.joinMs : 0) + 1;
  }

  /** Feeds one keydown (`key` as `wedgeKeyFromEvent` names it, `at` in ms on any steady clock). */
  onKey(key: string, at: number): WedgeResult {
    this.swallow = false;
    if (MODIFIER_KEYS.has(key)) return null; // Shift before a capital: not part of the run
    let out: WedgeResult = null;
    if (this.lastAt !== null && at - this.lastAt > this.maxGapMs) {
      const stalled = this.mode === 'holding' && this.waitsForRest() && at - this.lastAt <= this.maxGapMs + this.joinMs;
      if (stalled && isPrintable(key)) this.stalls.add(this.held.length);
      else if (!stalled) out = this.endRun(null);
    }
    if (this.isTerminator(key)) return out ?? this.onTerminator(at);
    if (!isPrintable(key)) {
      // Backspace, arrows, Escape ...: a person is editing. Give back what was held; the key goes through.
      const ended = this.mode === 'holding' ? this.giveBack() : (this.reset(), null);
      return out ?? ended;
    }
    this.lastAt = at;
    if (this.mode === 'passing') return out;
    this.mode = 'holding';
    this.held.push({ key, at });
    this.swallow = true;
    if (this.held.length >= (this.options.decideAfter ?? 4) && isPersonRun(this.intervals(null), this.pace)) {
      // A person. Give back the earlier keys; this one goes through itself.
      const earlier = this.held
        .slice(0, -1)
        .map((k) => k.key)
        .join('');
      this.reset();
      this.lastAt = at;
      this.mode = 'passing';
      this.swallow = false;
      return out ?? (earlier ? { kind: 'typing', keys: earlier } : null);
    }
    return out;
  }

  /**
   * Call when no key came for a while (at `nextFlushAt()`): ends the run if its pause is long
   * enough, as a scan (no suffix), typing given back, or a fragment. Null when nothing ended.
   */
  flush(at: number): WedgeResult {
    this.swallow = false;
    const due = this.nextFlushAt();
    if (due === null || at < due) return null;
    return this.endRun(null);
  }

  /** Forgets the current run without giving anything back (focus moved, screen changed). */
  reset(): void {
    this.held = [];
    this.stalls = new Set();
    this.mode = 'idle';
    this.lastAt = null;
  }

  private onTerminator(at: number): WedgeResult {
    if (this.mode === 'holding') return this.endRun(at);
    // The LF of CR+LF (a scanner's pace after the scan's own terminator): never submits a form.
    // Only that soon: a person's Enter a moment after a scan is theirs.
    if (this.mode === 'idle' && at - this.scanEndedAt <= this.pace.slowIntervalMs) this.swallow = true;
    this.reset();
    return null;
  }

  /** True when a run that paused may still go on: a scan that expects its terminator, or a scanner-paced start. One stall per run. */
  private waitsForRest(): boolean {
    if (this.stalls.size > 0) return false;
    const gaps = this.intervals(null);
    if (isScanRun(this.held.length, gaps, this.pace)) return this.options.expectTerminator !== false || !!this.options.requireTerminator;
    return this.held.length >= 2 && hasScanPace(gaps, this.pace);
  }

  private isTerminator(key: string): boolean {
    if (this.terminators.has(key)) return true;
    return (this.options.chordTerminators ?? true) && key.length > 1 && /^(Ctrl|Alt|Meta)\+/.test(key);
  }

  /** Intervals between held keys (stalls left out), and to the terminator when there is one. */
  private intervals(terminatorAt: number | null): number[] {
    const gaps: number[] = [];
    for (let i = 1; i < this.held.length; i++) if (!this.stalls.has(i)) gaps.push(this.held[i]!.at - this.held[i - 1]!.at);
    const last = this.held[this.held.length - 1];
    if (terminatorAt !== null && last) gaps.push(terminatorAt - last.at);
    return gaps;
  }

  /** Ends the run: at a terminator (`terminatorAt`), or after a pause (null). */
  private endRun(terminatorAt: number | null): WedgeResult {
    if (this.mode !== 'holding' || this.held.length === 0) {
      this.reset();
      return null;
    }
    const terminated = terminatorAt !== null;
    const gaps = this.intervals(terminatorAt);
    const keys = this.held.map((k) => k.key).join('');
    const startedAt = this.held[0]!.at;
    const endedAt = terminatorAt ?? this.held[this.held.length - 1]!.at;
    const isScan = isScanRun(this.held.length, gaps, this.pace) && (terminated || !this.options.requireTerminator);
    const isTail = !isScan && this.isFragment(startedAt, gaps, terminated);
    if (!isScan && !isTail) {
      if (this.guardTail && this.held.length >= 3 && this.intervals(null).every((g) => g <= this.pace.slowIntervalMs)) this.pacedStartEndedAt = endedAt;
      return this.giveBack();
    }
    this.reset();
    this.scanEndedAt = endedAt;
    this.swallow = terminated; // the terminator must not submit a form or move focus
    if (isTail) return { kind: 'fragment', keys };
    const text = this.stripAffixes(keys);
    return text ? { kind: 'scan', text } : null;
  }

  /**
   * A run too short for a scan is the tail of one a stall split when it ends in a terminator, has
   * a scanner's pace and starts within `tailMs` of a scan; or, whenever it comes, at least 4 keys
   * at USB pace (no person keeps 4 keys and a terminator within 25 ms of each other). Without a
   * terminator only the USB-paced kind within `tailMs`: a person may type soon after a scan.
   */
  private isFragment(startedAt: number, gaps: number[], terminated: boolean): boolean {
    const inTail = startedAt - this.scanEndedAt <= this.tailMs;
    const usbPace = this.held.length >= 4 && gaps.every((g) => g <= this.pace.fastMedianMs);
    if (!terminated) return inTail && usbPace;
    const afterPacedStart = this.guardTail && this.held.length >= 2 && startedAt - this.pacedStartEndedAt <= this.tailMs;
    return ((inTail || afterPacedStart) && hasScanPace(gaps, this.pace)) || usbPace;
  }

  private giveBack(): WedgeResult {
    const keys = this.held.map((k) => k.key).join('');
    this.reset();
    return keys ? { kind: 'typing', keys } : null;
  }

  private stripAffixes(text: string): string {
    const { prefix, suffix } = this.options;
    let out = text;
    if (prefix && out.startsWith(prefix)) out = out.slice(prefix.length);
    if (suffix && out.endsWith(suffix)) out = out.slice(0, -suffix.length);
    return out;
  }
}
