/**
 * What a camera frame gets beyond the fast pass, kept within the frame budget (p50 <= 8 ms per
 * 640x480 frame, bench/scan.ts). Every frame gets the fast pass; a frame where it found nothing
 * gets ONE added pass, taking turns across frames (`PassCycle`):
 *  - 'contrast': the target box (where the cashier holds the coupon) averaged along the bars and
 *    contrast-stretched, then read as is and inverted. A faded print under store light (dark bars
 *    25-30 grey levels from the paper, camera noise) gives no edges to the fast pass's binarizer;
 *    averaging 7 rows cuts the noise 2.6x and the stretch restores the edges. Cost: ~1 ms + a read
 *    of 42% of the frame.
 *  - 'thorough': the decoder's own thorough pass over the whole frame (tryHarder, tryInvert,
 *    tryRotate; @zxing/library TRY_HARDER plus the inverted frame): 30-40 ms, so 1 frame in 4.
 * Pure: pixels in, pixels out (tested and benchmarked in Node).
 */
import type { RgbaFrame } from './decoders';

export type AddedPass = 'contrast' | 'thorough';

/** The added passes in turn: three cheap contrast passes to one thorough pass. */
export const PASS_CYCLE: readonly AddedPass[] = ['contrast', 'contrast', 'contrast', 'thorough'];

/** Takes turns: frame after frame with nothing found, the next added pass; a read starts over. */
export class PassCycle {
  private next = 0;

  /** The added pass for this empty frame. */
  take(): AddedPass {
    const pass = PASS_CYCLE[this.next % PASS_CYCLE.length]!;
    this.next += 1;
    return pass;
  }

  /** A code was read: the next empty frame starts with the cheapest pass again. */
  reset(): void {
    this.next = 0;
  }
}

/** An 8-bit grey image. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The camera's target box (CameraScanner draws it): 60% of the width, 70% of the height, centred. */
export function targetBox(width: number, height: number): { x: number; y: number; width: number; height: number } {
  const w = Math.round(width * 0.6);
  const h = Math.round(height * 0.7);
  return { x: Math.round((width - w) / 2), y: Math.round((height - h) / 2), width: w, height: h };
}

/** Luma of every pixel (BT.601 weights, integer arithmetic). */
export function toGray(frame: RgbaFrame, into?: Uint8ClampedArray): GrayImage {
  const n = frame.width * frame.height;
  const gray = into && into.length === n ? into : new Uint8ClampedArray(n);
  const d = frame.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) gray[i] = (306 * d[j]! + 601 * d[j + 1]! + 117 * d[j + 2]! + 512) >> 10;
  return { width: frame.width, height: frame.height, data: gray };
}

const SMOOTH_RADIUS = 3;

/**
 * The target box of `gray`, each pixel the mean of the 7 rows around it (a barcode held level
 * does not change down its bars; noise does), stretched so its 0.5th..99.5th percentile spans
 * 0..255. A box with almost no contrast (< 8 levels) is stretched at most 32x, so flat paper stays flat.
 */
export function contrastStretched(gray: GrayImage): GrayImage {
  const box = targetBox(gray.width, gray.height);
  const { width, height } = box;
  const out = new Uint8ClampedArray(width * height);
  const sums = new Uint32Array(width);
  const src = gray.data;
  const rowAt = (y: number) => (box.y + y) * gray.width + box.x;
  // Running column sums over a window of rows [y - r, y + r], clipped at the box's edges.
  for (let y = 0; y <= SMOOTH_RADIUS && y < height; y++) for (let x = 0, i = rowAt(y); x < width; x++, i++) sums[x]! += src[i]!;
  let count = Math.min(SMOOTH_RADIUS + 1, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, o = y * width; x < width; x++, o++) out[o] = sums[x]! / count;
    const add = y + SMOOTH_RADIUS + 1;
    const drop = y - SMOOTH_RADIUS;
    if (add < height) {
      for (let x = 0, i = rowAt(add); x < width; x++, i++) sums[x]! += src[i]!;
      count += 1;
    }
    if (drop >= 0) {
      for (let x = 0, i = rowAt(drop); x < width; x++, i++) sums[x]! -= src[i]!;
      count -= 1;
    }
  }
  const hist = new Uint32Array(256);
  for (let i = 0; i < out.length; i++) hist[out[i]!]! += 1;
  const cut = out.length * 0.005;
  let low = 0;
  for (let seen = hist[0]!; seen <= cut && low < 255;) seen += hist[++low]!;
  let high = 255;
  for (let seen = hist[255]!; seen <= cut && high > 0;) seen += hist[--high]!;
  const scale = 255 / Math.max(8, high - low);
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! - low) * scale; // Uint8ClampedArray rounds and clamps
  return { width, height, data: out };
}

/** Grey pixels as RGBA (what ZXing-C++ reads), into a buffer reused frame after frame. */
export function grayToRgba(gray: GrayImage, into?: Uint8ClampedArray): RgbaFrame {
  const n = gray.width * gray.height;
  const data = into && into.length === n * 4 ? into : new Uint8ClampedArray(n * 4);
  const g = gray.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const v = g[i]!;
    data[j] = v;
    data[j + 1] = v;
    data[j + 2] = v;
    data[j + 3] = 255;
  }
  return { width: gray.width, height: gray.height, data };
}
