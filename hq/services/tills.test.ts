import { describe, expect, it } from 'vitest';
import { newSecret } from './tills';

/**
 * Admin tokens, enrollment tokens and till credentials are pasted after `--token` on the command
 * line (`npm run hq -- admin ... --token T`, `npm run till -- enroll --token T`). A value starting
 * with '-' is refused there as an ambiguous option (Node's parseArgs), so one secret in 64 made
 * the CLI unusable with it: hq/cli.test and electron/cli/till.test failed now and then.
 */
describe('newSecret', () => {
  it('never starts with a dash, and stays 43 base64url characters (256 bits)', () => {
    for (let i = 0; i < 3_000; i++) {
      const s = newSecret();
      expect(s).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    }
  });

  it('is a fresh secret each time', () => {
    const seen = new Set(Array.from({ length: 1_000 }, () => newSecret()));
    expect(seen.size).toBe(1_000);
  });
});
