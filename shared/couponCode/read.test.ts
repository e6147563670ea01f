import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyLength, checkCharacters, CODE_MARKER, codeLength, encodePayload, formatCode, normalisePlainCode, readCode, signingMessage } from './index';
import { payloadArb } from './testing';

const sigArb = fc.uint8Array({ minLength: 64, maxLength: 64 });
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('base36 text form', () => {
  it('c(n) is the least c with 36^c >= 256^n and strictly increasing', () => {
    for (let n = 1; n <= 128; n++) {
      const c = bodyLength(n);
      expect(36n ** BigInt(c) >= 256n ** BigInt(n)).toBe(true);
      expect(36n ** BigInt(c - 1) < 256n ** BigInt(n)).toBe(true);
      if (n > 1) expect(c).toBeGreaterThan(bodyLength(n - 1));
    }
    expect(bodyLength(74)).toBe(115);
    expect(codeLength(74)).toBe(119);
  });

  it('round-trips payload and signature through text, in any case and with surrounding whitespace', () => {
    fc.assert(
      fc.property(payloadArb, sigArb, fc.constantFrom('', ' ', '\r\n', '\t\u0000'), fc.boolean(), (p, sig, pad, lower) => {
        const bytes = encodePayload(p);
        const text = formatCode(bytes, sig);
        const r = readCode(pad + (lower ? text.toLowerCase() : text) + pad);
        expect(r.ok && r.code.kind === 'signed').toBe(true);
        if (!r.ok || r.code.kind !== 'signed') return;
        expect(r.code.text).toBe(text);
        expect(r.code.payload).toEqual(p);
        expect(r.code.payloadBytes).toEqual(bytes);
        expect(r.code.signature).toEqual(sig);
        expect(r.code.couponKey).toBe(`s:${p.campaignId}:${p.serial}`);
      }),
    );
  });

  it('keeps typical codes (key < 128, campaign < 16384, serial < 2^21, validity < 128 days) at <= 120 chars', () => {
    const typical = fc.record({
      keyId: fc.integer({ min: 0, max: 127 }),
      campaignId: fc.integer({ min: 1, max: 16383 }),
      serial: fc.integer({ min: 0, max: 2 ** 21 - 1 }),
      issueDay: fc.integer({ min: 0, max: 65535 - 127 }),
      validity: fc.integer({ min: 0, max: 127 }),
    });
    fc.assert(
      fc.property(typical, sigArb, ({ validity, ...r }, sig) => {
        const text = formatCode(encodePayload({ version: 1, ...r, expiryDay: r.issueDay + validity }), sig);
        expect(text.length).toBeLessThanOrEqual(120);
        expect(text).toMatch(/^CT[0-9A-Z]+$/);
      }),
    );
  });

  it('check characters follow ISO 7064 MOD 1271-36: the whole body+check sums to 1 mod 1271', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{1,150}$/), (body) => {
        let sum = 0;
        for (const ch of body + checkCharacters(body)) sum = (sum * 36 + ALPHABET.indexOf(ch)) % 1271;
        expect(sum).toBe(1);
      }),
    );
  });

  it('refuses every single substitution and adjacent transposition as misread before decoding', () => {
    const text = formatCode(encodePayload({ version: 1, keyId: 1, campaignId: 42, serial: 7, issueDay: 2500, expiryDay: 2530 }), new Uint8Array(64).fill(9));
    for (let i = CODE_MARKER.length; i < text.length; i++) {
      for (const ch of ALPHABET) {
        if (ch === text[i]) continue;
        const r = readCode(text.slice(0, i) + ch + text.slice(i + 1));
        expect(r).toEqual({ ok: false, reason: 'misread' });
      }
      if (i + 1 < text.length && text[i] !== text[i + 1]) {
        const swapped = text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
        expect(readCode(swapped)).toEqual({ ok: false, reason: 'misread' });
      }
    }
  });

  it('refuses foreign characters (dash, space) inside a signed-length text as bad_format', () => {
    const text = formatCode(encodePayload({ version: 1, keyId: 1, campaignId: 42, serial: 7, issueDay: 2500, expiryDay: 2530 }), new Uint8Array(64));
    expect(readCode(text.slice(0, 10) + '-' + text.slice(11))).toEqual({ ok: false, reason: 'bad_format' });
    expect(readCode(text.slice(0, 10) + ' ' + text.slice(11))).toEqual({ ok: false, reason: 'bad_format' });
  });

  it('refuses an out-of-range value for its length and a future format version', () => {
    const n = 74;
    const body = 'Z'.repeat(bodyLength(n)); // 36^c - 1 >= 256^n
    expect(readCode(CODE_MARKER + body + checkCharacters(body))).toEqual({ ok: false, reason: 'bad_format' });
    const v2 = Uint8Array.from([0x20, 1, 1, 1, 0, 0, 0]);
    expect(readCode(formatCode(v2, new Uint8Array(64)))).toEqual({ ok: false, reason: 'unsupported_version' });
  });
});

describe('plain codes and the marker ambiguity', () => {
  it('normalises plain codes: trims surroundings, keeps case, refuses empty, long and inner control chars', () => {
    expect(normalisePlainCode('  AbC-123\r\n')).toBe('AbC-123');
    expect(normalisePlainCode('\uFEFF\u200BSave 10\u0000')).toBe('Save 10');
    expect(normalisePlainCode('  \t ')).toBeNull();
    expect(normalisePlainCode('A\u0007B')).toBeNull();
    expect(normalisePlainCode('x'.repeat(128))).toBe('x'.repeat(128));
    expect(normalisePlainCode('x'.repeat(129))).toBeNull();
    expect(normalisePlainCode('券'.repeat(128))).toBe('券'.repeat(128));
  });

  it('reads non-marker text and marker text of a non-signed length as plain codes, keeping case', () => {
    expect(readCode(' SUMMER-2026 ')).toEqual({ ok: true, code: { kind: 'plain', text: 'SUMMER-2026' } });
    expect(readCode('ct-Welcome10')).toEqual({ ok: true, code: { kind: 'plain', text: 'ct-Welcome10' } });
    const ct118 = 'CT' + 'A'.repeat(116); // 118 is no signed-code length
    expect(readCode(ct118)).toEqual({ ok: true, code: { kind: 'plain', text: ct118 } });
    expect(readCode('')).toEqual({ ok: false, reason: 'bad_format' });
    expect(readCode('AB\u0001CD')).toEqual({ ok: false, reason: 'bad_format' });
  });

  it('classifies any text without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = readCode(s);
        if (r.ok && r.code.kind === 'plain') expect(r.code.text).toBe(normalisePlainCode(s));
      }),
    );
  });

  it('prefixes the domain tag and a zero byte to the signed message', () => {
    const msg = signingMessage(Uint8Array.from([1, 2]));
    expect(new TextDecoder().decode(msg.slice(0, 19))).toBe('coupon-till/code/v1');
    expect([...msg.slice(19)]).toEqual([0, 1, 2]);
  });
});

describe('case folding is ASCII only', () => {
  const code = () => {
    const [p] = fc.sample(payloadArb, { numRuns: 1, seed: 42 });
    return formatCode(encodePayload(p!), new Uint8Array(64).fill(7));
  };
  it('reads a signed code in lower case', () => {
    const text = code();
    const r = readCode(text.toLowerCase());
    expect(r.ok && r.code.kind === 'signed' && r.code.text).toBe(text);
  });
  it('refuses letters that only Unicode folding turns into ASCII as bad_format (ſ, ı, ß, K sign, ligatures)', () => {
    const text = code().toLowerCase();
    const at = text.search(/[si]/);
    expect(at).toBeGreaterThan(1);
    const swap = (c: string) => text.slice(0, at) + c + text.slice(at + 1);
    // Same length: long s and dotless i would fold to S and I.
    expect(readCode(swap(text[at] === 's' ? 'ſ' : 'ı'))).toEqual({ ok: false, reason: 'bad_format' });
    // One character that folds to two (ß -> SS, ﬀ -> FF): the length only matches after Unicode folding.
    const sharp = text.slice(0, 5) + 'ß' + text.slice(7);
    expect(sharp.toUpperCase().length).toBe(text.length);
    expect(readCode(sharp)).toEqual({ ok: false, reason: 'bad_format' });
    const ff = text.slice(0, 5) + 'ﬀ' + text.slice(7);
    expect(readCode(ff)).toEqual({ ok: false, reason: 'bad_format' });
    // The Kelvin sign folds to a plain K under toLowerCase/toUpperCase games too.
    expect(readCode(swap('\u212A'))).toEqual({ ok: false, reason: 'bad_format' });
  });
  it('leaves non-ASCII plain codes to the plain-code lookup, case kept', () => {
    expect(readCode('会员券-ß-001')).toEqual({ ok: true, code: { kind: 'plain', text: '会员券-ß-001' } });
  });
});
