import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The host's secret, kept when the store asks for a fixed one (COUPON_TILL_FIXED_SECRET=1), so a
 * kiosk shortcut's URL (with COUPON_TILL_PORT fixed too) survives restarts. Otherwise the host
 * makes a new one per launch. The file is 0600: whoever can read it can drive the till's API.
 */
export const HOST_SECRET_FILE = 'host-secret';

function writeSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  const file = join(dataDir, HOST_SECRET_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, secret + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return secret;
}

export function loadOrCreateHostSecret(dataDir: string): string {
  const file = join(dataDir, HOST_SECRET_FILE);
  if (!existsSync(file)) return writeSecret(dataDir);
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  return /^[A-Za-z0-9_-]{32,}$/.test(secret) ? secret : writeSecret(dataDir);
}

/** A new secret; the running till keeps the old one until it restarts. */
export function rotateHostSecret(dataDir: string): string {
  return writeSecret(dataDir);
}
