import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecodedCode, FrameDecoder } from './decoders';
import { SeenRecently, startDecodeLoop } from './scanLoop';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const frame = { width: 2, height: 2, data: new Uint8ClampedArray(16) };

describe('SeenRecently', () => {
  it('reports a code once while it stays in view, and again after the window', () => {
    const seen = new SeenRecently(2_000);
    expect(seen.shouldReport('CT1', 0)).toBe(true);
    expect(seen.shouldReport('CT1', 1_500)).toBe(false);
    expect(seen.shouldReport('CT1', 3_000)).toBe(false); // still in view: the window slides
    expect(seen.shouldReport('CT2', 3_000)).toBe(true);
    expect(seen.shouldReport('CT1', 5_001)).toBe(true);
  });
});

describe('startDecodeLoop', () => {
  it('never decodes two frames at once and keeps to the interval', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const decoder: FrameDecoder = {
      name: 'zxing-js',
      decode: async () => {
        starts.push(Date.now());
        maxActive = Math.max(maxActive, ++active);
        await new Promise((r) => setTimeout(r, 300)); // a slow frame
        active -= 1;
        return [];
      },
    };
    const stop = startDecodeLoop({ decoder, grab: () => frame, onCodes: () => undefined, intervalMs: 100, now: () => Date.now() });
    await vi.advanceTimersByTimeAsync(2_000);
    stop();
    expect(maxActive).toBe(1);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps.every((g) => g >= 300)).toBe(true);
    const fastStarts: number[] = [];
    const fast: FrameDecoder = { name: 'zxing-wasm', decode: async () => (fastStarts.push(Date.now()), []) };
    const stop2 = startDecodeLoop({ decoder: fast, grab: () => frame, onCodes: () => undefined, intervalMs: 100, now: () => Date.now() });
    await vi.advanceTimersByTimeAsync(1_000);
    stop2();
    expect(fastStarts.length).toBeGreaterThanOrEqual(9);
    expect(fastStarts.length).toBeLessThanOrEqual(11);
  });

  it('reports each code once while in view, skips frames the video has not got, and stops', async () => {
    const codes: DecodedCode[][] = [[{ text: 'CT-A', aim: ']Q1' }], [{ text: 'CT-A' }, { text: 'CT-B' }], [{ text: 'CT-B' }]];
    let i = 0;
    const decoder: FrameDecoder = { name: 'zxing-wasm', decode: async () => codes[Math.min(i++, 2)]! };
    const got: string[][] = [];
    let grabs = 0;
    const stop = startDecodeLoop({
      decoder,
      grab: () => (++grabs === 1 ? null : frame),
      onCodes: (c) => got.push(c.map((x) => x.text)),
      intervalMs: 120,
      now: () => Date.now(),
    });
    await vi.advanceTimersByTimeAsync(1_000);
    stop();
    expect(got).toEqual([['CT-A'], ['CT-B']]);
    const after = i;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(i).toBe(after);
  });

  it('survives a decoder error and keeps scanning', async () => {
    let n = 0;
    const decoder: FrameDecoder = {
      name: 'zxing-wasm',
      decode: async () => {
        if (++n === 1) throw new Error('wasm trap');
        return [{ text: 'CT-A' }];
      },
    };
    const errors: unknown[] = [];
    const got: string[] = [];
    const stop = startDecodeLoop({ decoder, grab: () => frame, onCodes: (c) => got.push(c[0]!.text), onError: (e) => errors.push(e), now: () => Date.now() });
    await vi.advanceTimersByTimeAsync(500);
    stop();
    expect(errors).toHaveLength(1);
    expect(got).toEqual(['CT-A']);
  });
});
