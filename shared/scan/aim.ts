/**
 * AIM symbology identifiers (ISO/IEC 15424): "]" + symbology letter + modifier character.
 * Scanners in HID POS mode send one with every scan, ZXing-C++ reports one with every read;
 * we record it with the redemption and show the symbology's name.
 */

/** Names by AIM symbology letter (case matters: "]d" is Data Matrix, "]D" is Code One). */
const AIM_LETTERS: Readonly<Record<string, string>> = {
  A: 'Code 39',
  B: 'Telepen',
  C: 'Code 128',
  D: 'Code One',
  E: 'EAN/UPC',
  F: 'Codabar',
  G: 'Code 93',
  H: 'Code 11',
  I: 'Interleaved 2 of 5',
  K: 'Code 16K',
  L: 'PDF417',
  M: 'MSI',
  N: 'Anker',
  O: 'Codablock',
  P: 'Plessey',
  Q: 'QR Code',
  R: 'Straight 2 of 5',
  S: 'Straight 2 of 5',
  U: 'MaxiCode',
  X: 'Other',
  Z: 'Non-barcode',
  d: 'Data Matrix',
  e: 'GS1 DataBar',
  h: 'Han Xin',
  z: 'Aztec',
};

/** Full identifiers whose modifier changes the name (GS1 variants, EAN-8 against EAN-13). */
const AIM_EXACT: Readonly<Record<string, string>> = {
  ']C1': 'GS1-128',
  ']d2': 'GS1 Data Matrix',
  ']Q3': 'GS1 QR Code',
  ']E0': 'EAN-13',
  ']E4': 'EAN-8',
  ']L2': 'MicroPDF417',
};

const AIM_PATTERN = /^\][A-Za-z][0-9A-Za-z]$/;

/** True for a well-formed AIM identifier such as "]Q1". */
export function isAimId(text: string): boolean {
  return AIM_PATTERN.test(text);
}

/**
 * The symbology's name for an AIM identifier ("]Q1" -> "QR Code"), or undefined when the
 * identifier is malformed or its letter is not one we know.
 */
export function symbologyForAim(aim: string): string | undefined {
  if (!isAimId(aim)) return undefined;
  return AIM_EXACT[aim] ?? AIM_LETTERS[aim.charAt(1)];
}

/**
 * Honeywell-style one-byte "code id" that engines send besides (or instead of) the AIM id,
 * for example at byte 61 of a HID POS report, or at byte 62 when the report has no AIM.
 */
const VENDOR_CODE_IDS: Readonly<Record<string, string>> = {
  a: 'Codabar',
  b: 'Code 39',
  c: 'UPC-A',
  d: 'EAN-13',
  D: 'EAN-8',
  E: 'UPC-E',
  e: 'Interleaved 2 of 5',
  i: 'Code 93',
  I: 'GS1-128',
  j: 'Code 128',
  r: 'PDF417',
  R: 'MicroPDF417',
  s: 'QR Code',
  w: 'Data Matrix',
  x: 'MaxiCode',
  y: 'GS1 DataBar',
  z: 'Aztec',
};

/** The symbology's name for a vendor code id byte, or undefined (0x00 and unknown ids). */
export function symbologyForVendorCodeId(byte: number): string | undefined {
  if (!Number.isInteger(byte) || byte < 0x21 || byte > 0x7e) return undefined;
  return VENDOR_CODE_IDS[String.fromCharCode(byte)];
}

/**
 * A keyboard-wedge scanner set to send the AIM id types it before the data ("]Q1CT0DX..."):
 * splits it off. Recognised with no setting, because a coupon code never starts with "]"
 * followed by a letter and a digit or letter: signed codes start with "CT", and a plain code
 * starting so would be one no scanner could tell from an AIM id either (docs/scanners.md).
 * The AIM id must be one we know; "]" + anything else is left as data.
 */
export function splitAimPrefix(text: string): { text: string; aim?: string; symbology?: string } {
  const aim = text.slice(0, 3);
  const symbology = text.length > 3 ? symbologyForAim(aim) : undefined;
  return symbology ? { text: text.slice(3), aim, symbology } : { text };
}
