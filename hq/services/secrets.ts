import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * HQ's secrets at rest. The Ed25519 issuing private keys mint valid coupons, so HQ keeps them
 * encrypted (AES-256-GCM) with a master key that is never in the database: from HQ_MASTER_KEY
 * (32 bytes, base64url or hex), or a key file (created 0600 on first start). Whoever copies
 * hq.sqlite (or a PostgreSQL dump) gets public keys and ciphertext, not a way to mint.
 */

const PREFIX = 'enc1:';

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromText(text: string): MasterKey {
    const t = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64url');
    if (key.length !== 32) throw new Error('the HQ master key must be 32 bytes (64 hex digits or 43 base64url characters)');
    return new MasterKey(key);
  }

  static random(): MasterKey {
    return new MasterKey(randomBytes(32));
  }

  /** Encrypts a secret for the database: "enc1:" + base64url(iv | tag | ciphertext). */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
  }

  open(sealed: string): string {
    if (!isSealed(sealed)) throw new Error('this secret is not encrypted: run `hq keys encrypt` first');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      throw new Error('an issuing key does not open with this master key (HQ_MASTER_KEY or the key file is not the one it was sealed with)');
    }
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export interface MasterKeySource {
  /** Given directly (tests), else HQ_MASTER_KEY, else the key file. */
  masterKey?: string;
  masterKeyFile?: string;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** True when the database outlives this process (a file or PostgreSQL): an ephemeral key would lose the keys. */
  persistent: boolean;
}

/** Loads HQ's master key; creates the key file (0600) when it does not exist yet. */
export function loadMasterKey(src: MasterKeySource): MasterKey {
  const env = src.env ?? process.env;
  if (src.masterKey) return MasterKey.fromText(src.masterKey);
  if (env.HQ_MASTER_KEY) return MasterKey.fromText(env.HQ_MASTER_KEY);
  const file = src.masterKeyFile ?? env.HQ_MASTER_KEY_FILE ?? (src.dataDir ? path.join(src.dataDir, 'master.key') : null);
  if (!file) {
    if (src.persistent) throw new Error('set HQ_MASTER_KEY (or --master-key-file): HQ encrypts its issuing keys with it');
    return MasterKey.random();
  }
  if (fs.existsSync(file)) return MasterKey.fromText(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, text + '\n', { mode: 0o600, flag: 'wx' });
  return MasterKey.fromText(text);
}

/** Makes HQ's data folder 0700 and every file in it 0600 (folders made by older versions were 0755/0644). */
export function lockDownDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = fs.lstatSync(p);
    if (st.isFile()) fs.chmodSync(p, 0o600);
    else if (st.isDirectory()) lockDownDataDir(p);
  }
}

/** Creates an empty file 0600 (if missing) so a library that creates it later cannot make it world-readable. */
export function touchPrivate(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}
