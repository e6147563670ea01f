// The one file in shared/ that imports node: (allowed in eslint.config.js): HQ hashes the PINs
// of the users it sends to tills and the till verifies them offline, so both must run this very
// code. Main process and HQ only: the renderer never imports shared/auth (a lint rule says so).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PIN hashing with scrypt (memory-hard, in node:crypto). A 4-digit PIN has only 10,000 values,
 * so the hash alone cannot protect it from someone holding the database; what it buys is cost
 * per guess, and the lockout (authService) is what stops guessing at the till.
 * Each hash stores its own salt and parameters, so raising them later keeps old hashes valid.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 150 ms per hash on the 2-core build machine. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
/** Cheap parameters for tests only: the stored hash carries them, so verification is still real. */
export const TEST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128 * N * r bytes or scrypt refuses.
    const maxmem = 256 * params.N * params.r;
    scrypt(pin, salt, KEY_BYTES, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Parses a stored hash; null when it is not one of ours (treated as "PIN does not match"). */
export function parsePinHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const ok = (n: number, max: number) => Number.isSafeInteger(n) && n >= 1 && n <= max;
  // Bounds keep a tampered row from making us allocate gigabytes.
  if (!ok(N, 2 ** 20) || (N & (N - 1)) !== 0 || !ok(r, 32) || !ok(p, 16)) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || key.length !== KEY_BYTES) return null;
  return { params: { N, r, p }, salt, key };
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  if (!parsed) return false;
  const key = await derive(pin, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}
