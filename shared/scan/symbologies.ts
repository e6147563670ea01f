/**
 * Which barcode kinds the till's camera decoders may read (Settings -> Scanner). Every decoder
 * (ZXing-C++ formats, @zxing/library POSSIBLE_FORMATS, and a last check on what any of them
 * returns) is held to this list, so a product's EAN-13 printed beside the coupon's Code 128 is
 * never read as the coupon. Handheld scanners choose their symbologies in the device itself.
 */
import { z } from 'zod';

/** Names as ZXing-C++ (zxing-wasm) spells its formats. */
export const CAMERA_SYMBOLOGIES = ['QRCode', 'Code128', 'DataMatrix', 'Code39', 'EAN13'] as const;
export type CameraSymbology = (typeof CAMERA_SYMBOLOGIES)[number];

/** What signed coupons (QR) and printed plain codes (Code 128) use. */
export const DEFAULT_CAMERA_SYMBOLOGIES: readonly CameraSymbology[] = ['QRCode', 'Code128'];

export const CameraSymbologiesSchema = z
  .array(z.enum(CAMERA_SYMBOLOGIES))
  .min(1, 'choose at least one kind of barcode')
  .max(CAMERA_SYMBOLOGIES.length)
  .refine((list) => new Set(list).size === list.length, 'each kind of barcode once');

/** The AIM symbology letter of each (ISO/IEC 15424): a decoder's AIM id tells which kind it read. */
const AIM_LETTER: Readonly<Record<CameraSymbology, string>> = { QRCode: 'Q', Code128: 'C', DataMatrix: 'd', Code39: 'A', EAN13: 'E' };

/** The allowed kind an AIM id names, or null (another kind, or not an AIM id). EAN-8/UPC share 'E'. */
export function cameraSymbologyOfAim(aim: string | undefined): CameraSymbology | null {
  if (!aim || !/^\][A-Za-z][0-9A-Za-z]$/.test(aim)) return null;
  return CAMERA_SYMBOLOGIES.find((s) => AIM_LETTER[s] === aim.charAt(1)) ?? null;
}

/** True when a read with this AIM id is of a kind in `allowed` (no AIM: not provably allowed). */
export function isAllowedRead(aim: string | undefined, allowed: readonly CameraSymbology[]): boolean {
  const kind = cameraSymbologyOfAim(aim);
  return kind !== null && allowed.includes(kind);
}
