import type { ScanSource } from '../../../shared/scan';
import { WedgeDetector, type WedgeOptions, type WedgeResult } from '../../../shared/scan/wedge';
import { isScanRun } from '../../../shared/scan/wedgePace';

/**
 * Window-level keyboard capture that keeps keyboard-wedge scans out of the wrong field.
 *
 * - In the scan field keys go straight in (no latency, no risk of splitting a slow scan); a
 *   terminator (Enter, Tab, a chord) submits the field's text, and so does the pause after a
 *   scanner-paced run with no terminator. The key timing says whether a scanner ("wedge") or
 *   a person ("manual") typed it.
 * - In any other field (basket total, PIN, member id, manager approval, settings) and with no
 *   field focused, the WedgeDetector (shared/scan/wedge) holds keys back while the run may be a
 *   scan: a scan goes to the scan pipeline and never lands in the field; typing is given back
 *   into the field in order. A scan or a scan's tail in a secret field (a PIN) clears it.
 * The detector judges by the key events' own timestamps, so a busy page does not change verdicts.
 */

export type KeyTarget = 'scan' | 'field' | 'secret' | 'none';

export interface KeyInput {
  /** Key name as wedgeKeyFromEvent gives it (e.key, or a chord like "Ctrl+Shift+J"). */
  key: string;
  /** Event time, ms (KeyboardEvent.timeStamp, same clock as performance.now()). */
  at: number;
  target: KeyTarget;
  /** Scan field only: how many characters it holds before this key. */
  fieldLength?: number;
}

/** What the DOM listener must do with the key: let it be, swallow it, or submit the scan field (and swallow). */
export type KeyDecision = 'default' | 'swallow' | 'submit';

export interface CaptureSink {
  /** A complete scan typed outside the scan field. */
  onScan(text: string, source: ScanSource): void;
  /** Typing the detector held back and gave back: put it into the field it was typed in. */
  release(text: string, target: KeyTarget): void;
  /** A scan (or its tail) was typed while a secret field had focus: empty that field. */
  clearSecret?(): void;
  /** The tail of a scan a stall split was swallowed (for a notice). */
  onFragment?(keys: string): void;
  /** The scan field holds a scanner-paced run and the pause after it has passed: submit it. */
  submitScanField?(): void;
}

export interface TimerHost {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export class KeyCapture {
  private detector: WedgeDetector;
  private options: WedgeOptions;
  private timer: unknown = null;
  private scanFieldTimer: unknown = null;
  private heldTarget: KeyTarget = 'none';
  /** Key times of the scan field's current entry, to tell a scanner from a person. */
  private scanFieldTimes: number[] = [];

  constructor(
    private readonly sink: CaptureSink,
    private readonly timers: TimerHost,
    options: WedgeOptions = {},
  ) {
    this.options = options;
    this.detector = new WedgeDetector(options);
  }

  /** The scanner settings in use (learned or defaults): pace, terminator, affixes. */
  setOptions(options: WedgeOptions): void {
    this.giveBack();
    this.options = options;
    this.detector = new WedgeDetector(options);
  }

  keydown(input: KeyInput): KeyDecision {
    if (input.target === 'scan') {
      this.giveBack();
      return this.scanFieldKey(input);
    }
    if (input.target !== this.heldTarget) this.giveBack();
    this.heldTarget = input.target;
    this.detector.guardTail = input.target === 'secret';
    const out = this.detector.onKey(input.key, input.at);
    const swallow = this.detector.swallowing;
    this.handle(out);
    this.armTimer();
    return swallow ? 'swallow' : 'default';
  }

  /** Source of what the scan field holds now, judged from its key timing. Resets the timing. */
  takeScanFieldSource(length: number, terminatorAt?: number): ScanSource {
    const scanned = length > 0 && this.scanFieldTimes.length >= length && this.scanFieldIsScan(terminatorAt);
    this.scanFieldTimes = [];
    this.cancel('scanFieldTimer');
    return scanned ? 'wedge' : 'manual';
  }

  /** Focus moved: whatever was held is typing and goes back where it was typed. */
  giveBack(): void {
    this.cancel('timer');
    this.handle(this.detector.flush(Number.POSITIVE_INFINITY));
  }

  dispose(): void {
    this.cancel('timer');
    this.cancel('scanFieldTimer');
    this.detector.reset();
  }

  private scanFieldKey(input: KeyInput): KeyDecision {
    const terminator = isTerminatorKey(input.key, this.options);
    // A chord (Ctrl+Shift+J) ends a scan only after a scanner-paced run: Ctrl+V or Alt+2 from a person stays theirs.
    const chord = terminator && input.key !== 'Enter' && input.key !== 'Tab';
    if (chord && !this.scanFieldIsScan(input.at)) return 'default';
    if (terminator) {
      if ((input.fieldLength ?? 0) > 0) return 'submit';
      this.scanFieldTimes = [];
      return input.key === 'Tab' ? 'default' : 'swallow'; // Enter on an empty field: nothing to do
    }
    if ([...input.key].length === 1) {
      const last = this.scanFieldTimes[this.scanFieldTimes.length - 1];
      // A pause longer than a scanner's ends the entry: a suffix-less scan before it is submitted
      // (by the keys' own times, even when this key reached the page before the pause timer fired).
      if (last !== undefined && input.at - last > this.scanFieldWait()) {
        if (this.scanFieldIsScan() && this.sink.submitScanField && !this.options.requireTerminator) this.sink.submitScanField();
        this.scanFieldTimes = [];
      }
      this.scanFieldTimes.push(input.at);
      this.armScanFieldTimer(input.at);
    } else if (input.key === 'Backspace' || input.key === 'Delete' || input.key === 'Escape') {
      this.scanFieldTimes = [];
      this.cancel('scanFieldTimer');
    }
    return 'default';
  }

  /** No terminator: when the pause after a scanner-paced run passes, the run is a scan (scanners set up without a suffix). */
  private armScanFieldTimer(lastKeyAt: number): void {
    if (this.options.requireTerminator || !this.sink.submitScanField) return;
    this.cancel('scanFieldTimer');
    // Due by the key's own time (like the detector's): a late page does not cut a run short.
    const due = lastKeyAt + this.scanFieldWait() + 1;
    this.scanFieldTimer = this.timers.set(
      () => {
        this.scanFieldTimer = null;
        if (this.scanFieldIsScan()) this.sink.submitScanField?.();
      },
      Math.max(0, due - this.timers.now()),
    );
  }

  /** The pause that ends a scan-field entry with no terminator (as in the detector: a stall may join). */
  private scanFieldWait(): number {
    return this.detector.maxGapMs + (this.options.expectTerminator === false ? 0 : this.detector.joinMs);
  }

  private scanFieldIsScan(terminatorAt?: number): boolean {
    const times = terminatorAt === undefined ? this.scanFieldTimes : [...this.scanFieldTimes, terminatorAt];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    return isScanRun(this.scanFieldTimes.length, gaps, this.detector.pace);
  }

  private handle(out: WedgeResult): void {
    if (!out) return;
    if (out.kind === 'typing') {
      this.sink.release(out.keys, this.heldTarget);
      return;
    }
    if (this.heldTarget === 'secret') this.sink.clearSecret?.(); // no key of a scan may stay in a PIN
    if (out.kind === 'scan') this.sink.onScan(out.text, 'wedge');
    else this.sink.onFragment?.(out.keys);
  }

  private armTimer(): void {
    this.cancel('timer');
    const due = this.detector.nextFlushAt();
    if (due === null) return;
    // No next key by then: the run has ended. The detector decides on the key events' times; the
    // timer only wakes it. A timer that fired late (a busy page) yields once so that keys already
    // queued are seen first, instead of cutting the run at the wrong place.
    const fire = (late: boolean) => {
      this.timer = null;
      const now = this.timers.now();
      if (!late && now - due > 30) {
        this.timer = this.timers.set(() => fire(true), 0);
        return;
      }
      this.handle(this.detector.flush(Math.max(now, due)));
      this.armTimer();
    };
    this.timer = this.timers.set(() => fire(false), Math.max(0, due - this.timers.now()));
  }

  private cancel(which: 'timer' | 'scanFieldTimer'): void {
    if (this[which] !== null) this.timers.clear(this[which]);
    this[which] = null;
  }
}

/** The keys that end a scan in the scan field: the configured terminators (Enter, Tab) and Ctrl/Alt chords. */
function isTerminatorKey(key: string, options: WedgeOptions): boolean {
  if ((options.terminators ?? ['Enter', 'Tab']).includes(key)) return true;
  return (options.chordTerminators ?? true) && key.length > 1 && /^(Ctrl|Alt|Meta)\+/.test(key);
}
