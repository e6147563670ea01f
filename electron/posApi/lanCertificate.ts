import { X509Certificate } from 'node:crypto';
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
}

export const LAN_CERT_FILE = 'pos-lan-cert.pem';
export const LAN_KEY_FILE = 'pos-lan-key.sealed';
const VALID_DAYS = 3650;

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
    return { certPem, keyPem: sealer.open(readFileSync(keyFile, 'utf8').trim()), fingerprint256: new X509Certificate(certPem).fingerprint256 };
  }
  // Loaded only by a till whose manager turned the LAN on: the certificate library is not a start-up cost.
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'Coupon Till POS API' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000),
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
  writePrivate(keyFile, `${sealer.seal(pems.private)}\n`);
  writePrivate(certFile, pems.cert);
  return { certPem: pems.cert, keyPem: pems.private, fingerprint256: new X509Certificate(pems.cert).fingerprint256 };
}
