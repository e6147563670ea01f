import { describe, expect, it } from 'vitest';
import { readCode } from '../../shared/couponCode';
import { generateHqKey, hqHolderHash, hqMinter, hqPlainHash } from './signing';

// hq/ may not import electron/: the byte-for-byte cross-check against the till's implementation
// lives in electron/services/sync/hqAgreement.test.ts.
describe('HQ signing', () => {
  it('mints codes that read back with the payload HQ put in', () => {
    const key = generateHqKey(7);
    const code = hqMinter(key)({ campaignId: 42, serial: 1234, issueDay: 2500, expiryDay: 2530, holder: hqHolderHash('member-1') });
    const read = readCode(code);
    if (!read.ok || read.code.kind !== 'signed') throw new Error('HQ minted a code that does not read as signed');
    expect(read.code.couponKey).toBe('s:42:1234');
    expect(read.code.payload).toMatchObject({ keyId: 7, campaignId: 42, serial: 1234, issueDay: 2500, expiryDay: 2530 });
  });

  it('hashes plain codes to 16 bytes, different codes differently', () => {
    expect(hqPlainHash('ABC-1').length).toBe(16);
    expect(hqPlainHash('ABC-1').equals(hqPlainHash('ABC-2'))).toBe(false);
  });
});
