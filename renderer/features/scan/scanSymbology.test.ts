import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The symbology a scanner or the camera named travels with the code to main (issue 12 item 4):
 * the cashier's and rapid screens' api modules add it to validate and redeem requests.
 */
const sent = vi.hoisted(() => [] as { channel: string; request: Record<string, unknown> }[]);
vi.mock('../../api/till', () => ({
  invoke: async (channel: string, request: Record<string, unknown>) => {
    sent.push({ channel, request });
    return { ok: true, value: {} };
  },
}));

const { resetScanRouterForTests, routeScan, scanMeta, scannedSymbology, setScanHandler } = await import('./scanRouter');
const cashier = await import('../cashier/api/cashierApi');
const rapid = await import('../rapid/api/rapidApi');

const basket = { id: 'b1', totalMinor: 1000 };

beforeEach(() => {
  resetScanRouterForTests();
  sent.length = 0;
  setScanHandler(() => undefined);
});

describe('the scan symbology, from the scanner to the request', () => {
  it('an AIM id typed by a wedge scanner, a HID symbology and a camera read are each remembered for their code and source', () => {
    routeScan('PLAIN-1', 'wedge', 1_000, { aim: ']C0' });
    routeScan('CT0ABC', 'hid-pos', 1_000, scanMeta({ aim: ']Q1', symbology: 'QR Code' }));
    routeScan('CT0DEF', 'camera', 1_000, scanMeta({ aim: ']Q1', symbology: 'QR Code' }));
    expect(scannedSymbology('PLAIN-1', 'wedge', 2_000)).toEqual({ symbology: 'Code 128' });
    expect(scannedSymbology('CT0ABC', 'hid-pos', 2_000)).toEqual({ symbology: 'QR Code' });
    expect(scannedSymbology('CT0DEF', 'camera', 2_000)).toEqual({ symbology: 'QR Code' });
    // A typed code, another source, an unknown code or an old scan: nothing.
    expect(scannedSymbology('PLAIN-1', 'manual', 2_000)).toEqual({});
    expect(scannedSymbology('PLAIN-1', 'camera', 2_000)).toEqual({});
    expect(scannedSymbology('PLAIN-2', 'wedge', 2_000)).toEqual({});
    expect(scannedSymbology('PLAIN-1', 'wedge', 1_000 + 31 * 60_000)).toEqual({});
    expect(scanMeta({})).toBeUndefined();
    // The same code scanned again by a scanner that named nothing: the earlier symbology is not its.
    routeScan('PLAIN-1', 'wedge', 3_000);
    expect(scannedSymbology('PLAIN-1', 'wedge', 4_000)).toEqual({});
  });

  it('the cashier and rapid screens send it with validate and redeem; a scan without one sends none', async () => {
    const now = Date.now();
    routeScan('PLAIN-1', 'wedge', now, { aim: ']C0' });
    routeScan('PLAIN-2', 'wedge', now);
    await cashier.validate('PLAIN-1', basket, 'wedge');
    await cashier.redeem('PLAIN-1', basket, 'wedge');
    await rapid.validate('PLAIN-1', basket, 'wedge');
    await rapid.redeem('PLAIN-1', basket, 'wedge', '0190a000-0000-7000-8000-000000000001');
    await cashier.redeem('PLAIN-2', basket, 'wedge');
    await cashier.redeem('PLAIN-1', basket, 'manual');
    expect(sent.map((s) => [s.channel, s.request.symbology])).toEqual([
      ['till:coupon:validate', 'Code 128'],
      ['till:coupon:redeem', 'Code 128'],
      ['till:coupon:validate', 'Code 128'],
      ['till:coupon:redeem', 'Code 128'],
      ['till:coupon:redeem', undefined],
      ['till:coupon:redeem', undefined],
    ]);
  });
});
