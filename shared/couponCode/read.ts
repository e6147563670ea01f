/**
 * Reading whatever a scanner or a cashier typed: a signed code of ours, or a plain code candidate.
 */
import { CodeFormatError, decodePayload, type CodeFormatReason, type CouponPayload } from './payload';
import { bytesForCodeLength, CODE_MARKER, parseCodeText, SIGNATURE_BYTES } from './text';

/** Domain tag prepended (with a 0x00 separator) to the payload before signing. */
export const SIGNING_DOMAIN = 'coupon-till/code/v1';
/** Longest plain code we accept, in characters (Unicode code points) after trimming. */
export const MAX_PLAIN_CODE_LENGTH = 128;

/** A signed code that is well formed. Its signature is NOT yet verified (see KeyRing in electron/services). */
export interface SignedCode {
  kind: 'signed';
  /** The code text as read: trimmed and uppercased. */
  text: string;
  payload: CouponPayload;
  payloadBytes: Uint8Array;
  signature: Uint8Array;
  /** `s:<campaignId>:<serial>` */
  couponKey: string;
}

/** Anything else that could be a merchant's plain code; `text` is normalised (normalisePlainCode). */
export interface PlainCode {
  kind: 'plain';
  text: string;
}

export type ReadResult = { ok: true; code: SignedCode | PlainCode } | { ok: false; reason: CodeFormatReason };

/** Input longer than this is refused outright (a scan is never this long; keeps regexes cheap). */
const MAX_RAW_LENGTH = 4096;

const encoder = new TextEncoder();
const DOMAIN_PREFIX = Uint8Array.from([...encoder.encode(SIGNING_DOMAIN), 0]);

/** The exact bytes an issuing key signs: "coupon-till/code/v1" 0x00 payloadBytes. */
export function signingMessage(payloadBytes: Uint8Array): Uint8Array {
  const msg = new Uint8Array(DOMAIN_PREFIX.length + payloadBytes.length);
  msg.set(DOMAIN_PREFIX, 0);
  msg.set(payloadBytes, DOMAIN_PREFIX.length);
  return msg;
}

/** Coupon key of a signed code: `s:<campaignId>:<serial>` (shared/ruleSet.ts CouponKeySchema). */
export function signedCouponKey(campaignId: number, serial: number): string {
  return `s:${campaignId}:${serial}`;
}

// Whitespace, C0/C1 controls and invisible format characters (BOM, zero-width space) that scanners
// and copy-paste add around a code. Inside a code, control characters are refused, not removed.
const SURROUNDING = /^[\s\p{Cc}\p{Cf}]+|[\s\p{Cc}\p{Cf}]+$/gu;
const CONTROL = /\p{Cc}/u;

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Upper-cases ASCII letters only. String.prototype.toUpperCase folds more (ſ -> S, ı -> I,
 * ß -> SS), which would let non-ASCII text pass for a signed code (docs/coupon-code-format.md §5).
 */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

function trimSurrounding(raw: string): string {
  return raw.replace(SURROUNDING, '');
}

/**
 * Normalise a plain code: trim surrounding whitespace/control characters, keep case.
 * Returns null when the result is empty, longer than 128 characters, or has control characters inside.
 */
export function normalisePlainCode(raw: string): string | null {
  const text = trimSurrounding(raw);
  if (text.length === 0 || CONTROL.test(text)) return null;
  if ([...text].length > MAX_PLAIN_CODE_LENGTH) return null;
  return text;
}

/**
 * True when trimmed, uppercased text is claimed by the signed format: it starts with the marker
 * and its length is exactly that of a signed code (any byte count from 65 to 128). Such text is
 * never looked up as a plain code; everything else is.
 */
export function isSignedCandidate(upper: string): boolean {
  return upper.startsWith(CODE_MARKER) && bytesForCodeLength(upper.length) !== null;
}

function readSigned(upper: string): ReadResult {
  try {
    const bytes = parseCodeText(upper);
    const payloadBytes = bytes.slice(0, bytes.length - SIGNATURE_BYTES);
    const signature = bytes.slice(bytes.length - SIGNATURE_BYTES);
    const payload = decodePayload(payloadBytes);
    const couponKey = signedCouponKey(payload.campaignId, payload.serial);
    return { ok: true, code: { kind: 'signed', text: upper, payload, payloadBytes, signature, couponKey } };
  } catch (e) {
    if (e instanceof CodeFormatError) return { ok: false, reason: e.reason };
    throw e;
  }
}

/**
 * Classify and parse scanned or typed text. Never throws on any input.
 * - Marker (any case) + a signed-code length: parsed as signed; refusals are misread (check
 *   characters), bad_format or unsupported_version. The signature is verified later, by KeyRing.
 * - Anything else: a plain code candidate (normalised), or bad_format if it cannot be one.
 */
export function readCode(raw: string): ReadResult {
  if (typeof raw !== 'string' || raw.length > MAX_RAW_LENGTH) return { ok: false, reason: 'bad_format' };
  const trimmed = trimSurrounding(raw);
  const upper = asciiUpper(trimmed);
  if (isSignedCandidate(upper)) return readSigned(upper); // anything non-ASCII inside: bad_format
  // Text that only Unicode case folding would make a signed code (ß -> SS, ﬀ -> FF) is no code of ours.
  if (NON_ASCII.test(trimmed) && isSignedCandidate(trimmed.toUpperCase())) return { ok: false, reason: 'bad_format' };
  const plain = normalisePlainCode(raw);
  if (plain === null) return { ok: false, reason: 'bad_format' };
  return { ok: true, code: { kind: 'plain', text: plain } };
}
