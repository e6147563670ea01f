import { describe, expect, it } from 'vitest';
import { ageParts } from './age';

describe('ageParts', () => {
  it('uses the largest whole unit', () => {
    expect(ageParts(0)).toEqual({ unit: 'now', n: 0 });
    expect(ageParts(-5000)).toEqual({ unit: 'now', n: 0 });
    expect(ageParts(12_000)).toEqual({ unit: 's', n: 12 });
    expect(ageParts(60_000)).toEqual({ unit: 'm', n: 1 });
    expect(ageParts(3_599_999)).toEqual({ unit: 'm', n: 59 });
    expect(ageParts(7_200_000)).toEqual({ unit: 'h', n: 2 });
    expect(ageParts(3 * 86_400_000 + 5)).toEqual({ unit: 'd', n: 3 });
  });
});
