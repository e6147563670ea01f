import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePlainCode, readCode } from '../../shared/couponCode';
import { CouponKeySchema, RuleSetUpdateSchema } from '../../shared/ruleSet';
import { plainCodeHash, plainCodeHashB64, plainCouponKey } from './plainCodes';

describe('plain-code hashing', () => {
  it('matches independently computed SHA-256 prefixes (domain-tagged, UTF-8)', () => {
    expect(Buffer.from(plainCodeHash('Summer-2026-ab12')).toString('hex')).toBe('45bd7499067cb109ccf16209e46c5540');
    expect(plainCodeHashB64('Summer-2026-ab12')).toBe('Rb10mQZ8sQnM8WIJ5GxVQA');
    expect(plainCouponKey(plainCodeHash('会员券 8折'))).toBe('p:791936f9f4064152f9e8ef994f1baa18');
  });

  it('is case-sensitive and refuses empty codes and wrong hash sizes', () => {
    expect(plainCodeHashB64('abc')).not.toBe(plainCodeHashB64('ABC'));
    expect(() => plainCodeHash('')).toThrow(RangeError);
    expect(() => plainCouponKey(new Uint8Array(15))).toThrow(RangeError);
  });

  it('produces keys and hashes the shared schemas accept, for every normalised code', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 140, unit: 'grapheme' }), (raw) => {
        const n = normalisePlainCode(raw);
        if (n === null) return;
        expect(CouponKeySchema.safeParse(plainCouponKey(plainCodeHash(n))).success).toBe(true);
        const hash = plainCodeHashB64(n);
        expect(RuleSetUpdateSchema.safeParse({ formatVersion: 1, fromVersion: 0, toVersion: 1, plainCodes: [{ hash, campaignId: 1 }] }).success).toBe(true);
      }),
    );
  });

  it('a scanned plain code and its imported original hash the same after normalisation', () => {
    const r = readCode('\u0002 Summer-2026-ab12 \r\n');
    expect(r.ok && r.code.kind === 'plain' && plainCodeHashB64(r.code.text)).toBe(plainCodeHashB64(normalisePlainCode('Summer-2026-ab12') as string));
  });
});
