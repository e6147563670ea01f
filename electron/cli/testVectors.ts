/**
 * Builds docs/test-vectors/coupon-code-v1.json from fixed seeds (Ed25519 signatures are
 * deterministic, so the output is byte-for-byte reproducible). Re-make with:
 *   npm run coupon -- vectors --out docs/test-vectors/coupon-code-v1.json
 * codeSigning.test.ts checks every case and that this builder still produces the committed file.
 */
import { checkCharacters, CODE_MARKER, bodyLength, encodePayload, formatCode, readCode, type CouponPayload } from '../../shared/couponCode';
import type { SigningKeyInfo } from '../../shared/ruleSet';
import { createSigner, holderHash, issuingKeyFromSeed, toBase64Url, type IssuingKey } from '../services/codeSigning';
import { plainCodeHashB64, plainCodeHash, plainCouponKey } from '../services/plainCodes';

type Expect =
  | { kind: 'signed'; couponKey: string; payload: Record<string, unknown>; payloadHex: string; signatureHex: string }
  | { kind: 'plain'; text: string; hashB64: string; couponKey: string }
  | { refusal: string };

export interface VectorCase {
  description: string;
  input: string;
  expect: Expect;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const seedOf = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + k * 31) & 0xff);

function payloadJson(p: CouponPayload): Record<string, unknown> {
  const { holder, ...rest } = p;
  return holder ? { ...rest, holderHex: hex(holder) } : rest;
}

function signRaw(key: IssuingKey, payloadBytes: Uint8Array): string {
  return formatCode(payloadBytes, createSigner(key)(payloadBytes));
}

function signedCase(description: string, key: IssuingKey, p: Omit<CouponPayload, 'version' | 'keyId'>, memberId?: string): VectorCase {
  const payload: CouponPayload = { version: 1, keyId: key.keyId, ...p };
  const payloadBytes = encodePayload(payload);
  const signature = createSigner(key)(payloadBytes);
  const text = formatCode(payloadBytes, signature);
  const withMember = memberId ? `${description} (holder = holderHash(${JSON.stringify(memberId)}))` : description;
  return {
    description: withMember,
    input: text,
    expect: {
      kind: 'signed',
      couponKey: `s:${p.campaignId}:${p.serial}`,
      payload: payloadJson(payload),
      payloadHex: hex(payloadBytes),
      signatureHex: hex(signature),
    },
  };
}

function refusal(description: string, input: string, reason: string): VectorCase {
  return { description, input, expect: { refusal: reason } };
}

function plainCase(description: string, input: string, text: string): VectorCase {
  return { description, input, expect: { kind: 'plain', text, hashB64: plainCodeHashB64(text), couponKey: plainCouponKey(plainCodeHash(text)) } };
}

/** Replace the character at i (keeping the check characters as they were). */
const substitute = (s: string, i: number, ch: string): string => s.slice(0, i) + ch + s.slice(i + 1);
/** Re-render a body with fresh check characters: damage that only the signature can catch. */
function recheck(bytes: Uint8Array, payloadLen: number): string {
  return formatCode(bytes.slice(0, payloadLen), bytes.slice(payloadLen));
}

export function buildTestVectors(): Record<string, unknown> {
  const k1 = issuingKeyFromSeed(1, seedOf(1));
  const k2 = issuingKeyFromSeed(2, seedOf(2));
  const k3 = issuingKeyFromSeed(3, seedOf(3));
  const k9 = issuingKeyFromSeed(9, seedOf(9));
  const keys: SigningKeyInfo[] = [
    { keyId: 1, publicKey: toBase64Url(k1.publicKey), status: 'active' },
    { keyId: 2, publicKey: toBase64Url(k2.publicKey), status: 'active' },
    { keyId: 3, publicKey: toBase64Url(k3.publicKey), status: 'retired' },
  ];
  const typical = signedCase('typical code, key 1', k1, { campaignId: 1203, serial: 48_211, issueDay: 2518, expiryDay: 2548 });
  const code = typical.input;
  const bytes = (readCode(code) as { ok: true; code: { payloadBytes: Uint8Array; signature: Uint8Array } }).code;
  const all = new Uint8Array([...bytes.payloadBytes, ...bytes.signature]);
  const flipped = all.slice();
  flipped[4] = (flipped[4] ?? 0) ^ 0x01; // serial byte: another coupon's payload with this coupon's signature
  const sigFlipped = all.slice();
  sigFlipped[all.length - 1] = (sigFlipped[all.length - 1] ?? 0) ^ 0x80;
  const outOfRange = 'Z'.repeat(bodyLength(all.length));
  const i = 20;
  const cases: VectorCase[] = [
    typical,
    { ...typical, description: 'typical code read in lower case with CR LF from a wedge scanner', input: ` ${code.toLowerCase()}\r\n` },
    signedCase('key 2 (rotation: two active keys)', k2, { campaignId: 7, serial: 1, issueDay: 2600, expiryDay: 2600 }),
    signedCase('holder-bound code', k1, { campaignId: 88, serial: 500, issueDay: 2518, expiryDay: 2883, holder: holderHash('member-0042') }, 'member-0042'),
    signedCase('maximum field values', k2, { campaignId: 2 ** 31 - 1, serial: Number.MAX_SAFE_INTEGER, issueDay: 0, expiryDay: 65_535 }),
    signedCase('minimum field values', k1, { campaignId: 1, serial: 0, issueDay: 0, expiryDay: 0 }),
    refusal('one character substituted', substitute(code, i, code[i] === 'A' ? 'B' : 'A'), 'misread'),
    refusal('two adjacent characters swapped', code.slice(0, i) + (code[i + 1] ?? '') + (code[i] ?? '') + code.slice(i + 2), 'misread'),
    refusal('a signed-code length with a foreign character', substitute(code, i, '-'), 'bad_format'),
    refusal('value too large for its length', CODE_MARKER + outOfRange + checkCharacters(outOfRange), 'bad_format'),
    refusal(
      'payload with a non-minimal varint (keyId 1 as 0x81 0x00), validly signed',
      signRaw(k1, Uint8Array.from([0x10, 0x81, 0x00, 0x01, 0x05, 0x09, 0xd6, 0x1e])),
      'bad_format',
    ),
    refusal('payload with a trailing byte, validly signed', signRaw(k1, Uint8Array.from([...bytes.payloadBytes, 0])), 'bad_format'),
    refusal('payload of format version 2', signRaw(k1, Uint8Array.from([0x21, ...bytes.payloadBytes.slice(1)])), 'unsupported_version'),
    refusal('payload bit flipped, check characters recomputed', recheck(flipped, bytes.payloadBytes.length), 'bad_signature'),
    refusal('signature bit flipped, check characters recomputed', recheck(sigFlipped, bytes.payloadBytes.length), 'bad_signature'),
    refusal('payload naming key 1 signed by key 2', formatCode(bytes.payloadBytes, createSigner(k2)(bytes.payloadBytes)), 'bad_signature'),
    refusal('key 9 is not in the key ring', signedCase('', k9, { campaignId: 5, serial: 5, issueDay: 2518, expiryDay: 2530 }).input, 'unknown_key'),
    refusal('key 3 is retired', signedCase('', k3, { campaignId: 5, serial: 6, issueDay: 2000, expiryDay: 2900 }).input, 'key_retired'),
    refusal('empty after trimming', ' \t\r\n', 'bad_format'),
    refusal('control character inside', 'SAVE\u000710', 'bad_format'),
    plainCase('plain code keeps its case, surroundings trimmed', '  Summer-2026-ab12\r\n', 'Summer-2026-ab12'),
    plainCase('marker but not a signed-code length: plain', 'CT-WELCOME-10', 'CT-WELCOME-10'),
    plainCase(
      'a signed code with one character dropped is no signed length: plain (looked up, not found)',
      code.slice(0, i) + code.slice(i + 1),
      code.slice(0, i) + code.slice(i + 1),
    ),
    plainCase('non-ASCII plain code', '会员券 8折', '会员券 8折'),
  ];
  return {
    format: 'coupon-till signed code v1 (docs/coupon-code-format.md)',
    remake: 'npm run coupon -- vectors --out docs/test-vectors/coupon-code-v1.json',
    keys: [k1, k2, k3, k9].map((k) => ({ keyId: k.keyId, seedHex: hex(k.seed), publicKey: toBase64Url(k.publicKey) })),
    keyRing: keys,
    cases,
  };
}
