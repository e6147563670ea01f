/**
 * Ed25519 signing and verification of signed coupon codes (format: shared/couponCode,
 * spec: docs/coupon-code-format.md). node:crypto only; keys travel as raw 32-byte values.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { encodePayload, formatCode, signingMessage, type CouponPayload, type SignedCode } from '../../shared/couponCode';
import { SigningKeySchema, type SigningKeyInfo } from '../../shared/ruleSet';

/** An HQ issuing key. The seed is the private key: it belongs on HQ, never on a till. */
export interface IssuingKey {
  keyId: number;
  /** 32-byte Ed25519 private seed. */
  seed: Uint8Array;
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

// DER headers that wrap a raw Ed25519 seed (PKCS#8) or public key (SPKI), RFC 8410.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict base64url (no padding, canonical): returns null on anything else or on a wrong length. */
export function fromBase64Url(text: string, expectedBytes?: number): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  if (toBase64Url(bytes) !== text) return null; // refuse non-canonical trailing bits
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return null;
  return bytes;
}

function checkKeyId(keyId: number): void {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 65_535) throw new RangeError('keyId must be an integer from 0 to 65535');
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/** Derive the key pair from a fixed 32-byte seed (deterministic: test vectors, key backup restore). */
export function issuingKeyFromSeed(keyId: number, seed: Uint8Array): IssuingKey {
  checkKeyId(keyId);
  const publicKey = rawPublicKey(privateKeyObject(seed));
  return { keyId, seed: new Uint8Array(seed), publicKey };
}

/** Make a fresh random issuing key. */
export function generateIssuingKey(keyId: number): IssuingKey {
  checkKeyId(keyId);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = new Uint8Array(pkcs8.subarray(PKCS8_PREFIX.length));
  return { keyId, seed, publicKey: rawPublicKey(privateKey) };
}

/** A signing function with the private KeyObject built once: use it for bulk minting. */
export function createSigner(key: IssuingKey): (payloadBytes: Uint8Array) => Uint8Array {
  const privateKey = privateKeyObject(key.seed);
  return (payloadBytes) => new Uint8Array(sign(null, signingMessage(payloadBytes), privateKey));
}

/** Encode, sign and format one code with `key` (its keyId goes into the payload). */
export function mintCode(key: IssuingKey, payload: Omit<CouponPayload, 'version' | 'keyId'>): string {
  const payloadBytes = encodePayload({ ...payload, version: 1, keyId: key.keyId });
  return formatCode(payloadBytes, createSigner(key)(payloadBytes));
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'unknown_key' | 'key_retired' | 'bad_signature' };

/**
 * The public keys a till trusts, from the rule set. Several keys may be active at once (rotation:
 * a new key starts issuing while codes of the old one are still in customers' hands); a retired
 * key's codes are refused. KeyObjects are built once, not per scan.
 */
export class KeyRing {
  private readonly keys = new Map<number, { status: SigningKeyInfo['status']; key: KeyObject }>();

  /** Throws on a malformed key or a duplicate keyId: a rule set like that must not half-apply. */
  constructor(keys: SigningKeyInfo[]) {
    for (const info of keys) {
      const k = SigningKeySchema.parse(info);
      if (this.keys.has(k.keyId)) throw new Error(`duplicate signing key id ${k.keyId}`);
      const raw = fromBase64Url(k.publicKey, 32);
      if (!raw) throw new Error(`signing key ${k.keyId}: public key is not 32 bytes of base64url`);
      this.keys.set(k.keyId, { status: k.status, key: publicKeyObject(raw) });
    }
  }

  /** Check a well-formed signed code's signature against the key its payload names. */
  verify(code: SignedCode): VerifyResult {
    const entry = this.keys.get(code.payload.keyId);
    if (!entry) return { ok: false, reason: 'unknown_key' };
    if (entry.status !== 'active') return { ok: false, reason: 'key_retired' };
    if (code.signature.length !== 64) return { ok: false, reason: 'bad_signature' };
    const good = verify(null, signingMessage(code.payloadBytes), entry.key, code.signature);
    return good ? { ok: true } : { ok: false, reason: 'bad_signature' };
  }
}

const HOLDER_PREFIX = Buffer.from('coupon-till/holder/v1\0', 'utf8');

/** Holder binding of a member id: first 8 bytes of SHA-256("coupon-till/holder/v1" 0x00 utf8(memberId)). */
export function holderHash(memberId: string): Uint8Array {
  if (memberId.length === 0) throw new RangeError('memberId must not be empty');
  const digest = createHash('sha256').update(HOLDER_PREFIX).update(memberId, 'utf8').digest();
  return new Uint8Array(digest.subarray(0, 8));
}
