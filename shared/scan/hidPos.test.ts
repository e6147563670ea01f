import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHidPosReports, HidPosReassembler, parseHidPosReport } from './hidPos';

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const minted = 'CT' + 'Q7'.repeat(57) + 'Z' + '4K';

describe('parseHidPosReport', () => {
  it('reads the common layout: length, AIM, data, continuation flag', () => {
    const [report] = encodeHidPosReports(ascii('8F3K2Q'), ']C0', { vendorCodeId: 0x6a });
    const parsed = parseHidPosReport(report!);
    expect(parsed).toEqual({
      ok: true,
      report: { reportId: 2, layout: 'aim', data: ascii('8F3K2Q'), aim: ']C0', symbology: 'Code 128', more: false },
    });
  });

  it('takes the symbology from the vendor code id when the AIM letter is unknown', () => {
    const [report] = encodeHidPosReports(ascii('x'), ']Y0', { vendorCodeId: 0x73 });
    expect(parseHidPosReport(report!)).toMatchObject({ ok: true, report: { aim: ']Y0', symbology: 'QR Code' } });
  });

  it('refuses a report id that is not scanned data, unless told to accept it', () => {
    const [report] = encodeHidPosReports(ascii('abc'), ']Q1', { reportId: 0x04 });
    expect(parseHidPosReport(report!)).toEqual({ ok: false, reason: 'report id 0x04 is not a scanned-data report' });
    expect(parseHidPosReport(report!, { dataReportIds: [4] }).ok).toBe(true);
  });

  it('honours an explicit report id mode', () => {
    const [stripped] = encodeHidPosReports(ascii('abc'), ']Q1', { reportId: null });
    expect(parseHidPosReport(stripped!, { reportId: 'present' }).ok).toBe(false);
    expect(parseHidPosReport(stripped!, { reportId: 'stripped' })).toMatchObject({ ok: true, report: { reportId: null } });
  });

  it('reads a device with unnumbered 64-byte reports (no id byte at all)', () => {
    const [stripped] = encodeHidPosReports(ascii('8F3K2Q'), ']C0', { reportId: null, reportSize: 65 });
    expect(stripped).toHaveLength(64);
    expect(parseHidPosReport(stripped!)).toMatchObject({ ok: true, report: { reportId: null, aim: ']C0', data: ascii('8F3K2Q') } });
  });

  it('refuses a no-AIM report whose padding is not NUL (junk)', () => {
    const junk = new Uint8Array(64).fill(0x41);
    junk[0] = 2;
    junk[1] = 10;
    expect(parseHidPosReport(junk)).toMatchObject({ ok: false });
  });

  it('never throws on random bytes, and answers ok or a reason', () => {
    const lengths = fc.oneof(fc.constantFrom(63, 64), fc.integer({ min: 0, max: 80 }));
    const report = lengths.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
    const firstBytes = fc.tuple(fc.constantFrom(0, 2), fc.integer({ min: 0, max: 70 }), report);
    fc.assert(
      fc.property(firstBytes, ([id, len, bytes]) => {
        if (bytes.length > 1) {
          bytes[0] = id;
          bytes[1] = len;
        }
        const out = parseHidPosReport(bytes);
        if (out.ok) expect(out.report.data.length).toBeGreaterThan(0);
        else expect(out.reason).toMatch(/\w/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('HidPosReassembler', () => {
  const stacks = [{ reportId: 0x02 }, { reportId: null }, { reportId: 0x00 }] as const;

  it('gives back any code text exactly, on every report id stack (property)', () => {
    const codeText = fc.string({ unit: fc.constantFrom(...BASE36, '-', ' ', '/', ':', '?', '=', '&'), minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(codeText, fc.constantFrom(...stacks), (text, stack) => {
        const r = new HidPosReassembler();
        const outs = encodeHidPosReports(ascii(text), ']Q1', stack).map((rep, i) => r.push(rep, i));
        const last = outs.pop()!;
        expect(outs.every((o) => o.kind === 'pending')).toBe(true);
        expect(last).toMatchObject({ kind: 'scan', scan: { text, aim: ']Q1', symbology: 'QR Code' } });
      }),
    );
  });

  it('keeps every byte, NUL and trailing spaces included (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (data) => {
        const r = new HidPosReassembler();
        const outs = encodeHidPosReports(data, ']d1').map((rep, i) => r.push(rep, i));
        const last = outs[outs.length - 1]!;
        expect(last.kind).toBe('scan');
        if (last.kind === 'scan') expect(last.scan.bytes).toEqual(data);
      }),
    );
  });

  it('reassembles a minted code across three reports', () => {
    const reports = encodeHidPosReports(ascii(minted), ']Q1');
    expect(reports).toHaveLength(3);
    const r = new HidPosReassembler();
    expect(r.push(reports[0]!, 0).kind).toBe('pending');
    expect(r.hasPartial).toBe(true);
    expect(r.push(reports[1]!, 3).kind).toBe('pending');
    expect(r.push(reports[2]!, 6)).toMatchObject({ kind: 'scan', scan: { text: minted, reports: 3 } });
    expect(r.hasPartial).toBe(false);
  });

  it('discards a partial scan whose next report comes too late, and reads the next scan', () => {
    const reports = encodeHidPosReports(ascii(minted), ']Q1');
    const r = new HidPosReassembler({ continuationTimeoutMs: 200 });
    r.push(reports[0]!, 0);
    const [single] = encodeHidPosReports(ascii('8F3K2Q'), ']Q1');
    const out = r.push(single!, 1_000);
    expect(out).toMatchObject({ kind: 'scan', scan: { text: '8F3K2Q' }, discarded: { byteCount: 56, reports: 1 } });
    expect(out.discarded?.reason).toMatch(/200 ms/);
  });

  it('discards a partial scan when the symbology changes or junk arrives mid-scan', () => {
    const reports = encodeHidPosReports(ascii(minted), ']Q1');
    const r = new HidPosReassembler();
    r.push(reports[0]!, 0);
    const [code128] = encodeHidPosReports(ascii('ABC'), ']C0');
    expect(r.push(code128!, 2)).toMatchObject({ kind: 'scan', scan: { text: 'ABC' }, discarded: { reports: 1 } });
    r.push(reports[0]!, 3);
    const junk = r.push(new Uint8Array(10), 4);
    expect(junk).toMatchObject({ kind: 'refused', discarded: { reports: 1 } });
    expect(r.hasPartial).toBe(false);
    // The cut-off scan's remaining reports must not come out as a (truncated) scan.
    expect(r.push(reports[1]!, 5).kind).toBe('refused');
    expect(r.push(reports[2]!, 6).kind).toBe('refused');
    expect(r.push(code128!, 7)).toMatchObject({ kind: 'scan', scan: { text: 'ABC' } });
  });

  it('refuses a scan longer than the pipeline takes', () => {
    const r = new HidPosReassembler();
    const reports = encodeHidPosReports(new Uint8Array(5000).fill(0x41), ']Q1');
    const outs = reports.map((rep, i) => r.push(rep, i));
    expect(outs.some((o) => o.kind === 'refused' && /4096/.test(o.reason))).toBe(true);
    expect(outs.some((o) => o.kind === 'scan')).toBe(false);
  });

  it('discard() reports nothing when no scan is pending', () => {
    expect(new HidPosReassembler().discard('unplugged')).toBeNull();
  });
});
