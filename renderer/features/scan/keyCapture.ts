import type { ScanSource } from '../../../shared/scan';
import { WEDGE_PRESETS, WedgeDetector, type WedgeOptions, type WedgeResult } from '../../../shared/scan/wedge';

/**
 * Window-level keyboard capture that keeps keyboard-wedge scans out of the wrong field.
 *
 * - In the scan field keys go straight in (no latency, no risk of splitting a slow scan); on
 *   Enter the field's whole text is the scan, and the key timing only says whether a scanner
 *   ("wedge") or a person ("manual") typed it.
 * - In any other field (basket total, PIN, member id, a manager's filter) and with no field
 *   focused, the WedgeDetector (shared/scan/wedge) holds keys back while the run may be a scan:
 *   a scan goes to the scan pipeline and never lands in the field; typing is given back into
 *   the field in order.
 */

export type KeyTarget = 'scan' | 'field' | 'none';

export interface KeyInput {
  /** Key name as wedgeKeyFromEvent gives it (e.key, or a chord like "Ctrl+Shift+J"). */
  key: string;
  /** Event time, ms (KeyboardEvent.timeStamp, same clock as performance.now()). */
  at: number;
  target: KeyTarget;
}

/** What the DOM listener must do with the key. */
export type KeyDecision = 'default' | 'swallow';

export interface CaptureSink {
  /** A complete scan typed outside the scan field. */
  onScan(text: string, source: ScanSource): void;
  /** Typing the detector held back and gave back: put it into the field it was typed in. */
  release(text: string, target: KeyTarget): void;
}

export interface TimerHost {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

/** Fastest median key interval a person is never taken for; scan-field source judgement. */
const SCAN_FIELD = { minLength: 4, maxMedianIntervalMs: 25 };

export class KeyCapture {
  private detector: WedgeDetector;
  private timer: unknown = null;
  private heldTarget: KeyTarget = 'none';
  /** Key times of the scan field's current entry, to tell a scanner from a person. */
  private scanFieldTimes: number[] = [];

  constructor(
    private readonly sink: CaptureSink,
    private readonly timers: TimerHost,
    options: WedgeOptions = WEDGE_PRESETS.usb,
  ) {
    this.detector = new WedgeDetector(options);
  }

  setOptions(options: WedgeOptions): void {
    this.giveBack();
    this.detector = new WedgeDetector(options);
  }

  keydown(input: KeyInput): KeyDecision {
    if (input.target === 'scan') {
      this.giveBack();
      this.trackScanField(input);
      return 'default';
    }
    if (input.target !== this.heldTarget) this.giveBack();
    this.heldTarget = input.target;
    const out = this.detector.onKey(input.key, input.at);
    const swallow = this.detector.swallowing;
    this.handle(out);
    this.armTimer();
    return swallow ? 'swallow' : 'default';
  }

  /** Source of what the scan field holds now, judged from its key timing. Resets the timing. */
  takeScanFieldSource(length: number): ScanSource {
    const times = this.scanFieldTimes;
    this.scanFieldTimes = [];
    if (length < SCAN_FIELD.minLength || times.length < 2) return 'manual';
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    return gaps[gaps.length >> 1]! <= SCAN_FIELD.maxMedianIntervalMs ? 'wedge' : 'manual';
  }

  /** Focus moved: whatever was held is typing and goes back where it was typed. */
  giveBack(): void {
    this.cancelTimer();
    this.handle(this.detector.flush(Number.POSITIVE_INFINITY));
  }

  dispose(): void {
    this.cancelTimer();
    this.detector.reset();
  }

  private trackScanField(input: KeyInput): void {
    if ([...input.key].length === 1) this.scanFieldTimes.push(input.at);
    else if (input.key === 'Backspace' || input.key === 'Delete' || input.key === 'Escape') this.scanFieldTimes = [];
  }

  private handle(out: WedgeResult): void {
    if (!out) return;
    if (out.kind === 'scan') this.sink.onScan(out.text, 'wedge');
    else this.sink.release(out.keys, this.heldTarget);
  }

  private armTimer(): void {
    this.cancelTimer();
    // No next key within the gap: the run has ended; held keys were a person typing.
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.handle(this.detector.flush(this.timers.now()));
    }, this.detector.maxGapMs + 1);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
