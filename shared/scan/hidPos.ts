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

/**
 * Whether and where the device sends the AIM id: a fact about the device (its descriptor, or
 * learned once in Settings -> Scanner), never guessed per report when known. 'auto' (unknown)
 * finds the AIM's "]" at byte 1 or 2 after the length, or a zeroed AIM slot (some Windows stacks).
 * 'none': data right after the length, even when it begins with "]C1" (GS1 data from a scanner
 * set to put the AIM id into the data).
 */
export type AimMode = 'auto' | 'aim' | 'extra-byte-then-aim' | 'none';

export interface HidPosOptions {
  /** Default 'auto': a report of `reportSize` bytes carries its id, one byte shorter does not. */
  reportId?: ReportIdMode;
  /** Where the device puts the AIM id. Default 'auto'. */
  aimMode?: AimMode;
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

export type HidPosParseResult =
  | { ok: true; report: HidPosReport }
  /** `midScan`: the report was a piece of a scan whose rest must not pass for a scan (a short read of a full report). */
  | { ok: false; reason: string; midScan?: true };

const DEFAULT_REPORT_SIZE = 64;
/** Shortest read decoded at all: id, length, AIM and a few data bytes. */
const MIN_SHORT_REPORT = 8;
const DEFAULT_DATA_REPORT_IDS = [0x02, 0x00] as const;

function aimAt(bytes: Uint8Array, at: number): string | undefined {
  if (at + 3 > bytes.length) return undefined;
  const text = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!);
  return isAimId(text) ? text : undefined;
}

function idOffset(bytes: Uint8Array, options: HidPosOptions): { offset: 0 | 1; short: boolean } | { reason: string } {
  const size = options.reportSize ?? DEFAULT_REPORT_SIZE;
  const mode = options.reportId ?? 'auto';
  const withId = size;
  const withoutId = size - 1;
  if (mode === 'present' && bytes.length === withId) return { offset: 1, short: false };
  if (mode === 'stripped' && bytes.length === withoutId) return { offset: 0, short: false };
  // A device with unnumbered reports sends no id at all: byte 1 is then the AIM's "]", which a
  // length byte (at most 60) never is.
  if (mode === 'auto' && bytes.length === withId) return { offset: bytes[1] === 0x5d ? 0 : 1, short: false };
  if (mode === 'auto' && bytes.length === withoutId) return { offset: 0, short: false };
  // Some stacks deliver fewer bytes (61 of 64): the continuation flag is lost, so the report is
  // decoded only when its length byte says the data ends inside it (see parseHidPosReport).
  if (bytes.length >= MIN_SHORT_REPORT && bytes.length < (mode === 'stripped' ? withoutId : withId)) {
    const ids = options.dataReportIds ?? DEFAULT_DATA_REPORT_IDS;
    const offset = mode === 'stripped' || (mode === 'auto' && (bytes[1] === 0x5d || !ids.includes(bytes[0]!))) ? 0 : 1;
    return { offset, short: true };
  }
  return {
    reason:
      `report is ${bytes.length} bytes; expected ${mode === 'stripped' ? withoutId : withId}` +
      (mode === 'auto' ? ` (or ${withoutId} without the report id)` : '') +
      ': a short read loses the continuation flag in the last byte',
  };
}

type Layout = { kind: HidPosLayout; dataAt: number; aim?: string } | { reason: string };

const ZERO_AIM = (bytes: Uint8Array, at: number) => at + 3 <= bytes.length && bytes[at] === 0 && bytes[at + 1] === 0 && bytes[at + 2] === 0;

/** Where the data starts, by the device's AIM mode (or, unknown, by finding the AIM). */
function layoutOf(bytes: Uint8Array, p: number, mode: AimMode): Layout {
  const with3 = (kind: HidPosLayout, at: number): Layout => {
    const aim = aimAt(bytes, at);
    return aim ? { kind, dataAt: at + 3, aim } : { kind, dataAt: at + 3 };
  };
  if (mode === 'none') return { kind: 'no-aim', dataAt: p + 1 };
  if (mode === 'aim') return aimAt(bytes, p + 1) || ZERO_AIM(bytes, p + 1) ? with3('aim', p + 1) : { reason: 'no AIM id where this device sends it' };
  if (mode === 'extra-byte-then-aim') {
    return aimAt(bytes, p + 2) || ZERO_AIM(bytes, p + 2) ? with3('extra-byte-then-aim', p + 2) : { reason: 'no AIM id where this device sends it' };
  }
  if (aimAt(bytes, p + 1)) return with3('aim', p + 1);
  if (aimAt(bytes, p + 2)) return with3('extra-byte-then-aim', p + 2);
  // Some Windows stacks deliver the id as 0x00 and the AIM slot zeroed: the data follows the slot.
  if (bytes[0] === 0x00 && p === 1 && ZERO_AIM(bytes, p + 1) && bytes[p + 4] !== 0) return { kind: 'aim', dataAt: p + 4 };
  return { kind: 'no-aim', dataAt: p + 1 };
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
  const layout = layoutOf(bytes, p, options.aimMode ?? 'auto');
  if ('reason' in layout) return { ok: false, reason: layout.reason };
  const { dataAt, aim } = layout;
  // In a full report the data area ends before the code id, reserved and flags bytes; a short
  // read ends where it ends, and has no code id or flags.
  const full = bytes.length - 1;
  const end = where.short ? bytes.length : layout.kind === 'no-aim' ? full - 1 : full - 2;
  let symbology: string | undefined;
  if (!where.short) symbology = layout.kind === 'no-aim' ? symbologyForVendorCodeId(bytes[full - 1]!) : undefined;
  if (aim) symbology = symbologyForAim(aim) ?? (where.short ? undefined : symbologyForVendorCodeId(bytes[full - 2]!));
  if (length === 0) return { ok: false, reason: 'length byte is 0: the report carries no data' };
  if (dataAt + length > end) {
    return { ok: false, reason: `length byte says ${length} data bytes but this report holds at most ${end - dataAt}` };
  }
  if (where.short) {
    // The flag "more reports follow" was cut off: only data shorter than a full report's area says it is the last.
    const capacity = (options.reportSize ?? DEFAULT_REPORT_SIZE) - 1 - p - (dataAt - p) - (layout.kind === 'no-aim' ? 1 : 2);
    if (length >= capacity) return { ok: false, reason: `a ${bytes.length}-byte read of a full report: whether more reports follow is lost`, midScan: true };
  }
  // Without an AIM nothing but the NUL padding vouches for the layout: junk rarely has it.
  if (layout.kind === 'no-aim' && (options.aimMode ?? 'auto') === 'auto' && bytes.subarray(dataAt + length, end).some((b) => b !== 0)) {
    return { ok: false, reason: 'no AIM id and the bytes after the data are not NUL padding: not a scan report' };
  }
  const report: HidPosReport = {
    reportId,
    layout: layout.kind,
    data: bytes.slice(dataAt, dataAt + length),
    more: !where.short && (bytes[full]! & 0x01) === 1,
  };
  if (aim) report.aim = aim;
  if (symbology) report.symbology = symbology;
  return { ok: true, report };
}

/** A whole scan reassembled from one or more reports. */
export interface HidPosScan {
  text: string;
  bytes: Uint8Array;
  /** Where its first report carried the AIM id (or none). */
  layout: HidPosLayout;
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
      // A lost piece of a scan (a short read of a full report): what follows is its rest, not a scan.
      if (cut || parsed.midScan) this.dropRest = true;
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
    const scan: HidPosScan = { text: bytesToScanText(bytes), bytes, layout: first.layout, reports: this.parts.length };
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
