/**
 * Keyboard-wedge scan detection: tells a scanner that the OS types for from a person typing,
 * so a scan never lands in the focused field and a fast typist is never taken for a scanner.
 * Pure: no DOM (the caller passes key names and times).
 *
 * A single interval cannot tell them apart (people hit single keys 20-60 ms apart). A RUN can:
 * a scan is at least `minLength` printable keys whose MEDIAN interval is at most
 * `maxMedianIntervalMs`, ended by a terminator (Enter, Tab, or a chord such as Ctrl+Shift+J).
 * A pause longer than `maxGapMs` ends a run. Slow Bluetooth scanners (20-60 ms per key) need
 * `WEDGE_PRESETS.bluetooth`: a higher median with a longer run.
 *
 * Usage in a keydown handler (capture phase, on window):
 * ```ts
 * const wedge = new WedgeDetector(WEDGE_PRESETS.usb);
 * window.addEventListener('keydown', (e) => {
 *   const out = wedge.onKey(wedgeKeyFromEvent(e), e.timeStamp);
 *   if (wedge.swallowing) e.preventDefault();           // held back, or a scan's terminator
 *   if (out?.kind === 'typing') insertIntoFocusedField(out.keys); // give held keys back, in order
 *   if (out?.kind === 'scan') onScan(out.text);
 *   clearTimeout(t); t = setTimeout(() => handle(wedge.flush(performance.now())), wedge.maxGapMs + 1);
 * }, true);
 * ```
 * Held keys come back as `typing` before the key that follows them takes its default action,
 * so a person's text keeps its order; a person sees a key at most `maxGapMs` late.
 */

export interface WedgeOptions {
  /** Fewest printable keys in a scan (prefix and suffix included). Default 6. */
  minLength?: number;
  /** Largest median interval between the keys of a scan. Default 25 ms (USB scanners: 1-10 ms). */
  maxMedianIntervalMs?: number;
  /** A pause longer than this ends a run. Default 80 ms. */
  maxGapMs?: number;
  /** Key names that end a scan. Default Enter and Tab. */
  terminators?: readonly string[];
  /** Chords (keys with Ctrl/Alt/Meta, as `wedgeKeyFromEvent` names them) also end a scan. Default true. */
  chordTerminators?: boolean;
  /** When false, a fast long run that ends in a pause is a scan too (scanners set up without a suffix). Default true. */
  requireTerminator?: boolean;
  /** After this many keys, a run too slow to be a scan is given back as typing at once. Default 4. */
  decideAfter?: number;
  /** Characters the scanner adds before / after each code, stripped once when present. */
  prefix?: string;
  suffix?: string;
}

/** Starting points; spread and override (`{ ...WEDGE_PRESETS.bluetooth, suffix: '#' }`). */
export const WEDGE_PRESETS = {
  usb: { minLength: 6, maxMedianIntervalMs: 25, maxGapMs: 80 },
  /** Bluetooth scanners type 20-60 ms per key: accept that only for long, terminated runs. */
  bluetooth: { minLength: 12, maxMedianIntervalMs: 60, maxGapMs: 150, decideAfter: 8 },
} as const satisfies Record<string, WedgeOptions>;

export type WedgeResult = { kind: 'scan'; text: string } | { kind: 'typing'; keys: string } | null;

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'OS']);

/** One printable character (a code point), as KeyboardEvent.key gives it. */
function isPrintable(key: string): boolean {
  return key.length === 1 || (key.length === 2 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(key));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
  readonly minLength: number;
  readonly maxMedianIntervalMs: number;
  readonly maxGapMs: number;
  private readonly terminators: ReadonlySet<string>;
  private readonly options: WedgeOptions;
  private held: { key: string; at: number }[] = [];
  /** 'holding': the run may be a scan, keys are held back; 'passing': a person, keys go through. */
  private mode: 'idle' | 'holding' | 'passing' = 'idle';
  private lastAt: number | null = null;
  private swallow = false;

  constructor(options: WedgeOptions = {}) {
    this.options = options;
    this.minLength = options.minLength ?? WEDGE_PRESETS.usb.minLength;
    this.maxMedianIntervalMs = options.maxMedianIntervalMs ?? WEDGE_PRESETS.usb.maxMedianIntervalMs;
    this.maxGapMs = options.maxGapMs ?? WEDGE_PRESETS.usb.maxGapMs;
    this.terminators = new Set(options.terminators ?? ['Enter', 'Tab']);
  }

  /**
   * True when the key just passed to `onKey` was taken by the detector (held back while the run
   * may be a scan, or the terminator of a scan): the caller must preventDefault it.
   */
  get swallowing(): boolean {
    return this.swallow;
  }

  /** Feeds one keydown (`key` as `wedgeKeyFromEvent` names it, `at` in ms on any steady clock). */
  onKey(key: string, at: number): WedgeResult {
    this.swallow = false;
    if (MODIFIER_KEYS.has(key)) return null; // Shift before a capital: not part of the run
    let out: WedgeResult = null;
    if (this.lastAt !== null && at - this.lastAt > this.maxGapMs) out = this.endRun(null);
    if (this.isTerminator(key)) {
      const ended = this.mode === 'holding' ? this.endRun(at) : (this.reset(), null);
      return out ?? ended;
    }
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
    const decideAfter = this.options.decideAfter ?? 4;
    if (this.held.length >= decideAfter && median(this.intervals(null)) > this.maxMedianIntervalMs) {
      // Too slow for a scanner: a person. Give back the earlier keys; this one goes through itself.
      const earlier = this.held.slice(0, -1).map((k) => k.key).join('');
      this.held = [];
      this.mode = 'passing';
      this.swallow = false;
      return out ?? (earlier ? { kind: 'typing', keys: earlier } : null);
    }
    return out;
  }

  /**
   * Call when no key came for a while (a timer `maxGapMs + 1` after the last key): ends the run
   * if its pause is long enough, giving held keys back as typing (or a scan, when
   * `requireTerminator` is false). Returns null when nothing ended.
   */
  flush(at: number): WedgeResult {
    this.swallow = false;
    if (this.lastAt === null || at - this.lastAt <= this.maxGapMs) return null;
    return this.endRun(null);
  }

  /** Forgets the current run without giving anything back (focus moved, screen changed). */
  reset(): void {
    this.held = [];
    this.mode = 'idle';
    this.lastAt = null;
  }

  private isTerminator(key: string): boolean {
    if (this.terminators.has(key)) return true;
    return (this.options.chordTerminators ?? true) && key.length > 1 && /^(Ctrl|Alt|Meta)\+/.test(key);
  }

  private intervals(terminatorAt: number | null): number[] {
    const gaps: number[] = [];
    for (let i = 1; i < this.held.length; i++) gaps.push(this.held[i]!.at - this.held[i - 1]!.at);
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
    const fast = gaps.length > 0 && median(gaps) <= this.maxMedianIntervalMs;
    const isScan =
      this.held.length >= this.minLength && fast && (terminated || this.options.requireTerminator === false);
    if (!isScan) return this.giveBack();
    const text = this.stripAffixes(this.held.map((k) => k.key).join(''));
    this.reset();
    this.swallow = terminated; // the scan's terminator must not submit a form or move focus
    return text ? { kind: 'scan', text } : null;
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
