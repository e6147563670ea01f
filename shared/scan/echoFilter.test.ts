import { describe, expect, it } from 'vitest';
import { ScanEchoFilter } from './echoFilter';

describe('ScanEchoFilter', () => {
  it('drops the wedge echo of a direct HID keyboard scan, and only within the window', () => {
    const f = new ScanEchoFilter(1_500);
    expect(f.accept({ text: 'CT12', source: 'hid-keyboard', at: 1_000 })).toBe(true);
    expect(f.accept({ text: 'CT12', source: 'wedge', at: 1_200 })).toBe(false);
    expect(f.accept({ text: 'CT99', source: 'wedge', at: 1_300 })).toBe(true);
    expect(f.accept({ text: 'CT12', source: 'hid-keyboard', at: 1_400 })).toBe(true); // a real re-scan
    expect(f.accept({ text: 'CT12', source: 'wedge', at: 3_000 })).toBe(true); // long after: a new scan
  });
});
