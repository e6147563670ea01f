/**
 * Text form of a signed code: "CT" + base36 body + 2 check characters.
 *
 * The body is the bytes (payload || signature) read as ONE big-endian integer, written in base36
 * (0-9A-Z) and left-padded with '0' to exactly c(n) characters, where c(n) is the least c with
 * 36^c >= 256^n (= ceil(8n / log2 36)). c grows by at least one per byte, so the body length alone
 * tells the byte count n, and leading zero bytes survive. Uppercase alphanumerics are the QR
 * alphanumeric set (5.5 bits/char in a QR) and the characters a keyboard-wedge scanner types the
 * same on every keyboard layout except for case, which we fold.
 */
import { CodeFormatError } from './payload';

/** Marker that starts every signed code. */
export const CODE_MARKER = 'CT';
export const SIGNATURE_BYTES = 64;
/** Smallest and largest byte count (payload + signature) we treat as "ours" in any format version. */
export const MIN_CODE_BYTES = SIGNATURE_BYTES + 1;
export const MAX_CODE_BYTES = SIGNATURE_BYTES + 64;
export const CHECK_CHARS = 2;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CHECK_MODULUS = 1271;

const bodyLengths: number[] = []; // bodyLengths[n] = c(n)
const bytesForBodyLength = new Map<number, number>(); // c(n) -> n
{
  let c = 0;
  let pow36 = 1n;
  for (let n = 0; n <= MAX_CODE_BYTES; n++) {
    const limit = 1n << BigInt(8 * n);
    while (pow36 < limit) {
      pow36 *= 36n;
      c += 1;
    }
    bodyLengths[n] = c;
    bytesForBodyLength.set(c, n);
  }
}

/** c(n): number of base36 characters that carry n bytes. */
export function bodyLength(n: number): number {
  const c = bodyLengths[n];
  if (c === undefined) throw new RangeError(`no body length for ${n} bytes`);
  return c;
}

/** Full text length (marker + body + check) of a signed code carrying n bytes. */
export function codeLength(n: number): number {
  return CODE_MARKER.length + bodyLength(n) + CHECK_CHARS;
}

/** Byte count carried by a full code text of this length, or null when no n in range gives it. */
export function bytesForCodeLength(textLength: number): number | null {
  const n = bytesForBodyLength.get(textLength - CODE_MARKER.length - CHECK_CHARS);
  return n !== undefined && n >= MIN_CODE_BYTES ? n : null;
}

/**
 * ISO/IEC 7064 MOD 1271-36 (pure system, two check characters) over base36 characters.
 * Returns the two check characters. Detects every single substitution and every adjacent
 * transposition: 1271 = 31 * 41 is coprime to 36 and to 35, and no digit difference reaches 1271.
 */
export function checkCharacters(body: string): string {
  let p = 0;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new CodeFormatError('bad_format', `not a base36 character: ${JSON.stringify(ch)}`);
    p = ((p + v) * 36) % CHECK_MODULUS;
  }
  p = (p * 36) % CHECK_MODULUS; // room for the two check positions
  const check = (CHECK_MODULUS + 1 - p) % CHECK_MODULUS; // whole string then sums to 1 (mod 1271)
  return ALPHABET.charAt(Math.floor(check / 36)) + ALPHABET.charAt(check % 36);
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/** Join payload and signature and render the full code text. Throws CodeFormatError on bad sizes. */
export function formatCode(payloadBytes: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new CodeFormatError('bad_format', `signature must be ${SIGNATURE_BYTES} bytes`);
  const n = payloadBytes.length + SIGNATURE_BYTES;
  if (n < MIN_CODE_BYTES || n > MAX_CODE_BYTES) throw new CodeFormatError('bad_format', `payload must be 1 to ${MAX_CODE_BYTES - SIGNATURE_BYTES} bytes`);
  const all = new Uint8Array(n);
  all.set(payloadBytes, 0);
  all.set(signature, payloadBytes.length);
  const body = bytesToBigInt(all).toString(36).toUpperCase().padStart(bodyLength(n), '0');
  return CODE_MARKER + body + checkCharacters(body);
}

/**
 * Parse an uppercased code text whose length is in the signed family. Returns the carried bytes.
 * Throws CodeFormatError: bad_format for foreign characters or an out-of-range value, misread
 * when the check characters do not match.
 */
export function parseCodeText(upper: string): Uint8Array {
  const n = bytesForCodeLength(upper.length);
  if (n === null || !upper.startsWith(CODE_MARKER)) throw new CodeFormatError('bad_format', 'not a signed code length');
  const body = upper.slice(CODE_MARKER.length, upper.length - CHECK_CHARS);
  const check = upper.slice(upper.length - CHECK_CHARS);
  if (!/^[0-9A-Z]+$/.test(body) || !/^[0-9A-Z]{2}$/.test(check)) {
    throw new CodeFormatError('bad_format', 'a signed code has only letters and digits');
  }
  if (checkCharacters(body) !== check) throw new CodeFormatError('misread', 'check characters do not match (misread or typo)');
  let value = 0n;
  for (const ch of body) value = value * 36n + BigInt(ALPHABET.indexOf(ch));
  if (value >> BigInt(8 * n) !== 0n) throw new CodeFormatError('bad_format', 'code value is out of range for its length');
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
