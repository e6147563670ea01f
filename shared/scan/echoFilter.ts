/**
 * One scan, two sources: a keyboard-mode scanner opened directly over HID (source
 * 'hid-keyboard') still types into the OS on Linux (hidraw cannot grab it), so the renderer's
 * keyboard wedge sees the same code a moment later. The pipeline keeps the first and drops the
 * echo. Repeats from the SAME source are real re-scans and pass (rapid mode has its own rule).
 */
import type { ScanEvent } from '../scan';

export class ScanEchoFilter {
  private recent: { text: string; source: ScanEvent['source']; at: number }[] = [];

  /** `windowMs`: how long after a scan the same text from another source counts as its echo. */
  constructor(private readonly windowMs = 1_500) {}

  /** True when the scan should go on to the verdict; false for the echo of a scan just taken. */
  accept(scan: Pick<ScanEvent, 'text' | 'source' | 'at'>): boolean {
    this.recent = this.recent.filter((r) => scan.at - r.at <= this.windowMs && scan.at >= r.at);
    const echo = this.recent.some((r) => r.text === scan.text && r.source !== scan.source);
    if (!echo) this.recent.push({ text: scan.text, source: scan.source, at: scan.at });
    return !echo;
  }
}
