import { readFileSync } from 'node:fs';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blankFrame, cleanQrFrame, hardQrFrame, linearFrame, MINTED_CODES, toRgba, twoQrFrame, type GrayFrame } from '../../../e2e/fixtures/cameraFrames';
import { decodeY4m, encodeY4m } from '../../../e2e/fixtures/y4m';
import { createBestDecoder, createJsDecoder, createWasmDecoder, THOROUGH_EVERY, type FrameDecoder } from './decoders';

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
const [A, B] = MINTED_CODES;

beforeAll(async () => {
  wasm = await createWasmDecoder({ wasmBinary: wasmBytes('reader/zxing_reader.wasm') });
  js = createJsDecoder();
  await prepareWriter({ overrides: { wasmBinary: wasmBytes('writer/zxing_writer.wasm') }, fireImmediately: true });
  const written = await writeBarcode('PLAIN-8F3K2Q7Z', { format: 'Code128', withQuietZones: false });
  code128Row = written.symbol.data.slice(0, written.symbol.width);
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

  it('zxing-wasm: an inverted code (dark-mode screen) is read by the thorough pass every few empty frames', async () => {
    const decoder = await createWasmDecoder({ wasmBinary: wasmBytes('reader/zxing_reader.wasm') });
    const clean = cleanQrFrame(A);
    const inverted = toRgba({ ...clean, data: clean.data.map((v) => 255 - v) });
    const reads: number[] = [];
    for (let i = 0; i < THOROUGH_EVERY + 1; i++) reads.push((await decoder.decode(inverted)).length);
    expect(reads).toEqual([...Array<number>(THOROUGH_EVERY).fill(0), 1]);
  });

  it('falls back to @zxing/library when the WebAssembly cannot load', async () => {
    const reasons: string[] = [];
    const d = await createBestDecoder({ wasmBinary: new ArrayBuffer(8) }, (r) => reasons.push(r));
    expect(d.name).toBe('zxing-js');
    expect(reasons).toHaveLength(1);
  });
});
