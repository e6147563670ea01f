import { describe, expect, it } from 'vitest';
import { cleanScannedText, decodeAffix, encodeAffix } from './scanText';

describe('cleanScannedText', () => {
  it('strips the configured prefix and suffix once, keeps inner text', () => {
    expect(cleanScannedText('##CT1ABC##', '##', '##')).toBe('CT1ABC');
    expect(cleanScannedText('#A#B#', '#', '#')).toBe('A#B');
    expect(cleanScannedText('CT1 ABC', '', '')).toBe('CT1 ABC');
  });
  it('leaves text without the affix alone and trims terminator control characters', () => {
    expect(cleanScannedText('ABC', '#', '$')).toBe('ABC');
    expect(cleanScannedText('\u0002ABC\r\n', '', '')).toBe('ABC');
    expect(cleanScannedText('\u0002ABC\u0003', '\u0002', '\u0003')).toBe('ABC');
  });
});

describe('decodeAffix', () => {
  it('turns escapes typed in settings into characters', () => {
    expect(decodeAffix('\\x02')).toBe('\u0002');
    expect(decodeAffix('\\u001d')).toBe('\u001d');
    expect(decodeAffix('\\t#')).toBe('\t#');
    expect(decodeAffix('plain')).toBe('plain');
  });
});

describe('encodeAffix', () => {
  it('round-trips with decodeAffix', () => {
    for (const a of ['\t', '\u0002#', 'AB', '\r\n']) expect(decodeAffix(encodeAffix(a))).toBe(a);
    expect(encodeAffix('\u0002')).toBe('\\x02');
  });
});
