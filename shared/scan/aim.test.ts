import { describe, expect, it } from 'vitest';
import { splitAimPrefix } from './aim';

describe('splitAimPrefix (AIM ids a keyboard-wedge scanner types before the data)', () => {
  it('splits the known ids off and names the symbology', () => {
    expect(splitAimPrefix(']Q1CT0DX')).toEqual({ text: 'CT0DX', aim: ']Q1', symbology: 'QR Code' });
    expect(splitAimPrefix(']C0PLAIN-8F3K')).toEqual({ text: 'PLAIN-8F3K', aim: ']C0', symbology: 'Code 128' });
    expect(splitAimPrefix(']E06901234567892')).toEqual({ text: '6901234567892', aim: ']E0', symbology: 'EAN-13' });
    expect(splitAimPrefix(']d2010123')).toEqual({ text: '010123', aim: ']d2', symbology: 'GS1 Data Matrix' });
    expect(splitAimPrefix(']C1(01)0950')).toEqual({ text: '(01)0950', aim: ']C1', symbology: 'GS1-128' });
  });
  it('leaves data alone without a well-formed known id, or with nothing after it', () => {
    expect(splitAimPrefix('CT0DX')).toEqual({ text: 'CT0DX' });
    expect(splitAimPrefix(']Y1ABC')).toEqual({ text: ']Y1ABC' }); // no such symbology letter
    expect(splitAimPrefix(']-1ABC')).toEqual({ text: ']-1ABC' });
    expect(splitAimPrefix(']Q1')).toEqual({ text: ']Q1' });
  });
});
