import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCode } from '../../shared/couponCode';
import type { SigningKeyInfo } from '../../shared/ruleSet';
import { holderHash, issuingKeyFromSeed, KeyRing, toBase64Url } from '../services/codeSigning';
import { plainCodeHash, plainCodeHashB64, plainCouponKey } from '../services/plainCodes';
import { buildTestVectors } from './testVectors';

const file = fileURLToPath(new URL('../../docs/test-vectors/coupon-code-v1.json', import.meta.url));
interface Case {
  description: string;
  input: string;
  expect: Record<string, unknown>;
}
const vectors = JSON.parse(readFileSync(file, 'utf8')) as {
  keys: { keyId: number; seedHex: string; publicKey: string }[];
  keyRing: SigningKeyInfo[];
  cases: Case[];
};
const ring = new KeyRing(vectors.keyRing);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('docs/test-vectors/coupon-code-v1.json', () => {
  it('is what the generator makes today (re-make with npm run coupon -- vectors)', () => {
    expect(JSON.parse(JSON.stringify(buildTestVectors()))).toEqual(vectors);
  });

  it('public keys derive from the listed seeds', () => {
    for (const k of vectors.keys) {
      expect(toBase64Url(issuingKeyFromSeed(k.keyId, Buffer.from(k.seedHex, 'hex')).publicKey)).toBe(k.publicKey);
    }
  });

  it('has valid, refused and plain cases', () => {
    const kinds = vectors.cases.map((c) => (c.expect.refusal ? 'refusal' : c.expect.kind));
    for (const k of ['signed', 'plain', 'refusal']) expect(kinds).toContain(k);
  });

  for (const c of vectors.cases) {
    it(c.description, () => {
      const r = readCode(c.input);
      const e = c.expect;
      if (typeof e.refusal === 'string') {
        const got = !r.ok ? r.reason : r.code.kind === 'signed' ? ring.verify(r.code) : r.code;
        expect(typeof got === 'string' ? got : 'reason' in got ? got.reason : got).toBe(e.refusal);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      if (e.kind === 'plain') {
        expect(r.code).toEqual({ kind: 'plain', text: e.text });
        expect(plainCodeHashB64(r.code.text)).toBe(e.hashB64);
        expect(plainCouponKey(plainCodeHash(r.code.text))).toBe(e.couponKey);
        return;
      }
      expect(r.code.kind).toBe('signed');
      if (r.code.kind !== 'signed') return;
      expect(ring.verify(r.code)).toEqual({ ok: true });
      expect(r.code.couponKey).toBe(e.couponKey);
      expect(hex(r.code.payloadBytes)).toBe(e.payloadHex);
      expect(hex(r.code.signature)).toBe(e.signatureHex);
      const { holder, ...rest } = r.code.payload;
      expect(holder ? { ...rest, holderHex: hex(holder) } : rest).toEqual(e.payload);
      const member = /holderHash\("([^"]+)"\)/.exec(c.description)?.[1];
      if (member) expect(hex(holderHash(member))).toBe((e.payload as { holderHex: string }).holderHex);
    });
  }
});
