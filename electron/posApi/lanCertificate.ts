import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { CredentialSealer } from '../services/sync/credentialBox';

/** The POS API's LAN certificate: its PEMs for the TLS server and its fingerprint for the POS to pin. */
export interface LanCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate (DER), as Node prints it: "AA:BB:...". */
  fingerprint256: string;
  /** When the certificate stops being valid (UTC epoch ms). */
  validTo: number;
}

/** What the till says about its certificate without opening the key (status, the settings screen). */
export interface LanCertificateInfo {
  fingerprint256: string;
  validTo: number;
  /** Whole days until validTo (negative once expired). */
  daysLeft: number;
  /** Within LAN_CERT_WARN_DAYS of expiry, or expired: time to `till pos-cert rotate`. */
  expiresSoon: boolean;
}

export const LAN_CERT_FILE = 'pos-lan-cert.pem';
export const LAN_KEY_FILE = 'pos-lan-key.sealed';
const VALID_DAYS = 3650;
/** The status warns this many days before the certificate expires. */
export const LAN_CERT_WARN_DAYS = 30;
const DAY = 86_400_000;

export function certificateInfo(cert: { fingerprint256: string; validTo: number }, now: number): LanCertificateInfo {
  const daysLeft = Math.floor((cert.validTo - now) / DAY);
  return { fingerprint256: cert.fingerprint256, validTo: cert.validTo, daysLeft, expiresSoon: cert.validTo - now <= LAN_CERT_WARN_DAYS * DAY };
}

function parsed(certPem: string): { fingerprint256: string; validTo: number; x509: X509Certificate } {
  const x509 = new X509Certificate(certPem);
  return { fingerprint256: x509.fingerprint256, validTo: Date.parse(x509.validTo), x509 };
}

/** The certificate in the data folder, read without its key; null when none was made. */
export function readLanCertificateInfo(dataDir: string, now: number): LanCertificateInfo | null {
  const certFile = join(dataDir, LAN_CERT_FILE);
  if (!existsSync(certFile)) return null;
  return certificateInfo(parsed(readFileSync(certFile, 'utf8')), now);
}

/** The machine's IPv4/IPv6 LAN addresses (not loopback), for the certificate's subjectAltName. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && !a.internal)
    .map((a) => a.address);
}

function writePrivate(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * The till's own certificate for the POS API on the store LAN (decision 064), made once and kept in
 * the data folder: the certificate in the clear, its private key sealed like the HQ credential
 * (decision 036: the OS key store under Electron, a 0600 key file beside the data folder otherwise),
 * written 0600. Self-signed: a POS trusts it by pinning its fingerprint, shown on Settings -> Store
 * POS, so no certificate authority is needed and a replaced certificate is refused by the POS.
 */
export async function lanCertificate(dataDir: string, sealer: CredentialSealer, now: () => number = Date.now): Promise<LanCertificate> {
  const certFile = join(dataDir, LAN_CERT_FILE);
  const keyFile = join(dataDir, LAN_KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    const keyPem = sealer.open(readFileSync(keyFile, 'utf8').trim());
    const cert = parsed(certPem);
    // A rotation writes the key, then the certificate: read between the two, they do not match.
    if (!cert.x509.checkPrivateKey(createPrivateKey(keyPem)))
      throw new Error(`${LAN_CERT_FILE} and ${LAN_KEY_FILE} do not belong together (a certificate rotation in progress?): try again`);
    return { certPem, keyPem, fingerprint256: cert.fingerprint256, validTo: cert.validTo };
  }
  return makeLanCertificate(dataDir, sealer, now);
}

/**
 * Replaces the till's LAN certificate and key with new ones (`till pos-cert rotate`, decision
 * 043). Every POS that pinned the old fingerprint refuses the till once it serves the new one: the
 * caller must say so. A running till keeps serving the certificate it loaded until its LAN
 * listener starts again (the till restarts, or the manager switches the LAN off and on). Refused,
 * changing nothing, when the key on disk was sealed by another key store than `sealer` (the
 * Electron shell's OS key store): the till could not open a key this sealer wrote.
 */
export async function rotateLanCertificate(
  dataDir: string,
  sealer: CredentialSealer,
  now: () => number = Date.now,
): Promise<{ certificate: LanCertificate; previous: LanCertificateInfo | null }> {
  const keyFile = join(dataDir, LAN_KEY_FILE);
  if (existsSync(keyFile)) {
    const kind = readFileSync(keyFile, 'utf8').split(':')[0];
    if (kind !== sealer.kind)
      throw new Error(
        `the LAN certificate's key is sealed by another key store (${kind}) than this command's (${sealer.kind}): rotate it where the till runs, or stop the till and delete ${LAN_CERT_FILE} and ${LAN_KEY_FILE} (it makes a new certificate when the LAN is next switched on)`,
      );
  }
  const previous = readLanCertificateInfo(dataDir, now());
  return { certificate: await makeLanCertificate(dataDir, sealer, now), previous };
}

async function makeLanCertificate(dataDir: string, sealer: CredentialSealer, now: () => number): Promise<LanCertificate> {
  // Loaded only by a till whose manager turned the LAN on: the certificate library is not a start-up cost.
  // selfsigned is CommonJS: imported from the built ESM bundles (dist-node/), as Node itself does,
  // it has only a default export (its `generate` was undefined there); tsx and vitest also give the named one.
  const selfsigned = (await import('selfsigned')) as typeof import('selfsigned') & { default?: typeof import('selfsigned') };
  const generate = selfsigned.generate ?? selfsigned.default!.generate;
  const notBeforeDate = new Date(now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'Coupon Till POS API' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, ...lanAddresses().map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  // The key first: a certificate on disk always has its key beside it.
  writePrivate(join(dataDir, LAN_KEY_FILE), `${sealer.seal(pems.private)}\n`);
  writePrivate(join(dataDir, LAN_CERT_FILE), pems.cert);
  const cert = parsed(pems.cert);
  return { certPem: pems.cert, keyPem: pems.private, fingerprint256: cert.fingerprint256, validTo: cert.validTo };
}
