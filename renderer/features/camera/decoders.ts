/**
 * Barcode decoders for camera frames, behind one interface so the camera loop, the tests and
 * bench/scan.ts compare them on the same frames. ZXing-C++ (zxing-wasm) is the default: faster
 * here and it reads more real-world codes (SCANNERS.md); @zxing/library is the fallback when the
 * WebAssembly module cannot load. The .wasm is always loaded from the app itself, never a CDN.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { symbologyForAim } from '../../../shared/scan/aim';

/** RGBA pixels, as CanvasRenderingContext2D.getImageData gives them (ImageData fits). */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface DecodedCode {
  text: string;
  /** AIM symbology identifier, e.g. "]Q1". */
  aim?: string;
  symbology?: string;
}

export interface FrameDecoder {
  readonly name: 'zxing-wasm' | 'zxing-js';
  /** Every code found in the frame (none: an empty array). Never throws for a frame without a code. */
  decode(frame: RgbaFrame): Promise<DecodedCode[]>;
}

/** Where the ZXing-C++ .wasm comes from: a URL of the app (renderer, bundled by Vite) or its bytes (Node). */
export type WasmSource = { wasmUrl: string } | { wasmBinary: ArrayBuffer };

/**
 * Measured here (bench/scan.ts, 640x480): ZXing-C++'s thorough settings (tryHarder, tryInvert,
 * tryRotate, five formats) cost 30-40 ms a frame; the quick pass (QR + Code 128 only) 3 ms and it
 * still reads our rotated/blurred/low-contrast and two-code frames. So every frame gets the
 * quick pass, and every THOROUGH_EVERY-th frame in a row without a code gets the thorough one
 * (inverted codes on dark-mode phone screens, damaged prints) without slowing every frame.
 */
const QUICK: ReaderOptions = {
  formats: ['QRCode', 'Code128'],
  tryHarder: false,
  tryInvert: false,
  // Raw text as encoded (no ECI/GS1 rewriting): the text must match what a HID scanner sends.
  textMode: 'Plain',
  maxNumberOfSymbols: 4,
};
const THOROUGH: ReaderOptions = {
  ...QUICK,
  formats: ['QRCode', 'Code128', 'DataMatrix', 'EAN13', 'Code39'],
  tryHarder: true,
  tryInvert: true,
  tryRotate: true,
};
export const THOROUGH_EVERY = 4;

/** Counts frames without a code and says when the next one deserves the thorough pass. */
function escalation() {
  let empty = 0;
  return {
    thorough: () => empty > 0 && empty % THOROUGH_EVERY === 0,
    saw: (found: boolean) => {
      empty = found ? 0 : empty + 1;
    },
  };
}

export async function createWasmDecoder(source: WasmSource): Promise<FrameDecoder> {
  const overrides =
    'wasmBinary' in source
      ? { wasmBinary: source.wasmBinary }
      : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) };
  await prepareZXingModule({ overrides, fireImmediately: true });
  const pass = escalation();
  return {
    name: 'zxing-wasm',
    async decode(frame) {
      const results = await readBarcodes(frame as ImageData, pass.thorough() ? THOROUGH : QUICK);
      const codes = results
        .filter((r) => r.isValid && r.text.length > 0)
        .map((r) => withSymbology({ text: r.text }, r.symbologyIdentifier, r.format));
      pass.saw(codes.length > 0);
      return codes;
    },
  };
}

const JS_AIM: Partial<Record<BarcodeFormat, string>> = {
  [BarcodeFormat.QR_CODE]: ']Q1',
  [BarcodeFormat.CODE_128]: ']C0',
  [BarcodeFormat.DATA_MATRIX]: ']d1',
  [BarcodeFormat.EAN_13]: ']E0',
  [BarcodeFormat.CODE_39]: ']A0',
};

/** @zxing/library: pure JavaScript, one code per frame; the same quick/thorough cadence. */
export function createJsDecoder(): FrameDecoder {
  const quick = new MultiFormatReader();
  quick.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128]]]));
  const thorough = new MultiFormatReader();
  thorough.setHints(new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, Object.keys(JS_AIM).map(Number)],
    [DecodeHintType.TRY_HARDER, true],
  ]));
  const pass = escalation();
  let gray = new Uint8ClampedArray(0);
  return {
    name: 'zxing-js',
    async decode(frame) {
      const n = frame.width * frame.height;
      if (gray.length !== n) gray = new Uint8ClampedArray(n);
      const d = frame.data;
      for (let i = 0, j = 0; i < n; i++, j += 4) gray[i] = (306 * d[j]! + 601 * d[j + 1]! + 117 * d[j + 2]! + 512) >> 10;
      const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray, frame.width, frame.height)));
      const reader = pass.thorough() ? thorough : quick;
      try {
        const result = silenced(() => reader.decodeWithState(bitmap));
        const format = result.getBarcodeFormat();
        pass.saw(true);
        return [withSymbology({ text: result.getText() }, JS_AIM[format], BarcodeFormat[format])];
      } catch {
        pass.saw(false);
        return []; // NotFound / Checksum / Format: no readable code in this frame
      } finally {
        reader.reset();
      }
    },
  };
}

/**
 * ZXing-C++ when its WebAssembly loads, else @zxing/library; `onFallback` hears why (shown in
 * the camera panel, so a slow decoder is never a silent mystery).
 */
export async function createBestDecoder(source: WasmSource, onFallback?: (reason: string) => void): Promise<FrameDecoder> {
  try {
    return await createWasmDecoder(source);
  } catch (error) {
    onFallback?.(error instanceof Error ? error.message : String(error));
    return createJsDecoder();
  }
}

/** @zxing/library logs through console.warn on frames; the decode loop runs ~8 times a second. */
function silenced<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

function withSymbology(code: DecodedCode, aim: string | undefined, format: string | undefined): DecodedCode {
  if (aim) code.aim = aim;
  const name = (aim && symbologyForAim(aim)) || format;
  if (name) code.symbology = name;
  return code;
}
