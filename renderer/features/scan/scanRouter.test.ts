import { beforeEach, describe, expect, it } from 'vitest';
import { resetScanRouterForTests, routeScan, setScanHandler } from './scanRouter';

describe('routeScan', () => {
  let seen: [string, string][];
  beforeEach(() => {
    resetScanRouterForTests();
    seen = [];
  });

  it('drops scans when no screen is scanning', () => {
    expect(routeScan('CODE1', 'wedge', 1000)).toBe(false);
  });

  it('takes the HID scan once when the OS types the same code as a wedge echo right after', () => {
    setScanHandler((text, source) => seen.push([text, source]));
    expect(routeScan('CODE1', 'hid-keyboard', 1000)).toBe(true);
    expect(routeScan('CODE1', 'wedge', 1040)).toBe(true); // swallowed, not acted on
    expect(seen).toEqual([['CODE1', 'hid-keyboard']]);
  });

  it('passes a real re-scan from the same source and the same code from another source later', () => {
    setScanHandler((text, source) => seen.push([text, source]));
    routeScan('CODE1', 'wedge', 1000);
    routeScan('CODE1', 'wedge', 1200);
    routeScan('CODE1', 'camera', 9000);
    expect(seen).toEqual([
      ['CODE1', 'wedge'],
      ['CODE1', 'wedge'],
      ['CODE1', 'camera'],
    ]);
  });
});
