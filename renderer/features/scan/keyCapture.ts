import type { ScanSource } from '../../../shared/scan';

/**
 * Window-level keyboard capture that keeps keyboard-wedge scans out of the wrong field.
 *
 * The scan field takes keys normally; on Enter we only judge whether a scanner or a person
 * typed them (source "wedge" or "manual"). In any other editable field (basket total, PIN,
 * member id) printable keys are held back for at most `maxGapMs`: a run of fast keys ended
 * by Enter is a scan and goes to the scan pipeline, the field never sees it; anything slower
 * is typing and is released into the field in order. A person waits at most one gap (~35 ms)
 * to see a key, which nobody notices; a scanner's burst never lands.
 */

export type KeyTarget = 'scan' | 'field' | 'none';

export interface KeyInput {
  key: string;
  /** Event time, ms (KeyboardEvent.timeStamp / performance.now()). */
  at: number;
  target: KeyTarget;
  /** Ctrl/Alt/Meta held: shortcuts are never held back or taken as scan data. */
  modified?: boolean;
}

/** What the DOM listener must do with the key. */
export type KeyDecision = 'default' | 'swallow';

export interface CaptureOptions {
  /** Longest gap between two scanner keys. Keys further apart are a person typing. */
  maxGapMs: number;
  /** Shortest code a scan may carry. */
  minLength: number;
}

export interface CaptureSink {
  /** A complete scan typed outside the scan field (or the scan field's burst on Enter). */
  onScan(text: string, source: ScanSource): void;
  /** Typing judged human, to put into the field that had focus. */
  release(text: string): void;
}

export interface TimerHost {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const DEFAULT_CAPTURE: CaptureOptions = { maxGapMs: 35, minLength: 4 };

export class KeyCapture {
  private held = '';
  private heldAt: number[] = [];
  private heldTarget: KeyTarget = 'none';
  private timer: unknown = null;
  /** Key times of the scan field's current entry, to tell a scanner from a person. */
  private scanFieldTimes: number[] = [];

  constructor(
    private readonly sink: CaptureSink,
    private readonly timers: TimerHost,
    private options: CaptureOptions = DEFAULT_CAPTURE,
  ) {}

  setOptions(options: CaptureOptions): void {
    this.options = options;
  }

  keydown(input: KeyInput): KeyDecision {
    if (input.modified) {
      this.flush();
      return 'default';
    }
    if (input.target === 'scan') return this.scanFieldKey(input);
    return this.otherKey(input);
  }

  /** Source of what the scan field holds now, judged from its key timing. Resets the timing. */
  takeScanFieldSource(length: number): ScanSource {
    const source = isBurst(this.scanFieldTimes, length, this.options) ? 'wedge' : 'manual';
    this.scanFieldTimes = [];
    return source;
  }

  /** Focus moved or the app wants a clean state: typing held so far goes where it was typed. */
  flush(): void {
    this.cancelTimer();
    if (this.held && this.heldTarget === 'field') this.sink.release(this.held);
    this.held = '';
    this.heldAt = [];
  }

  dispose(): void {
    this.cancelTimer();
    this.held = '';
    this.heldAt = [];
  }

  private scanFieldKey(input: KeyInput): KeyDecision {
    this.flush();
    if (input.key.length === 1) this.scanFieldTimes.push(input.at);
    else if (input.key === 'Backspace' || input.key === 'Delete') this.scanFieldTimes = [];
    return 'default';
  }

  private otherKey(input: KeyInput): KeyDecision {
    const { key, at } = input;
    if (key === 'Enter') {
      if (isBurst(this.heldAt, this.held.length, this.options) && this.held.length >= this.options.minLength) {
        const text = this.held;
        this.cancelTimer();
        this.held = '';
        this.heldAt = [];
        this.sink.onScan(text, 'wedge');
        return 'swallow';
      }
      this.flush();
      return 'default';
    }
    if (key.length !== 1) {
      // Backspace, arrows, Tab: put held typing in place first so the edit applies after it.
      this.flush();
      return 'default';
    }
    const last = this.heldAt[this.heldAt.length - 1];
    if (last !== undefined && (at - last > this.options.maxGapMs || input.target !== this.heldTarget)) this.flush();
    this.held += key;
    this.heldAt.push(at);
    this.heldTarget = input.target;
    this.armTimer();
    return 'swallow';
  }

  private armTimer(): void {
    this.cancelTimer();
    // A scanner's next key comes within maxGapMs; if none does, this was a person typing.
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, this.options.maxGapMs + 5);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}

/** A run of keys is a scanner burst when it is long enough and its median gap is scanner-fast. */
export function isBurst(times: readonly number[], length: number, options: CaptureOptions): boolean {
  if (length < options.minLength || times.length < 2) return false;
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const max = gaps[gaps.length - 1]!;
  // Median filters one OS hiccup; the max bound still rejects a person pausing mid-word.
  return median <= options.maxGapMs && max <= options.maxGapMs * 4;
}
