import { describe, expect, it } from 'vitest';
import { looksLikeProductBarcode } from './productBarcode';

describe('looksLikeProductBarcode', () => {
  it('knows EAN-13, UPC-A and EAN-8 by their check digit', () => {
    expect(looksLikeProductBarcode('6901234567892')).toBe(true); // EAN-13 (a 690 Chinese prefix)
    expect(looksLikeProductBarcode('4006381333931')).toBe(true);
    expect(looksLikeProductBarcode('036000291452')).toBe(true); // UPC-A
    expect(looksLikeProductBarcode('96385074')).toBe(true); // EAN-8
  });
  it('is not fooled by a wrong check digit, letters or other lengths', () => {
    expect(looksLikeProductBarcode('6901234567893')).toBe(false);
    expect(looksLikeProductBarcode('DEMO-PLAIN-0001')).toBe(false);
    expect(looksLikeProductBarcode('12345')).toBe(false);
    expect(looksLikeProductBarcode('')).toBe(false);
  });
});
