import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecentScans } from './recentScans';

describe('RecentScans', () => {
  it('ignores the same code inside the window and takes it again after', () => {
    const r = new RecentScans(1000);
    expect(r.isRepeat('A', 0)).toBe(false);
    expect(r.isRepeat('A', 500)).toBe(true);
    expect(r.isRepeat('B', 600)).toBe(false);
    // the ignored sighting at 500 extended the window to 1500
    expect(r.isRepeat('A', 1400)).toBe(true);
    expect(r.isRepeat('A', 2400)).toBe(false);
  });

  it('a zero window ignores nothing', () => {
    const r = new RecentScans(0);
    expect(r.isRepeat('A', 0)).toBe(false);
    expect(r.isRepeat('A', 0)).toBe(false);
  });

  it('never ignores a code seen for the first time, and prunes old entries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.nat(50)), { maxLength: 200 }), (steps) => {
        const r = new RecentScans(100);
        const seen = new Set<string>();
        let now = 0;
        for (const [code, dt] of steps) {
          now += dt;
          const rep = r.isRepeat(code, now);
          if (!seen.has(code)) expect(rep).toBe(false);
          seen.add(code);
        }
      }),
    );
    const r = new RecentScans(10);
    for (let i = 0; i < 2000; i++) r.isRepeat(`c${i}`, i * 100);
    expect(r.size).toBeLessThan(600);
  });
});
