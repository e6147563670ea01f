import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, TEST_SCRYPT, verifyPin } from './pinHash';

describe('PIN hashing', () => {
  it('verifies the PIN it hashed and refuses any other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^\d{4,8}$/), fc.stringMatching(/^\d{4,8}$/), async (pin, other) => {
        const stored = await hashPin(pin, TEST_SCRYPT);
        expect(await verifyPin(pin, stored)).toBe(true);
        expect(await verifyPin(other, stored)).toBe(other === pin);
      }),
      { numRuns: 20 },
    );
  });

  it('stores a fresh salt and the parameters with every hash', async () => {
    const a = await hashPin('1111', TEST_SCRYPT);
    const b = await hashPin('1111', TEST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(parsePinHash(a)?.salt.length).toBe(16);
  });

  it('refuses tampered or hostile hashes instead of throwing or allocating', async () => {
    const good = await hashPin('1234', TEST_SCRYPT);
    const parts = good.split('$');
    const withParams = (n: string, r = parts[2]) => [parts[0], n, r, parts[3], parts[4], parts[5]].join('$');
    expect(parsePinHash(withParams('1000'))).toBeNull(); // not a power of two
    expect(parsePinHash(withParams(String(2 ** 24)))).toBeNull(); // gigabytes of memory
    expect(parsePinHash(withParams('1024', '99'))).toBeNull();
    expect(parsePinHash('plain text')).toBeNull();
    expect(await verifyPin('1234', 'bcrypt$whatever')).toBe(false);
    // Flip the hash's FIRST character: the last base64url character of 32 bytes carries 2 unused
    // bits, so changing it (A <-> B) can leave the decoded hash the same and the PIN still valid.
    const hash = parts[5]!;
    const flipped = (hash[0] === 'A' ? 'B' : 'A') + hash.slice(1);
    expect(await verifyPin('1234', [...parts.slice(0, 5), flipped].join('$'))).toBe(false);
  });
});
