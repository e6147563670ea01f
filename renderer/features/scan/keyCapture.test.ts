import { describe, expect, it } from 'vitest';
import { KeyCapture, isBurst, type KeyTarget, type TimerHost } from './keyCapture';

/** Manual timers: tests advance time explicitly. */
class FakeTimers implements TimerHost {
  now = 0;
  private jobs: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.jobs.push({ at: this.now + ms, fn, id });
    return id;
  }
  clear(handle: unknown): void {
    this.jobs = this.jobs.filter((j) => j.id !== handle);
  }
  advance(to: number): void {
    this.now = to;
    const due = this.jobs.filter((j) => j.at <= to);
    this.jobs = this.jobs.filter((j) => j.at > to);
    for (const j of due) j.fn();
  }
}

function setup() {
  const timers = new FakeTimers();
  const scans: [string, string][] = [];
  let field = '';
  const cap = new KeyCapture({ onScan: (t, s) => scans.push([t, s]), release: (t) => (field += t) }, timers);
  const type = (text: string, start: number, gap: number, target: KeyTarget) => {
    let at = start;
    const decisions: string[] = [];
    for (const key of text) {
      timers.advance(at);
      const d = cap.keydown({ key, at, target });
      if (d === 'default' && target === 'field' && key.length === 1) field += key;
      decisions.push(d);
      at += gap;
    }
    return { at, decisions };
  };
  return { timers, scans, cap, type, field: () => field };
}

describe('KeyCapture in another field', () => {
  it('routes a scanner burst ended by Enter to the scan pipeline, never into the field', () => {
    const s = setup();
    const { at } = s.type('CT1ABCDEFG', 0, 3, 'field');
    s.timers.advance(at);
    expect(s.cap.keydown({ key: 'Enter', at, target: 'field' })).toBe('swallow');
    expect(s.scans).toEqual([['CT1ABCDEFG', 'wedge']]);
    s.timers.advance(at + 1000);
    expect(s.field()).toBe('');
  });

  it('releases a person typing into the field, in order', () => {
    const s = setup();
    const { at } = s.type('12.50', 0, 120, 'field');
    s.timers.advance(at + 100);
    expect(s.field()).toBe('12.50');
    expect(s.cap.keydown({ key: 'Enter', at: at + 200, target: 'field' })).toBe('default');
    expect(s.scans).toEqual([]);
  });

  it('keeps typing before a scan and takes the scan out of the field', () => {
    const s = setup();
    s.type('99', 0, 150, 'field');
    const { at } = s.type('CODE1234', 1000, 2, 'field');
    s.cap.keydown({ key: 'Enter', at, target: 'field' });
    s.timers.advance(at + 500);
    expect(s.field()).toBe('99');
    expect(s.scans).toEqual([['CODE1234', 'wedge']]);
  });

  it('a short fast run is typing: Enter submits the field normally', () => {
    const s = setup();
    const { at } = s.type('12', 0, 10, 'field');
    expect(s.cap.keydown({ key: 'Enter', at, target: 'field' })).toBe('default');
    expect(s.field()).toBe('12');
    expect(s.scans).toEqual([]);
  });

  it('Backspace applies after held characters', () => {
    const s = setup();
    s.type('12', 0, 10, 'field');
    expect(s.cap.keydown({ key: 'Backspace', at: 25, target: 'field' })).toBe('default');
    expect(s.field()).toBe('12');
  });

  it('with nothing focused a burst is still a scan and typing is dropped', () => {
    const s = setup();
    const { at } = s.type('ABCDEF', 0, 4, 'none');
    s.cap.keydown({ key: 'Enter', at, target: 'none' });
    s.type('xy', 5000, 200, 'none');
    s.timers.advance(9000);
    expect(s.scans).toEqual([['ABCDEF', 'wedge']]);
    expect(s.field()).toBe('');
  });
});

describe('KeyCapture in the scan field', () => {
  it('lets keys through and tells a scanner from a person by timing', () => {
    const s = setup();
    const fast = s.type('CT1ABCDEFG', 0, 3, 'scan');
    expect(fast.decisions.every((d) => d === 'default')).toBe(true);
    expect(s.cap.takeScanFieldSource(10)).toBe('wedge');
    s.type('CT1ABCDEFG', 1000, 90, 'scan');
    expect(s.cap.takeScanFieldSource(10)).toBe('manual');
  });
});

describe('isBurst', () => {
  const opts = { maxGapMs: 35, minLength: 4 };
  it('needs length, a fast median and no long pause', () => {
    expect(isBurst([0, 3, 6, 9, 12], 5, opts)).toBe(true);
    expect(isBurst([0, 3, 6], 3, opts)).toBe(false);
    expect(isBurst([0, 40, 80, 120, 160], 5, opts)).toBe(false);
    expect(isBurst([0, 3, 6, 500, 503], 5, opts)).toBe(false);
  });
});
