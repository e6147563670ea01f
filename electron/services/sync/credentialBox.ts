import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The till's HQ credential at rest. Whoever holds it can pull the store's rule set (its users'
 * PIN hashes included) and push as this till, so sync_state keeps it sealed with a key that is not
 * in the database: from the OS key store in the Electron shell (safeStorage, passed in by
 * electron/main.ts: services never import electron), or from a 0600 key file outside the data
 * folder for the Node host.
 */
export interface CredentialSealer {
  /** Short tag stored with the sealed text (says which sealer can open it). */
  readonly kind: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Whether a stored credential is sealed ("<kind>:..."): older tills stored it in plain text. */
export function isSealedCredential(stored: string): boolean {
  return /^(kf1|ss1|mem1):/.test(stored);
}

function aesSealer(kind: string, key: Buffer): CredentialSealer {
  return {
    kind,
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${kind}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      if (!sealed.startsWith(`${kind}:`))
        throw new Error(`the till credential was sealed by another key store (${sealed.split(':')[0]}), not ${kind}: enroll the till again`);
      const raw = Buffer.from(sealed.slice(kind.length + 1), 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/**
 * The Node host's sealer: a random 32-byte key in `file` (created 0600, its folder 0700). The
 * default file sits beside the data folder, not in it, so a copy of the folder alone does not
 * carry the key (a whole stolen disk does: README "Security").
 */
export function keyFileSealer(file: string): CredentialSealer {
  let key: Buffer;
  if (fs.existsSync(file)) {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.length !== 32) throw new Error(`${file} is not a till credential key (32 bytes, base64url)`);
    fs.chmodSync(file, 0o600);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    key = randomBytes(32);
    fs.writeFileSync(file, key.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return aesSealer('kf1', key);
}

/** Where the Node host keeps the key for `dataDir`: TILL_CREDENTIAL_KEY_FILE, else "<dataDir>.credential-key". */
export function defaultKeyFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.TILL_CREDENTIAL_KEY_FILE ?? `${path.resolve(dataDir)}.credential-key`;
}

const PROCESS_KEY = randomBytes(32);

/** A key held in this process's memory only (tests, engines built without one): sealed credentials do not outlive the process. */
export function memorySealer(): CredentialSealer {
  return aesSealer('mem1', PROCESS_KEY);
}

/**
 * Electron's: safeStorage (the OS key store: Keychain, DPAPI, libsecret). `encrypt`/`decrypt` are
 * safeStorage.encryptString / decryptString, handed in by electron/main.ts.
 */
export function osKeyStoreSealer(encrypt: (plain: string) => Buffer, decrypt: (sealed: Buffer) => string): CredentialSealer {
  return {
    kind: 'ss1',
    seal: (plain) => `ss1:${encrypt(plain).toString('base64')}`,
    open: (sealed) => {
      if (!sealed.startsWith('ss1:')) throw new Error('the till credential was not sealed by the OS key store: enroll the till again');
      return decrypt(Buffer.from(sealed.slice(4), 'base64'));
    },
  };
}
