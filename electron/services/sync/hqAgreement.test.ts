import { describe, expect, it } from 'vitest';
import { readCode } from '../../../shared/couponCode';
import { hqHolderHash, hqMinter, hqPlainHash, generateHqKey } from '../../../hq/services/signing';
import { fromBase64Url, holderHash, issuingKeyFromSeed, KeyRing, mintCode } from '../codeSigning';
import { plainCodeHash } from '../plainCodes';

/** HQ re-implements minting and hashing (it may not import the till's code): both must agree byte for byte. */
describe('HQ and till agree on the code format', () => {
  it("HQ-minted codes verify on the till, and equal the till's own minting from the same seed", () => {
    const hqKey = generateHqKey(3);
    const tillKey = issuingKeyFromSeed(3, fromBase64Url(hqKey.seedB64, 32)!);
    expect(Buffer.from(tillKey.publicKey).toString('base64url')).toBe(hqKey.publicKeyB64);
    const payload = { campaignId: 9, serial: 77, issueDay: 2400, expiryDay: 2410, holder: hqHolderHash('m-1') };
    const code = hqMinter(hqKey)(payload);
    expect(code).toBe(mintCode(tillKey, payload)); // Ed25519 signatures are deterministic
    const read = readCode(code);
    if (!read.ok || read.code.kind !== 'signed') throw new Error('not a signed code');
    expect(new KeyRing([{ keyId: 3, publicKey: hqKey.publicKeyB64, status: 'active' }]).verify(read.code)).toEqual({ ok: true });
  });

  it('plain-code and holder hashes match', () => {
    for (const text of ['ABC-123', '优惠券-0001', 'x'.repeat(128)]) expect(Buffer.from(plainCodeHash(text)).equals(hqPlainHash(text))).toBe(true);
    expect(Buffer.from(holderHash('member-7'))).toEqual(Buffer.from(hqHolderHash('member-7')));
  });
});
