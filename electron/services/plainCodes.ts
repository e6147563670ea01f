/**
 * Plain codes (imported merchant batches) are kept only as hashes: a stolen till database does
 * not hand out usable codes, and millions of 16-byte keys stay small. Normalise first with
 * normalisePlainCode (shared/couponCode); hash exactly what it returns.
 */
import { createHash } from 'node:crypto';

const PLAIN_PREFIX = Buffer.from('coupon-till/plain/v1\0', 'utf8');
export const PLAIN_HASH_BYTES = 16;

/** First 16 bytes of SHA-256("coupon-till/plain/v1" 0x00 utf8(normalised)). */
export function plainCodeHash(normalised: string): Uint8Array {
  if (normalised.length === 0) throw new RangeError('a plain code must not be empty');
  const digest = createHash('sha256').update(PLAIN_PREFIX).update(normalised, 'utf8').digest();
  return new Uint8Array(digest.subarray(0, PLAIN_HASH_BYTES));
}

/** Coupon key of a plain code: `p:` + 32 lowercase hex characters of its hash. */
export function plainCouponKey(hash: Uint8Array): string {
  if (hash.length !== PLAIN_HASH_BYTES) throw new RangeError(`a plain code hash is ${PLAIN_HASH_BYTES} bytes`);
  return 'p:' + Buffer.from(hash).toString('hex');
}

/** The hash as base64url without padding, as in RuleSetUpdate.plainCodes[].hash (22 characters). */
export function plainCodeHashB64(normalised: string): string {
  return Buffer.from(plainCodeHash(normalised)).toString('base64url');
}
