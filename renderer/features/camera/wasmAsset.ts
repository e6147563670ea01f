/// <reference types="vite/client" />
/**
 * The ZXing-C++ WebAssembly file, bundled by Vite as an asset of the app (served by the app
 * itself, so it works offline and under the CSP; zxing-wasm would otherwise fetch it from a CDN).
 */
import zxingReaderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export const ZXING_WASM_URL: string = zxingReaderWasmUrl;
