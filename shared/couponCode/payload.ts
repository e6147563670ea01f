/**
 * Binary payload of a signed coupon code, format version 1.
 *
 *   byte 0     version (high 4 bits, = 1) | flags (low 4 bits; bit 0 = holder present, others 0)
 *   varint     keyId        0 .. 65535
 *   varint     campaignId   1 .. 2^31-1
 *   varint     serial       0 .. 2^53-1
 *   uint16 BE  issueDay     days since 2020-01-01 UTC
 *   varint     validity     expiryDay - issueDay (expiryDay <= 65535)
 *   8 bytes    holder       only when flag bit 0 is set
 *
 * Varints are unsigned LEB128 and must be minimal. Every byte is accounted for: trailing bytes,
 * unknown flags and out-of-range values are refused, so one code has exactly one byte form
 * (no malleability: the same coupon can never be re-encoded into a second valid text).
 */

export const PAYLOAD_VERSION = 1;
/** Length of the holder binding: first 8 bytes of SHA-256("coupon-till/holder/v1" 0x00 utf8(memberId)). */
export const HOLDER_BYTES = 8;

export const MAX_KEY_ID = 65_535;
export const MAX_CAMPAIGN_ID = 2 ** 31 - 1;
export const MAX_SERIAL = Number.MAX_SAFE_INTEGER; // 2^53 - 1
export const MAX_DAY = 65_535;

const FLAG_HOLDER = 0x01;

/** The decoded content of a signed coupon code. */
export interface CouponPayload {
  version: 1;
  /** Which HQ issuing key signed this code (see SigningKeyInfo.keyId). */
  keyId: number;
  campaignId: number;
  /** Serial number within the campaign; with campaignId it is the coupon's identity. */
  serial: number;
  /** First valid day, days since 2020-01-01 UTC. */
  issueDay: number;
  /** Last valid day (inclusive), days since 2020-01-01 UTC; never before issueDay. */
  expiryDay: number;
  /** Optional 8-byte holder binding (hash of the member id), see HOLDER_BYTES. */
  holder?: Uint8Array;
}

export type CodeFormatReason = 'bad_format' | 'misread' | 'unsupported_version';

/** A code (or payload) that is not a well-formed v1 code. `reason` is a stable refusal code. */
export class CodeFormatError extends Error {
  readonly reason: CodeFormatReason;
  constructor(reason: CodeFormatReason, message: string) {
    super(message);
    this.name = 'CodeFormatError';
    this.reason = reason;
  }
}

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new CodeFormatError('bad_format', `${name} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
}

function pushVarint(out: number[], v: number): void {
  // Arithmetic rather than bit operators: values go up to 2^53-1, beyond 32-bit shifts.
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Encode a payload to its canonical bytes. Throws CodeFormatError('bad_format') on out-of-range fields. */
export function encodePayload(p: CouponPayload): Uint8Array {
  if (p.version !== PAYLOAD_VERSION) throw new CodeFormatError('unsupported_version', `cannot encode version ${String(p.version)}`);
  checkInt('keyId', p.keyId, 0, MAX_KEY_ID);
  checkInt('campaignId', p.campaignId, 1, MAX_CAMPAIGN_ID);
  checkInt('serial', p.serial, 0, MAX_SERIAL);
  checkInt('issueDay', p.issueDay, 0, MAX_DAY);
  checkInt('expiryDay', p.expiryDay, p.issueDay, MAX_DAY);
  if (p.holder !== undefined && p.holder.length !== HOLDER_BYTES) {
    throw new CodeFormatError('bad_format', `holder must be ${HOLDER_BYTES} bytes`);
  }
  const out: number[] = [(PAYLOAD_VERSION << 4) | (p.holder ? FLAG_HOLDER : 0)];
  pushVarint(out, p.keyId);
  pushVarint(out, p.campaignId);
  pushVarint(out, p.serial);
  out.push(p.issueDay >> 8, p.issueDay & 0xff);
  pushVarint(out, p.expiryDay - p.issueDay);
  if (p.holder) out.push(...p.holder);
  return Uint8Array.from(out);
}

/** Reads fields in order; every method throws CodeFormatError('bad_format') on truncation or overflow. */
class PayloadReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new CodeFormatError('bad_format', 'payload is truncated');
    this.pos += 1;
    return b;
  }

  varint(name: string, max: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (value > max) throw new CodeFormatError('bad_format', `${name} is larger than ${max}`);
      if ((b & 0x80) === 0) {
        // A final zero byte after others means the same value had a shorter form.
        if (b === 0 && i > 0) throw new CodeFormatError('bad_format', `${name} is not minimally encoded`);
        return value;
      }
      scale *= 0x80;
    }
  }

  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new CodeFormatError('bad_format', 'payload is truncated');
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  atEnd(): boolean {
    return this.pos === this.bytes.length;
  }
}

/** Decode canonical payload bytes. Throws CodeFormatError (unsupported_version or bad_format). */
export function decodePayload(bytes: Uint8Array): CouponPayload {
  const r = new PayloadReader(bytes);
  const head = r.byte();
  const version = head >> 4;
  if (version !== PAYLOAD_VERSION) throw new CodeFormatError('unsupported_version', `code format version ${version} is not supported`);
  const flags = head & 0x0f;
  if ((flags & ~FLAG_HOLDER) !== 0) throw new CodeFormatError('bad_format', 'unknown flags set');
  const keyId = r.varint('keyId', MAX_KEY_ID);
  const campaignId = r.varint('campaignId', MAX_CAMPAIGN_ID);
  if (campaignId < 1) throw new CodeFormatError('bad_format', 'campaignId must be at least 1');
  const serial = r.varint('serial', MAX_SERIAL);
  const issueDay = (r.byte() << 8) | r.byte();
  const validity = r.varint('validity', MAX_DAY);
  const expiryDay = issueDay + validity;
  if (expiryDay > MAX_DAY) throw new CodeFormatError('bad_format', `expiryDay is later than ${MAX_DAY}`);
  const holder = flags & FLAG_HOLDER ? r.take(HOLDER_BYTES) : undefined;
  if (!r.atEnd()) throw new CodeFormatError('bad_format', 'payload has trailing bytes');
  const p: CouponPayload = { version: 1, keyId, campaignId, serial, issueDay, expiryDay };
  if (holder) p.holder = holder;
  return p;
}
