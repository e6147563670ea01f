import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Coupon Till';

/**
 * Where Electron's app.getPath('userData') puts our data on each OS, so the Node host and the
 * Electron app share one data folder. COUPON_TILL_DATA overrides both (tests, several tills).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/**
 * Makes the till's data folder 0700 and every file in it 0600, folders older versions made 0755
 * included: the ledger, the store's PIN hashes and the sealed HQ credential are nobody else's.
 */
export function lockDownDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isFile()) chmodSync(p, 0o600);
    else if (st.isDirectory()) lockDownDataDir(p);
  }
}

/** Creates `file` empty and 0600 if missing (and makes it 0600), before a library creates it world-readable. */
export function touchPrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
