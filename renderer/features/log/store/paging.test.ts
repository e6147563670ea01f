import { describe, expect, it } from 'vitest';
import { currentCursor, firstPage, goNext, goPrev, hasNext, hasPrev, withNext } from './paging';

describe('keyset paging', () => {
  it('walks forward with main cursors and back to the exact earlier pages', () => {
    let p = firstPage();
    expect(currentCursor(p)).toBeUndefined();
    expect(hasPrev(p)).toBe(false);
    expect(goNext(p)).toBe(p); // no next cursor yet: stays
    p = withNext(p, 'c1');
    p = goNext(p);
    expect(currentCursor(p)).toBe('c1');
    p = goNext(withNext(p, 'c2'));
    expect(currentCursor(p)).toBe('c2');
    expect(hasNext(p)).toBe(false);
    p = goPrev(p);
    expect(currentCursor(p)).toBe('c1');
    p = goPrev(p);
    expect(currentCursor(p)).toBeUndefined();
    expect(goPrev(p)).toBe(p);
  });
  it('going forward after going back drops the stale later cursors', () => {
    let p = goNext(withNext(goNext(withNext(firstPage(), 'a')), 'b'));
    p = goPrev(goPrev(p));
    p = goNext(withNext(p, 'a2'));
    expect(p.cursors).toEqual([undefined, 'a2']);
  });
});
