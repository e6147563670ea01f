/**
 * One scan, two sources: a keyboard-mode scanner opened directly over HID (source
 * 'hid-keyboard') still types into the OS on Linux (hidraw cannot grab it), so the renderer's
 * keyboard wedge sees the same code a moment later. The pipeline keeps the first and drops the
 * echo. Only a HID read and a keyboard read of the same text are one scan: two keyboard reads
 * are two scans even when one was judged a scanner ('wedge') and the other a person ('manual'),
 * which key timing under load can do; so are camera reads. Those repeats pass on (rapid mode
 * has its own rule for them, and main refuses a used code anyway).
 */
import type { ScanEvent, ScanSource } from '../scan';

const HID: ReadonlySet<ScanSource> = new Set(['hid-pos', 'hid-keyboard']);
const KEYBOARD: ReadonlySet<ScanSource> = new Set(['wedge', 'manual']);

/** Whether a read from `a` and one from `b` can be the same physical scan seen twice. */
function canEcho(a: ScanSource, b: ScanSource): boolean {
  return (HID.has(a) && KEYBOARD.has(b)) || (KEYBOARD.has(a) && HID.has(b));
}

export class ScanEchoFilter {
  private recent: { text: string; source: ScanEvent['source']; at: number }[] = [];

  /** `windowMs`: how long after a scan the same text from another source counts as its echo. */
  constructor(private readonly windowMs = 1_500) {}

  /** True when the scan should go on to the verdict; false for the echo of a scan just taken. */
  accept(scan: Pick<ScanEvent, 'text' | 'source' | 'at'>): boolean {
    this.recent = this.recent.filter((r) => scan.at - r.at <= this.windowMs && scan.at >= r.at);
    const echo = this.recent.some((r) => r.text === scan.text && canEcho(r.source, scan.source));
    if (!echo) this.recent.push({ text: scan.text, source: scan.source, at: scan.at });
    return !echo;
  }
}
