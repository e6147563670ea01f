/**
 * HID POS scanner reports (usage page 0x8C) to scans. Pure: no node, no DOM.
 *
 * The common layout (Honeywell and compatible engines), as a 64-byte input report:
 *   byte 0      report id (0x02), or 0x00 on some Windows stacks; absent under WebHID
 *   byte 1      number of data bytes in this report (the AIM id not counted, at most 56)
 *   bytes 2-4   AIM symbology id such as "]Q1"
 *   bytes 5-60  data, padded with NUL
 *   byte 61     the vendor's one-byte code id
 *   byte 62     reserved
 *   byte 63     bit 0: more reports of this scan follow
 * Other engines put one extra byte before the AIM, or send no AIM (data right after the
 * length) with the symbology at byte 62. We find the layout by the AIM's "]": a length byte
 * is at most 60, so it is never "]" (0x5D); that also spots devices with unnumbered reports (no id
 * byte even under hidraw). The data is cut by the length byte only, because
 * codes may contain NUL and end in meaningful spaces.
 */
import { isAimId, symbologyForAim, symbologyForVendorCodeId } from './aim';
import { MAX_SCAN_BYTES, bytesToScanText, hexByte } from './bytes';

/** Where the report id is: byte 0 (hidraw/node-hid, Windows), stripped (WebHID), or decided by length. */
export type ReportIdMode = 'auto' | 'present' | 'stripped';

export interface HidPosOptions {
  /** Default 'auto': a report of `reportSize` bytes carries its id, one byte shorter does not. */
  reportId?: ReportIdMode;
  /** The scanner's input report size including the id byte. Default 64. */
  reportSize?: number;
  /** Report ids taken as scanned data when the id is present. Default 0x02 and 0x00. */
  dataReportIds?: readonly number[];
}

export type HidPosLayout = 'aim' | 'extra-byte-then-aim' | 'no-aim';

/** One parsed report: a piece of a scan. */
export interface HidPosReport {
  reportId: number | null;
  layout: HidPosLayout;
  data: Uint8Array;
  aim?: string;
  symbology?: string;
  /** More reports of the same scan follow (bit 0 of the last byte). */
  more: boolean;
}

export type HidPosParseResult = { ok: true; report: HidPosReport } | { ok: false; reason: string };

const DEFAULT_REPORT_SIZE = 64;
const DEFAULT_DATA_REPORT_IDS = [0x02, 0x00] as const;

function aimAt(bytes: Uint8Array, at: number): string | undefined {
  if (at + 3 > bytes.length) return undefined;
  const text = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!);
  return isAimId(text) ? text : undefined;
}

function idOffset(bytes: Uint8Array, options: HidPosOptions): { offset: 0 | 1 } | { reason: string } {
  const size = options.reportSize ?? DEFAULT_REPORT_SIZE;
  const mode = options.reportId ?? 'auto';
  const withId = size;
  const withoutId = size - 1;
  if (mode === 'present' && bytes.length === withId) return { offset: 1 };
  if (mode === 'stripped' && bytes.length === withoutId) return { offset: 0 };
  // A device with unnumbered reports sends no id at all: byte 1 is then the AIM's "]", which a
  // length byte (at most 60) never is.
  if (mode === 'auto' && bytes.length === withId) return { offset: bytes[1] === 0x5d ? 0 : 1 };
  if (mode === 'auto' && bytes.length === withoutId) return { offset: 0 };
  return {
    reason:
      `report is ${bytes.length} bytes; expected ${mode === 'stripped' ? withoutId : withId}` +
      (mode === 'auto' ? ` (or ${withoutId} without the report id)` : '') +
      ': a short read loses the continuation flag in the last byte',
  };
}

/**
 * Parses one input report. Never throws: anything that is not a well-formed scanned-data
 * report comes back as `{ ok: false, reason }`.
 */
export function parseHidPosReport(bytes: Uint8Array, options: HidPosOptions = {}): HidPosParseResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'report is not bytes' };
  const where = idOffset(bytes, options);
  if ('reason' in where) return { ok: false, reason: where.reason };
  const p = where.offset;
  const reportId = p === 1 ? bytes[0]! : null;
  const allowed = options.dataReportIds ?? DEFAULT_DATA_REPORT_IDS;
  if (reportId !== null && !allowed.includes(reportId)) {
    return { ok: false, reason: `report id ${hexByte(reportId)} is not a scanned-data report` };
  }
  const length = bytes[p]!;
  const last = bytes.length - 1;
  let layout: HidPosLayout;
  let aim: string | undefined;
  let dataAt: number;
  let end: number; // first byte after the data area
  let symbology: string | undefined;
  if ((aim = aimAt(bytes, p + 1))) {
    layout = 'aim';
    dataAt = p + 4;
    end = last - 2;
  } else if ((aim = aimAt(bytes, p + 2))) {
    layout = 'extra-byte-then-aim';
    dataAt = p + 5;
    end = last - 2;
  } else {
    layout = 'no-aim';
    dataAt = p + 1;
    end = last - 1;
    symbology = symbologyForVendorCodeId(bytes[last - 1]!);
  }
  if (aim) symbology = symbologyForAim(aim) ?? symbologyForVendorCodeId(bytes[last - 2]!);
  if (length === 0) return { ok: false, reason: 'length byte is 0: the report carries no data' };
  if (dataAt + length > end) {
    return { ok: false, reason: `length byte says ${length} data bytes but this report holds at most ${end - dataAt}` };
  }
  // Without an AIM nothing but the NUL padding vouches for the layout: junk rarely has it.
  if (layout === 'no-aim' && bytes.subarray(dataAt + length, end).some((b) => b !== 0)) {
    return { ok: false, reason: 'no AIM id and the bytes after the data are not NUL padding: not a scan report' };
  }
  const report: HidPosReport = {
    reportId,
    layout,
    data: bytes.slice(dataAt, dataAt + length),
    more: (bytes[last]! & 0x01) === 1,
  };
  if (aim) report.aim = aim;
  if (symbology) report.symbology = symbology;
  return { ok: true, report };
}

/** A whole scan reassembled from one or more reports. */
export interface HidPosScan {
  text: string;
  bytes: Uint8Array;
  aim?: string;
  symbology?: string;
  reports: number;
}

/** A partial scan thrown away, and why (unplug, timeout, junk in between). */
export interface HidPosDiscard {
  reason: string;
  byteCount: number;
  reports: number;
}

export type HidPosPushResult =
  | { kind: 'scan'; scan: HidPosScan; discarded?: HidPosDiscard }
  | { kind: 'pending'; discarded?: HidPosDiscard }
  | { kind: 'refused'; reason: string; discarded?: HidPosDiscard };

export interface HidPosReassemblerOptions extends HidPosOptions {
  /** A continuation report later than this after the previous one starts over. Default 500 ms. */
  continuationTimeoutMs?: number;
}

/**
 * Joins the reports of one scan. Feed every input report with its arrival time; a scan comes
 * out when a report without the "more" flag arrives. A partial scan is never emitted: it is
 * discarded (with a reason) on unplug (`discard`), on a timeout, on a refused report, or when
 * the symbology changes in the middle.
 */
export class HidPosReassembler {
  private parts: HidPosReport[] = [];
  private byteCount = 0;
  private lastAt = 0;
  /** After a scan was cut off (junk mid-scan, too long), its remaining reports must not pass for a scan. */
  private dropRest = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: HidPosReassemblerOptions = {}) {
    this.timeoutMs = options.continuationTimeoutMs ?? 500;
  }

  /** True while a multi-report scan waits for its next report. */
  get hasPartial(): boolean {
    return this.parts.length > 0;
  }

  /** Feeds one input report received at `at` (epoch ms). */
  push(bytes: Uint8Array, at: number): HidPosPushResult {
    let discarded: HidPosDiscard | undefined;
    if (this.parts.length > 0 && at - this.lastAt > this.timeoutMs) {
      discarded = this.discard(`the next report did not come within ${this.timeoutMs} ms`) ?? undefined;
    }
    if (this.dropRest && at - this.lastAt > this.timeoutMs) this.dropRest = false;
    const parsed = parseHidPosReport(bytes, this.options);
    if (!parsed.ok) {
      const cut = this.discard(`a refused report arrived mid-scan (${parsed.reason})`);
      if (cut) this.dropRest = true;
      this.lastAt = at;
      return withDiscard({ kind: 'refused', reason: parsed.reason }, cut ?? discarded);
    }
    const report = parsed.report;
    if (this.dropRest) {
      this.dropRest = report.more;
      this.lastAt = at;
      return withDiscard({ kind: 'refused', reason: 'rest of a scan that was cut off' }, discarded);
    }
    const first = this.parts[0];
    if (first && first.aim !== report.aim) {
      discarded = this.discard(`symbology changed mid-scan (${first.aim ?? 'none'} -> ${report.aim ?? 'none'})`) ?? discarded;
    }
    if (this.byteCount + report.data.length > MAX_SCAN_BYTES) {
      discarded = this.discard('scan longer than 4096 bytes') ?? discarded;
      this.dropRest = report.more;
      this.lastAt = at;
      return withDiscard({ kind: 'refused', reason: `scan longer than ${MAX_SCAN_BYTES} bytes` }, discarded);
    }
    this.parts.push(report);
    this.byteCount += report.data.length;
    this.lastAt = at;
    if (report.more) return withDiscard({ kind: 'pending' }, discarded);
    return withDiscard({ kind: 'scan', scan: this.take() }, discarded);
  }

  /** Throws away a partial scan (the device went away, for example). Null when nothing was pending. */
  discard(reason: string): HidPosDiscard | null {
    this.dropRest = false;
    if (this.parts.length === 0) return null;
    const out = { reason, byteCount: this.byteCount, reports: this.parts.length };
    this.parts = [];
    this.byteCount = 0;
    return out;
  }

  private take(): HidPosScan {
    const bytes = new Uint8Array(this.byteCount);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part.data, at);
      at += part.data.length;
    }
    const first = this.parts[0]!;
    const scan: HidPosScan = { text: bytesToScanText(bytes), bytes, reports: this.parts.length };
    if (first.aim) scan.aim = first.aim;
    if (first.symbology) scan.symbology = first.symbology;
    this.parts = [];
    this.byteCount = 0;
    return scan;
  }
}

function withDiscard<T extends HidPosPushResult>(result: T, discarded: HidPosDiscard | undefined): T {
  if (discarded) result.discarded = discarded;
  return result;
}

/**
 * Builds the reports a scanner in the common layout sends for `data` (tests, fixtures and the
 * benchmark use it to make recorded-looking sequences). 56 data bytes per report.
 */
export function encodeHidPosReports(
  data: Uint8Array,
  aim: string,
  options: { reportId?: number | null; vendorCodeId?: number; reportSize?: number } = {},
): Uint8Array[] {
  const size = options.reportSize ?? DEFAULT_REPORT_SIZE;
  const withId = options.reportId !== null;
  const p = withId ? 1 : 0;
  const length = withId ? size : size - 1;
  const perReport = length - 3 - (p + 4);
  const reports: Uint8Array[] = [];
  for (let at = 0; at < data.length || reports.length === 0; at += perReport) {
    const chunk = data.subarray(at, at + perReport);
    const r = new Uint8Array(length);
    if (withId) r[0] = options.reportId ?? 0x02;
    r[p] = chunk.length;
    for (let i = 0; i < 3; i++) r[p + 1 + i] = aim.charCodeAt(i);
    r.set(chunk, p + 4);
    r[length - 3] = options.vendorCodeId ?? 0;
    r[length - 1] = at + perReport < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}
