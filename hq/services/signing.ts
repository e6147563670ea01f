/**
 * HQ's side of the coupon code format (docs/coupon-code-format.md): Ed25519 issuing keys,
 * minting signed codes and hashing plain codes. HQ may not import the till's electron/
 * services, so this is the same algorithm on node:crypto and the pure shared/couponCode
 * functions; hq/services/signing.test.ts checks that HQ and till agree byte for byte.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodePayload, formatCode, signingMessage, type CouponPayload } from '../../shared/couponCode';

// RFC 8410 DER headers around a raw Ed25519 seed (PKCS#8) / public key (SPKI).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An issuing key as HQ stores it: raw seed and public key, base64url. */
export interface HqIssuingKey {
  keyId: number;
  seedB64: string;
  publicKeyB64: string;
}

export function generateHqKey(keyId: number): HqIssuingKey {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 65_535) throw new RangeError('keyId must be 0..65535');
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const pub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { keyId, seedB64: seed.toString('base64url'), publicKeyB64: pub.toString('base64url') };
}

function privateKeyOf(seedB64: string): KeyObject {
  const seed = Buffer.from(seedB64, 'base64url');
  if (seed.length !== 32) throw new Error('corrupt issuing key: seed is not 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** A minting function with the private key built once (bulk minting). */
export function hqMinter(key: HqIssuingKey): (p: Omit<CouponPayload, 'version' | 'keyId'>) => string {
  const privateKey = privateKeyOf(key.seedB64);
  return (p) => {
    const bytes = encodePayload({ ...p, version: 1, keyId: key.keyId });
    return formatCode(bytes, new Uint8Array(sign(null, signingMessage(bytes), privateKey)));
  };
}

const PLAIN_PREFIX = Buffer.from('coupon-till/plain/v1\0', 'utf8');
const HOLDER_PREFIX = Buffer.from('coupon-till/holder/v1\0', 'utf8');

/** First 16 bytes of SHA-256("coupon-till/plain/v1" 0x00 normalised code). */
export function hqPlainHash(normalised: string): Buffer {
  return createHash('sha256').update(PLAIN_PREFIX).update(normalised, 'utf8').digest().subarray(0, 16);
}

/** Holder binding: first 8 bytes of SHA-256("coupon-till/holder/v1" 0x00 member id). */
export function hqHolderHash(memberId: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(HOLDER_PREFIX).update(memberId, 'utf8').digest().subarray(0, 8));
}
