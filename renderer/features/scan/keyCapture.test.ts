import { describe, expect, it } from 'vitest';
import { KeyCapture, type KeyTarget } from './keyCapture';
import { ManualTimers } from './manualTimers';

function setup(options?: ConstructorParameters<typeof KeyCapture>[2]) {
  const timers = new ManualTimers();
  const scans: [string, string][] = [];
  let field = '';
  const cap = new KeyCapture(
    {
      onScan: (t, s) => scans.push([t, s]),
      release: (t, target) => {
        if (target === 'field') field += t;
      },
    },
    timers,
    options,
  );
  /** Types keys; a key the capture lets through lands in the field, as the browser would do. */
  const press = (key: string, at: number, target: KeyTarget) => {
    timers.advance(at);
    const d = cap.keydown({ key, at, target });
    if (d === 'default' && target === 'field' && key.length === 1) field += key;
    return d;
  };
  const type = (text: string, start: number, gap: number, target: KeyTarget) => {
    let at = start;
    for (const key of text) {
      press(key, at, target);
      at += gap;
    }
    return at;
  };
  return { timers, scans, cap, press, type, field: () => field };
}

describe('KeyCapture in another field (WedgeDetector)', () => {
  it('routes a scanner burst ended by Enter to the scan pipeline, never into the field', () => {
    const s = setup();
    const at = s.type('CT1ABCDEFG', 0, 3, 'field');
    expect(s.press('Enter', at, 'field')).toBe('swallow');
    s.timers.advance(at + 1000);
    expect(s.scans).toEqual([['CT1ABCDEFG', 'wedge']]);
    expect(s.field()).toBe('');
  });

  it('gives a person typing back into the field, in order', () => {
    const s = setup();
    const at = s.type('12.50', 0, 120, 'field');
    s.timers.advance(at + 200);
    expect(s.field()).toBe('12.50');
    expect(s.press('Enter', at + 300, 'field')).toBe('default');
    expect(s.scans).toEqual([]);
  });

  it('keeps typing made before a scan and takes the scan out of the field', () => {
    const s = setup();
    s.type('99', 0, 150, 'field');
    const at = s.type('CODE123456', 1000, 2, 'field');
    s.press('Enter', at, 'field');
    s.timers.advance(at + 500);
    expect(s.field()).toBe('99');
    expect(s.scans).toEqual([['CODE123456', 'wedge']]);
  });

  it('strips the configured scanner prefix and suffix', () => {
    const s = setup({ minLength: 6, maxMedianIntervalMs: 25, maxGapMs: 80, prefix: '#', suffix: '$' });
    const at = s.type('#ABCDEF$', 0, 3, 'field');
    s.press('Enter', at, 'field');
    expect(s.scans).toEqual([['ABCDEF', 'wedge']]);
  });

  it('with nothing focused a burst is a scan and typing is dropped', () => {
    const s = setup();
    const at = s.type('ABCDEFGH', 0, 4, 'none');
    s.press('Enter', at, 'none');
    s.type('xy', 5000, 200, 'none');
    s.timers.advance(9000);
    expect(s.scans).toEqual([['ABCDEFGH', 'wedge']]);
    expect(s.field()).toBe('');
  });

  it('held typing goes back to its field before focus moves to the scan field', () => {
    const s = setup();
    s.press('7', 0, 'field');
    expect(s.field()).toBe('');
    s.press('A', 10, 'scan');
    expect(s.field()).toBe('7');
  });
});

describe('KeyCapture in the scan field', () => {
  it('lets keys through and tells a scanner from a person by timing', () => {
    const s = setup();
    expect(s.press('C', 0, 'scan')).toBe('default');
    s.type('T1ABCDEFG', 3, 3, 'scan');
    expect(s.cap.takeScanFieldSource(10)).toBe('wedge');
    s.type('CT1ABCDEFG', 1000, 90, 'scan');
    expect(s.cap.takeScanFieldSource(10)).toBe('manual');
    s.type('ABC', 5000, 2, 'scan');
    expect(s.cap.takeScanFieldSource(3)).toBe('manual');
  });
});
