import { readFileSync } from 'node:fs';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  blankFrame,
  cleanQrFrame,
  eanAboveFadedLinearFrame,
  fadedLinearFrame,
  hardQrFrame,
  linearFrame,
  MINTED_CODES,
  toRgba,
  twoQrFrame,
  type GrayFrame,
} from '../../../e2e/fixtures/cameraFrames';
import { decodeY4m, encodeY4m } from '../../../e2e/fixtures/y4m';
import { prepareZXingModule as prepareReader, readBarcodes } from 'zxing-wasm/reader';
import { createBestDecoder, createJsDecoder, createWasmDecoder, type DecoderOptions, type FrameDecoder } from './decoders';
import { PASS_CYCLE, PassCycle } from './framePasses';

const wasmBytes = (file: string): ArrayBuffer => {
  const b = readFileSync(new URL(`../../../node_modules/zxing-wasm/dist/${file}`, import.meta.url));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** Frames go through the .y4m encoding the e2e camera gets, so the tests see what Chromium sees. */
const viaY4m = (frame: GrayFrame) => {
  const bytes = encodeY4m([frame, frame]);
  const back = decodeY4m(bytes);
  expect(back).toHaveLength(2);
  return toRgba(back[1]!);
};

let wasm: FrameDecoder;
let js: FrameDecoder;
let code128Row: Uint8ClampedArray;
let eanRow: Uint8ClampedArray;
const [A, B] = MINTED_CODES;

beforeAll(async () => {
  wasm = await createWasmDecoder({ wasmBinary: wasmBytes('reader/zxing_reader.wasm') });
  js = createJsDecoder();
  await prepareWriter({ overrides: { wasmBinary: wasmBytes('writer/zxing_writer.wasm') }, fireImmediately: true });
  const written = await writeBarcode('PLAIN-8F3K2Q7Z', { format: 'Code128', withQuietZones: false });
  code128Row = written.symbol.data.slice(0, written.symbol.width);
  const ean = await writeBarcode('4006381333931', { format: 'EAN13', withQuietZones: false });
  eanRow = ean.symbol.data.slice(0, ean.symbol.width);
});
afterAll(() => vi.restoreAllMocks());

describe('y4m fixture video', () => {
  it('writes the header and 4:2:0 planes Chromium reads', () => {
    const bytes = encodeY4m([blankFrame(10)]);
    const header = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n';
    expect(new TextDecoder().decode(bytes.subarray(0, header.length))).toBe(header);
    expect(bytes.length).toBe(header.length + 640 * 480 * 1.5);
    expect(bytes[header.length]).toBe(10);
    expect(bytes[bytes.length - 1]).toBe(128);
    expect(() => encodeY4m([])).toThrow(RangeError);
  });
});

describe('camera decoders on generated 640x480 frames', () => {
  for (const name of ['zxing-wasm', 'zxing-js'] as const) {
    const dec = () => (name === 'zxing-wasm' ? wasm : js);

    it(`${name}: a clean QR of a minted code, exact text and AIM`, async () => {
      expect(await dec().decode(viaY4m(cleanQrFrame(A)))).toEqual([{ text: A, aim: ']Q1', symbology: 'QR Code' }]);
    });

    it(`${name}: Code 128`, async () => {
      expect(await dec().decode(viaY4m(linearFrame(code128Row)))).toEqual([{ text: 'PLAIN-8F3K2Q7Z', aim: ']C0', symbology: 'Code 128' }]);
    });

    it(`${name}: a frame with no code gives nothing and logs nothing`, async () => {
      const warn = vi.spyOn(console, 'warn');
      expect(await dec().decode(viaY4m(blankFrame()))).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
      warn.mockRestore();
    });
  }

  it('zxing-wasm: a rotated, blurred, low-contrast QR', async () => {
    expect((await wasm.decode(viaY4m(hardQrFrame(A)))).map((c) => c.text)).toEqual([A]);
  });

  it('zxing-wasm reads both codes in view; zxing-js never reports a code that is not there', async () => {
    const frame = viaY4m(twoQrFrame(A, B));
    expect((await wasm.decode(frame)).map((c) => c.text).sort()).toEqual([A, B].sort());
    // Measured: @zxing/library finds no code at all with two QR codes in view (six finder
    // patterns), one more reason zxing-wasm is the default.
    for (const code of await js.decode(frame)) expect([A, B]).toContain(code.text);
  });

  it('PassCycle: three contrast passes to one thorough pass, starting over after a read', () => {
    const c = new PassCycle();
    expect([c.take(), c.take(), c.take(), c.take(), c.take()]).toEqual([...PASS_CYCLE, 'contrast']);
    expect(PASS_CYCLE).toEqual(['contrast', 'contrast', 'contrast', 'thorough']);
    c.reset();
    expect(c.take()).toBe('contrast');
  });
  it('falls back to @zxing/library when the WebAssembly cannot load', async () => {
    const reasons: string[] = [];
    const d = await createBestDecoder({ wasmBinary: new ArrayBuffer(8) }, (r) => reasons.push(r));
    expect(d.name).toBe('zxing-js');
    expect(reasons).toHaveLength(1);
  });
});

/** Reads of `frames` by a fresh decoder, frame after frame (a camera's successive frames). */
async function readsOf(make: (o?: DecoderOptions) => Promise<FrameDecoder> | FrameDecoder, frames: GrayFrame[], options?: DecoderOptions) {
  const decoder = await make(options);
  const reads: string[][] = [];
  for (const f of frames) reads.push((await decoder.decode(viaY4m(f))).map((c) => `${c.aim ?? '?'} ${c.text}`));
  return reads;
}

describe('camera: the added passes and the symbology allow-list (issue 12)', () => {
  const makers = {
    'zxing-wasm': (o?: DecoderOptions) => createWasmDecoder({ wasmBinary: wasmBytes('reader/zxing_reader.wasm') }, o),
    'zxing-js': (o?: DecoderOptions) => createJsDecoder(o),
  } as const;
  const seeds = [1, 2, 3, 4, 5, 6];

  it('the faded Code 128 frames are beyond the thorough pass on the raw frame alone (why the contrast pass exists)', async () => {
    await prepareReader({ overrides: { wasmBinary: wasmBytes('reader/zxing_reader.wasm') }, fireImmediately: true });
    for (const seed of seeds.slice(0, 2)) {
      const thorough = await readBarcodes(viaY4m(fadedLinearFrame(code128Row, seed)) as ImageData, {
        formats: ['Code128'],
        tryHarder: true,
        tryInvert: true,
        tryRotate: true,
      });
      expect(thorough).toEqual([]);
    }
  });

  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: a faded Code 128 (low print contrast, camera noise) is read, and read again frame after frame`, async () => {
      const reads = await readsOf(
        make,
        seeds.map((seed) => fadedLinearFrame(code128Row, seed)),
      );
      expect(reads.flat().every((r) => r === ']C0 PLAIN-8F3K2Q7Z')).toBe(true);
      // The first frame already (the fast pass finds nothing, the contrast pass reads it), and most after.
      expect(reads[0]).toEqual([']C0 PLAIN-8F3K2Q7Z']);
      expect(reads.filter((r) => r.length > 0).length).toBeGreaterThanOrEqual(4);
    });

    it(`${name}: an EAN-13 above a faded Code 128 is never read as the coupon (default QR + Code 128)`, async () => {
      const frames = seeds.map((seed) => eanAboveFadedLinearFrame(eanRow, code128Row, seed));
      const reads = (await readsOf(make, frames)).flat();
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads)).toEqual(new Set([']C0 PLAIN-8F3K2Q7Z']));
      // The same frames with EAN-13 allowed: the EAN is there to be read, so the list is what keeps it out.
      const withEan = (await readsOf(make, frames, { symbologies: ['QRCode', 'Code128', 'EAN13'] })).flat();
      expect(withEan).toContain(']E0 4006381333931');
    });

    it(`${name}: only the allowed kinds, in every pass (QR only: a Code 128 is never read)`, async () => {
      const frames = Array.from({ length: PASS_CYCLE.length + 1 }, () => linearFrame(code128Row));
      expect((await readsOf(make, frames, { symbologies: ['QRCode'] })).flat()).toEqual([]);
      expect((await readsOf(make, [cleanQrFrame(A)], { symbologies: ['QRCode'] })).flat()).toEqual([`]Q1 ${A}`]);
    });

    it(`${name}: an inverted code (dark-mode screen) is read on the first frame by the added inverted pass`, async () => {
      const clean = cleanQrFrame(A);
      const inverted = { ...clean, data: clean.data.map((v) => 255 - v) };
      const reads = await readsOf(make, [inverted, inverted]);
      expect(reads).toEqual([[`]Q1 ${A}`], [`]Q1 ${A}`]]);
    });
  }
});
