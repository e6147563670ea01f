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

  it('drops the keyboard copy whichever arrives first, and however its key timing was judged', () => {
    const f = new ScanEchoFilter(1_500);
    expect(f.accept({ text: 'CT12', source: 'manual', at: 1_000 })).toBe(true);
    expect(f.accept({ text: 'CT12', source: 'hid-keyboard', at: 1_050 })).toBe(false);
  });

  it('two keyboard reads of one code are two scans, even when one was judged a scanner and the other a person', () => {
    // Under load a scanner's keys can arrive slowly enough to be judged typed: a real repeat scan
    // must still reach the screen (rapid mode counts it as an ignored repeat), not vanish as an "echo".
    const f = new ScanEchoFilter(1_500);
    expect(f.accept({ text: 'R-001', source: 'wedge', at: 1_000 })).toBe(true);
    expect(f.accept({ text: 'R-001', source: 'manual', at: 1_100 })).toBe(true);
    expect(f.accept({ text: 'R-002', source: 'camera', at: 1_200 })).toBe(true);
    expect(f.accept({ text: 'R-002', source: 'wedge', at: 1_300 })).toBe(true);
  });
});
