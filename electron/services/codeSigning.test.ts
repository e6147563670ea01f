import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, formatCode, readCode, type SignedCode } from '../../shared/couponCode';
import { payloadArb } from '../../shared/couponCode/testing';
import type { SigningKeyInfo } from '../../shared/ruleSet';
import { createSigner, fromBase64Url, generateIssuingKey, holderHash, issuingKeyFromSeed, KeyRing, mintCode, toBase64Url } from './codeSigning';

const seed = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + k) & 0xff);
const k1 = issuingKeyFromSeed(1, seed(1));
const k2 = issuingKeyFromSeed(2, seed(2));
const k3 = issuingKeyFromSeed(3, seed(3));
const info = (k: typeof k1, status: SigningKeyInfo['status']): SigningKeyInfo => ({ keyId: k.keyId, publicKey: toBase64Url(k.publicKey), status });
const ring = new KeyRing([info(k1, 'active'), info(k2, 'active'), info(k3, 'retired')]);

function signed(text: string): SignedCode {
  const r = readCode(text);
  if (!r.ok || r.code.kind !== 'signed') throw new Error(`not a signed code: ${JSON.stringify(r)}`);
  return r.code;
}

/** What a (possibly damaged) text amounts to at the till: 'accepted:<couponKey>' or a refusal. */
function verdict(text: string): string {
  const r = readCode(text);
  if (!r.ok) return r.reason;
  if (r.code.kind === 'plain') return 'plain';
  const v = ring.verify(r.code);
  return v.ok ? `accepted:${r.code.couponKey}:${r.code.text}` : v.reason;
}

const typical = mintCode(k1, { campaignId: 1203, serial: 48_211, issueDay: 2518, expiryDay: 2548 });
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('issuing keys', () => {
  it('derives the same key pair from the same seed, and a generated key from its own seed', () => {
    expect(issuingKeyFromSeed(1, seed(1))).toEqual(k1);
    const g = generateIssuingKey(7);
    expect(g.seed.length).toBe(32);
    expect(issuingKeyFromSeed(7, g.seed)).toEqual(g);
    expect(() => issuingKeyFromSeed(70_000, seed(1))).toThrow(RangeError);
    expect(() => issuingKeyFromSeed(1, new Uint8Array(31))).toThrow(RangeError);
  });

  it('base64url helpers are strict', () => {
    expect(fromBase64Url(toBase64Url(k1.publicKey), 32)).toEqual(k1.publicKey);
    expect(fromBase64Url('abc=')).toBeNull();
    expect(fromBase64Url(toBase64Url(k1.publicKey), 31)).toBeNull();
    expect(fromBase64Url('AB')).toBeNull(); // non-canonical trailing bits
  });

  it('binds holders with the first 8 bytes of the domain-tagged SHA-256 (independently computed)', () => {
    expect(Buffer.from(holderHash('member-0042')).toString('hex')).toBe('6c0b57e84a4a5235');
    expect(() => holderHash('')).toThrow(RangeError);
  });
});

describe('minting and verification', () => {
  it('verifies every minted payload with its key', () => {
    const signers = new Map([
      [1, createSigner(k1)],
      [2, createSigner(k2)],
    ]);
    fc.assert(
      fc.property(payloadArb, fc.constantFrom(1, 2), (p, keyId) => {
        const bytes = encodePayload({ ...p, keyId });
        const code = signed(formatCode(bytes, (signers.get(keyId) as (b: Uint8Array) => Uint8Array)(bytes)));
        expect(code.payload).toEqual({ ...p, keyId });
        expect(ring.verify(code)).toEqual({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('rotation: two active keys verify, a retired key and an unknown key are refused', () => {
    const p = { campaignId: 5, serial: 9, issueDay: 2518, expiryDay: 2530 };
    expect(ring.verify(signed(mintCode(k1, p)))).toEqual({ ok: true });
    expect(ring.verify(signed(mintCode(k2, p)))).toEqual({ ok: true });
    expect(ring.verify(signed(mintCode(k3, p)))).toEqual({ ok: false, reason: 'key_retired' });
    expect(ring.verify(signed(mintCode(issuingKeyFromSeed(4, seed(4)), p)))).toEqual({ ok: false, reason: 'unknown_key' });
    // A payload naming key 1 but signed by key 2.
    const bytes = encodePayload({ version: 1, keyId: 1, ...p });
    expect(ring.verify(signed(formatCode(bytes, createSigner(k2)(bytes))))).toEqual({ ok: false, reason: 'bad_signature' });
    // After retiring key 1 the same code is refused.
    const later = new KeyRing([info(k1, 'retired'), info(k2, 'active')]);
    expect(later.verify(signed(mintCode(k1, p)))).toEqual({ ok: false, reason: 'key_retired' });
  });

  it('refuses malformed key rings whole', () => {
    expect(() => new KeyRing([info(k1, 'active'), info(k1, 'retired')])).toThrow(/duplicate/);
    expect(() => new KeyRing([{ keyId: 1, publicKey: 'x'.repeat(42), status: 'active' }])).toThrow();
    expect(() => new KeyRing([{ keyId: -1, publicKey: toBase64Url(k1.publicKey), status: 'active' }])).toThrow();
  });

  it('reads case-insensitively with wedge-scanner surroundings', () => {
    expect(verdict(`\u0002${typical.toLowerCase()}\r\n`)).toBe(`accepted:s:1203:48211:${typical}`);
    expect(typical.length).toBe(119);
  });
});

describe('tampering never yields a different valid coupon', () => {
  const accepted = `accepted:s:1203:48211:${typical}`;
  const refusedOrSame = (v: string): void => {
    expect(['misread', 'bad_format', 'unsupported_version', 'bad_signature', 'unknown_key', 'key_retired', 'plain', accepted]).toContain(v);
  };

  it('any character substitutions, insertions, deletions and transpositions', () => {
    const edit = fc.oneof(
      fc.record({ op: fc.constant('sub' as const), at: fc.nat(), ch: fc.constantFrom(...ALNUM, '-', ' ', 'é') }),
      fc.record({ op: fc.constant('ins' as const), at: fc.nat(), ch: fc.constantFrom(...ALNUM) }),
      fc.record({ op: fc.constant('del' as const), at: fc.nat(), ch: fc.constant('') }),
      fc.record({ op: fc.constant('swap' as const), at: fc.nat(), ch: fc.constant(''), to: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let t = typical;
        for (const e of edits) {
          const i = e.at % (t.length + (e.op === 'ins' ? 1 : 0));
          if (e.op === 'sub') t = t.slice(0, i) + e.ch + t.slice(i + 1);
          else if (e.op === 'ins') t = t.slice(0, i) + e.ch + t.slice(i);
          else if (e.op === 'del') t = t.slice(0, i) + t.slice(i + 1);
          else {
            const j = ('to' in e ? e.to : 0) % t.length;
            const a = t.split('');
            [a[i], a[j]] = [a[j] as string, a[i] as string];
            t = a.join('');
          }
        }
        const v = verdict(t);
        refusedOrSame(v);
        if (t.toUpperCase() !== typical) expect(v).not.toBe(accepted);
      }),
      { numRuns: 3000 },
    );
  });

  it('any bit flipped in payload or signature, even with check characters recomputed', () => {
    const code = signed(typical);
    const all = new Uint8Array([...code.payloadBytes, ...code.signature]);
    for (let bit = 0; bit < all.length * 8; bit++) {
      const damaged = all.slice();
      damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
      const text = formatCode(damaged.slice(0, code.payloadBytes.length), damaged.slice(code.payloadBytes.length));
      const v = verdict(text);
      expect(['bad_format', 'unsupported_version', 'bad_signature', 'unknown_key', 'key_retired']).toContain(v);
    }
  });

  it('refuses the malleable twin signature (S + L): one coupon, one valid text', () => {
    const code = signed(typical);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const sig = code.signature.slice();
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i] as number);
    s += L;
    for (let i = 0; i < 32; i++) sig[32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
    expect(verdict(formatCode(code.payloadBytes, sig))).toBe('bad_signature');
  });

  it('random payloads with a swapped signature never verify', () => {
    const signer = createSigner(k1);
    fc.assert(
      fc.property(payloadArb, payloadArb, (a, b) => {
        const pa = encodePayload({ ...a, keyId: 1 });
        const pb = encodePayload({ ...b, keyId: 1 });
        fc.pre(Buffer.compare(Buffer.from(pa), Buffer.from(pb)) !== 0);
        expect(ring.verify(signed(formatCode(pa, signer(pb))))).toEqual({ ok: false, reason: 'bad_signature' });
        expect(decodePayload(pa).keyId).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
