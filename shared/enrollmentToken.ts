/**
 * An enrollment token, as HQ hands it out: the one-time secret, and optionally the SHA-256
 * fingerprint of the certificate the till must see at HQ ("<secret>.<64 hex digits>"). The secret
 * alone goes to HQ; the fingerprint stays with the till, which checks it on every connection.
 */
export interface EnrollmentToken {
  secret: string;
  /** Lower-case hex SHA-256 of HQ's certificate (DER); null: no pin, the usual CA checks only. */
  certificateSha256: string | null;
}

const PINNED = /^([A-Za-z0-9_-]{16,128})\.([0-9a-f]{64})$/i;

export function parseEnrollmentToken(token: string): EnrollmentToken {
  const text = token.trim();
  const m = PINNED.exec(text);
  if (m) return { secret: m[1]!, certificateSha256: m[2]!.toLowerCase() };
  if (text.includes('.'))
    throw new Error('this enrollment token is damaged: after its "." it must carry 64 hex digits (the certificate fingerprint); copy it again from HQ');
  return { secret: text, certificateSha256: null };
}

/** "AB:CD:..." (Node's fingerprint256) or plain hex, as lower-case hex without separators. */
export function normaliseFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('a certificate fingerprint is 64 hex digits (SHA-256), with or without colons');
  return hex;
}

export function formatEnrollmentToken(secret: string, certificateSha256: string | null): string {
  return certificateSha256 ? `${secret}.${normaliseFingerprint(certificateSha256)}` : secret;
}
