import { beforeEach, describe, expect, it } from 'vitest';
import { resetScanRouterForTests, setScanHandler } from './scanRouter';
import { routeKeyboardScan } from './windowCapture';

describe('keyboard scans with an AIM id in front (a scanner option, no setting needed)', () => {
  let seen: unknown[][];
  beforeEach(() => {
    resetScanRouterForTests();
    seen = [];
    setScanHandler((...args) => seen.push(args));
  });

  it('routes the data without the id, the id and symbology alongside', () => {
    routeKeyboardScan(']Q1CT0DXUIWGODP5G53', 'wedge');
    routeKeyboardScan(']C0PLAIN-8F3K2Q7Z', 'manual');
    routeKeyboardScan('PLAIN-8F3K2Q7Z', 'wedge');
    expect(seen).toEqual([
      ['CT0DXUIWGODP5G53', 'wedge', { aim: ']Q1', symbology: 'QR Code' }],
      ['PLAIN-8F3K2Q7Z', 'manual', { aim: ']C0', symbology: 'Code 128' }],
      ['PLAIN-8F3K2Q7Z', 'wedge'],
    ]);
  });
});
