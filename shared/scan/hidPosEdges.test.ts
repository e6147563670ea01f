import { describe, expect, it } from 'vitest';
import { encodeHidPosReports, HidPosReassembler, parseHidPosReport } from './hidPos';

/** The three HID POS cases stores hit (issue 12): short reads, Windows' zeroed id and AIM, a device's no-AIM mode. */
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const MINTED = 'CT0DXUIWGODP5G53EPNRRPOMCLJ089B6ZIFB1C6QJWNOQP09739WMGSW2JODDFS1V0ZH74V9XVGVFBMB445BA1WL8HO9TD6KKWVGKDCF82U5CBVJ36DXGEK';

function scans(reports: Uint8Array[], options = {}) {
  const r = new HidPosReassembler(options);
  return reports.map((b, i) => r.push(b, 1_000 + i * 4)).flatMap((o) => (o.kind === 'scan' ? [o.scan] : []));
}

describe('short reads (some stacks deliver 61 of 64 bytes)', () => {
  it('decodes a short report whose length byte says the data ends inside it', () => {
    const [full] = encodeHidPosReports(ascii('PLAIN-8F3K2Q7Z'), ']C0', { vendorCodeId: 0x6a });
    const parsed = parseHidPosReport(full!.subarray(0, 61));
    expect(parsed).toEqual({ ok: true, report: { reportId: 2, layout: 'aim', data: ascii('PLAIN-8F3K2Q7Z'), aim: ']C0', symbology: 'Code 128', more: false } });
    expect(scans([full!.subarray(0, 61)]).map((s) => s.text)).toEqual(['PLAIN-8F3K2Q7Z']);
  });

  it('the last report of a long scan read short still completes it', () => {
    const reports = encodeHidPosReports(ascii(MINTED), ']Q1');
    const last = reports[reports.length - 1]!.subarray(0, 61);
    expect(scans([...reports.slice(0, -1), last]).map((s) => s.text)).toEqual([MINTED]);
  });

  it('never emits a cut code: a short read of a full report is refused and the rest of that scan dropped', () => {
    const reports = encodeHidPosReports(ascii(MINTED), ']Q1').map((r) => r.subarray(0, 61));
    expect(parseHidPosReport(reports[0]!)).toMatchObject({ ok: false, midScan: true });
    expect(scans(reports)).toEqual([]);
    // The next scan (after the timeout) reads normally.
    const r = new HidPosReassembler();
    reports.forEach((b, i) => r.push(b, i));
    expect(r.push(encodeHidPosReports(ascii('NEXT-1'), ']C0')[0]!, 5_000)).toMatchObject({ kind: 'scan', scan: { text: 'NEXT-1' } });
  });
});

describe('report id 0x00 with the AIM bytes zeroed (some Windows HID stacks)', () => {
  it('is a scan report: the data follows the zeroed AIM slot', () => {
    const [r] = encodeHidPosReports(ascii('PLAIN-8F3K2Q7Z'), '\0\0\0', { reportId: 0x00 });
    expect(parseHidPosReport(r!)).toEqual({ ok: true, report: { reportId: 0, layout: 'aim', data: ascii('PLAIN-8F3K2Q7Z'), more: false } });
    const long = encodeHidPosReports(ascii(MINTED), '\0\0\0', { reportId: 0x00 });
    expect(scans(long).map((s) => s.text)).toEqual([MINTED]);
  });
});

describe("a device's AIM mode is a property of the device", () => {
  // A scanner in no-AIM mode, set to put the AIM id into the data (GS1-128): data is "]C1" + the element string.
  const gs1 = ']C1010950110153000317172012311000ABC';
  const noAim = (data: string) => {
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = data.length;
    r.set(ascii(data), 2);
    r[62] = 0x49; // vendor code id 'I': GS1-128
    return r;
  };

  it("in 'none' mode data beginning with ]C1 is data, whole", () => {
    expect(parseHidPosReport(noAim(gs1), { aimMode: 'none' })).toEqual({
      ok: true,
      report: { reportId: 2, layout: 'no-aim', data: ascii(gs1), symbology: 'GS1-128', more: false },
    });
    expect(scans([noAim(gs1)], { aimMode: 'none' }).map((s) => s.text)).toEqual([gs1]);
  });

  it("guessing per report ('auto') would take ]C1 for the symbology id: why the mode is learned, not guessed", () => {
    const guessed = parseHidPosReport(noAim(gs1));
    expect(guessed.ok && guessed.report.data).not.toEqual(ascii(gs1));
  });

  it("in 'aim' mode a report without the AIM where the device sends it is refused", () => {
    expect(parseHidPosReport(noAim('PLAIN-1'), { aimMode: 'aim' })).toEqual({ ok: false, reason: 'no AIM id where this device sends it' });
    const [r] = encodeHidPosReports(ascii('PLAIN-1'), ']C0');
    expect(parseHidPosReport(r!, { aimMode: 'aim' })).toMatchObject({ ok: true, report: { aim: ']C0', data: ascii('PLAIN-1') } });
  });
});
