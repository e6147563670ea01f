import { join } from 'node:path';
import { LAN_CERT_FILE, LAN_CERT_WARN_DAYS, rotateLanCertificate, type LanCertificateInfo } from '../posApi/lanCertificate';
import { appendAudit } from '../services/audit';
import { defaultKeyFile, keyFileSealer } from '../services/sync/credentialBox';
import { isTillRunning, UsageError, withTill, type CliIo } from './tillCliSupport';

/**
 * `till pos-cert rotate`: a new certificate for the POS API on the store LAN (decision 043). The
 * POSes pin the old fingerprint, so the answer says, in words and in --json, that each must pin the
 * new one, and when the till starts serving it.
 */

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The `status` line about the LAN certificate (none when the LAN was never switched on). */
export function posCertStatusLine(info: LanCertificateInfo | null): string | null {
  if (!info) return null;
  const head = `POS LAN:     certificate ${info.fingerprint256.slice(0, 23)}…`;
  if (info.daysLeft < 0) return `${head} EXPIRED on ${day(info.validTo)}: run \`till pos-cert rotate\`, then re-pin every POS on the store LAN`;
  if (info.expiresSoon)
    return `${head} EXPIRES in ${info.daysLeft} days (${day(info.validTo)}): run \`till pos-cert rotate\`, then re-pin every POS on the store LAN`;
  return `${head} valid until ${day(info.validTo)}`;
}

export async function posCert(ctx: { dataDir: string; words: string[]; io: CliIo }): Promise<{ json: unknown; text: string }> {
  if (ctx.words[1] !== 'rotate') throw new UsageError('usage: till pos-cert rotate');
  const running = isTillRunning(ctx.dataDir);
  // The till folder must exist (withTill refuses otherwise): a mistyped --data makes no certificate.
  return withTill(ctx.dataDir, ctx.io, { exclusive: false }, async (app) => {
    // The Node host's sealer, the one the till uses without the OS key store (electron/app.ts).
    const sealer = keyFileSealer(defaultKeyFile(ctx.dataDir, ctx.io.env));
    const { certificate, previous } = await rotateLanCertificate(ctx.dataDir, sealer, ctx.io.now);
    appendAudit(app.db, {
      actor: 'till-cli',
      action: 'pos.lan_certificate_rotated',
      detail: { fingerprint256: certificate.fingerprint256, previousFingerprint256: previous?.fingerprint256 ?? null },
      at: ctx.io.now(),
    });
    const json = {
      rotated: true,
      fingerprint256: certificate.fingerprint256,
      validTo: certificate.validTo,
      previousFingerprint256: previous?.fingerprint256 ?? null,
      certificateFile: join(ctx.dataDir, LAN_CERT_FILE),
      running,
      /** Every POS paired over the store LAN pins the fingerprint: each must pin the new one. */
      repinRequired: true,
    };
    const text = [
      `A new POS LAN certificate is in ${json.certificateFile} (its key sealed, 0600), valid until ${day(certificate.validTo)}.`,
      `  new SHA-256 fingerprint: ${certificate.fingerprint256}`,
      `  old SHA-256 fingerprint: ${previous?.fingerprint256 ?? '(none)'}`,
      'RE-PIN: every POS paired over the store LAN refuses the till until it pins the new fingerprint',
      '(it is shown on Settings -> Store POS too). POSes on this computer (http://127.0.0.1) are not affected.',
      running
        ? 'The running till keeps serving the old certificate until it restarts, or a manager switches the store LAN off and on in Settings -> Store POS.'
        : 'The till serves the new certificate from its next start.',
      `The till warns ${LAN_CERT_WARN_DAYS} days before a certificate expires (\`till status\`, Settings -> Store POS).`,
    ].join('\n');
    return { json, text };
  });
}
