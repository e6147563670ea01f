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
  InvertedLuminanceSource,
  MultiFormatReader,
  RGBLuminanceSource,
  type LuminanceSource,
} from '@zxing/library';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { symbologyForAim } from '../../../shared/scan/aim';
import { DEFAULT_CAMERA_SYMBOLOGIES, isAllowedRead, type CameraSymbology } from '../../../shared/scan/symbologies';
import { contrastStretched, grayToRgba, PassCycle, toGray } from './framePasses';

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

/** Which barcode kinds a decoder may report (Settings -> Scanner; default QR and Code 128). */
export interface DecoderOptions {
  symbologies?: readonly CameraSymbology[];
  /** False: the fast pass only (bench:scan's control). Default true. */
  addedPasses?: boolean;
}

/**
 * Measured here (bench/scan.ts, 640x480): the fast pass (tryHarder off) costs ~3 ms a frame and
 * reads our clean, rotated/blurred/low-contrast QR and two-code frames; a frame where it finds
 * nothing gets one added pass in turn (framePasses.ts): the contrast-stretched target box (faded
 * Code 128), as is and inverted, or the thorough pass. Each is held to the allowed symbologies.
 */
function wasmOptions(formats: readonly CameraSymbology[]) {
  const fast: ReaderOptions = {
    formats: [...formats],
    tryHarder: false,
    tryInvert: false,
    // Raw text as encoded (no ECI/GS1 rewriting): the text must match what a HID scanner sends.
    textMode: 'Plain',
    maxNumberOfSymbols: 4,
  };
  return {
    fast,
    contrast: { ...fast, tryInvert: true } satisfies ReaderOptions,
    thorough: { ...fast, tryHarder: true, tryInvert: true, tryRotate: true } satisfies ReaderOptions,
  };
}

/** A decoder's reads, kept only when their AIM id names an allowed kind (the last check, whatever the decoder). */
function allowedOnly(codes: DecodedCode[], allowed: readonly CameraSymbology[]): DecodedCode[] {
  return codes.filter((c) => isAllowedRead(c.aim, allowed));
}

export async function createWasmDecoder(source: WasmSource, options: DecoderOptions = {}): Promise<FrameDecoder> {
  const overrides =
    'wasmBinary' in source
      ? { wasmBinary: source.wasmBinary }
      : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) };
  await prepareZXingModule({ overrides, fireImmediately: true });
  const allowed = options.symbologies ?? DEFAULT_CAMERA_SYMBOLOGIES;
  const opts = wasmOptions(allowed);
  const cycle = new PassCycle();
  let gray: Uint8ClampedArray = new Uint8ClampedArray(0);
  let rgba: Uint8ClampedArray = new Uint8ClampedArray(0);
  const read = async (frame: RgbaFrame, o: ReaderOptions) =>
    allowedOnly(
      (await readBarcodes(frame as ImageData, o))
        .filter((r) => r.isValid && r.text.length > 0)
        .map((r) => withSymbology({ text: r.text }, r.symbologyIdentifier, r.format)),
      allowed,
    );
  return {
    name: 'zxing-wasm',
    async decode(frame) {
      let codes = await read(frame, opts.fast);
      if (codes.length === 0 && options.addedPasses !== false) {
        if (cycle.take() === 'thorough') codes = await read(frame, opts.thorough);
        else {
          const g = toGray(frame, gray);
          gray = g.data;
          const stretched = grayToRgba(contrastStretched(g), rgba);
          rgba = stretched.data;
          codes = await read(stretched, opts.contrast);
        }
      }
      if (codes.length > 0) cycle.reset();
      return codes;
    },
  };
}

const JS_FORMAT: Readonly<Record<CameraSymbology, BarcodeFormat>> = {
  QRCode: BarcodeFormat.QR_CODE,
  Code128: BarcodeFormat.CODE_128,
  DataMatrix: BarcodeFormat.DATA_MATRIX,
  Code39: BarcodeFormat.CODE_39,
  EAN13: BarcodeFormat.EAN_13,
};

const JS_AIM: Partial<Record<BarcodeFormat, string>> = {
  [BarcodeFormat.QR_CODE]: ']Q1',
  [BarcodeFormat.CODE_128]: ']C0',
  [BarcodeFormat.DATA_MATRIX]: ']d1',
  [BarcodeFormat.EAN_13]: ']E0',
  [BarcodeFormat.CODE_39]: ']A0',
};

/** @zxing/library: pure JavaScript, one code per frame; the same fast pass and added passes in turn. */
export function createJsDecoder(options: DecoderOptions = {}): FrameDecoder {
  const allowed = options.symbologies ?? DEFAULT_CAMERA_SYMBOLOGIES;
  const formats = allowed.map((s) => JS_FORMAT[s]);
  const fast = new MultiFormatReader();
  fast.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, formats]]));
  const thorough = new MultiFormatReader();
  thorough.setHints(
    new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, formats],
      [DecodeHintType.TRY_HARDER, true],
    ]),
  );
  const cycle = new PassCycle();
  let gray: Uint8ClampedArray = new Uint8ClampedArray(0);
  const read = (reader: MultiFormatReader, source: LuminanceSource): DecodedCode[] => {
    try {
      const result = silenced(() => reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source))));
      const format = result.getBarcodeFormat();
      return allowedOnly([withSymbology({ text: result.getText() }, JS_AIM[format], BarcodeFormat[format])], allowed);
    } catch {
      return []; // NotFound / Checksum / Format: no readable code in this frame
    } finally {
      reader.reset();
    }
  };
  return {
    name: 'zxing-js',
    async decode(frame) {
      const g = toGray(frame, gray);
      gray = g.data;
      const whole = new RGBLuminanceSource(g.data, g.width, g.height);
      let codes = read(fast, whole);
      if (codes.length === 0 && options.addedPasses !== false) {
        if (cycle.take() === 'thorough') {
          codes = read(thorough, whole);
          if (codes.length === 0) codes = read(thorough, new InvertedLuminanceSource(whole));
        } else {
          const s = contrastStretched(g);
          const box = new RGBLuminanceSource(s.data, s.width, s.height);
          codes = read(fast, box);
          if (codes.length === 0) codes = read(fast, new InvertedLuminanceSource(box));
        }
      }
      if (codes.length > 0) cycle.reset();
      return codes;
    },
  };
}

/**
 * ZXing-C++ when its WebAssembly loads, else @zxing/library; `onFallback` hears why (shown in
 * the camera panel, so a slow decoder is never a silent mystery).
 */
export async function createBestDecoder(source: WasmSource, onFallback?: (reason: string) => void, options: DecoderOptions = {}): Promise<FrameDecoder> {
  try {
    return await createWasmDecoder(source, options);
  } catch (error) {
    onFallback?.(error instanceof Error ? error.message : String(error));
    return createJsDecoder(options);
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
