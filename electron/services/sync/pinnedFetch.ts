import type { TLSSocket } from 'node:tls';
import type { Agent } from 'undici';
import type { FetchLike } from './hqClient';

/** HQ's certificate is not the one pinned at enrolment: no request is sent over that connection. */
export class CertificateMismatch extends Error {}

const short = (hex: string) => `${hex.slice(0, 16)}…`;

/**
 * A fetch that talks only to the HQ whose certificate has this SHA-256 fingerprint (from the
 * enrollment token). The pin is the trust anchor: it is checked on every new connection (no TLS
 * session is resumed without it), a self-signed HQ certificate works, and any other certificate
 * (another server, someone in between, HQ's certificate replaced) is refused before a byte of a
 * request (or the till's credential) is sent.
 */
export function pinnedFetch(certificateSha256: string): FetchLike {
  const expected = certificateSha256.toLowerCase();
  // undici is loaded only by a till that pinned a certificate: no start-up cost for the others.
  let ready: Promise<{ agent: Agent; fetch: typeof import('undici').fetch }> | null = null;
  const load = () => (ready ??= import('undici').then((undici) => ({ agent: pinnedAgent(undici, expected), fetch: undici.fetch })));
  return async (url, init) => {
    const { agent, fetch } = await load();
    try {
      return await fetch(url, { ...init, dispatcher: agent });
    } catch (err) {
      // fetch says only "fetch failed": the reason a person can act on is its cause.
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof CertificateMismatch) throw cause;
      throw err;
    }
  };
}

function pinnedAgent(undici: typeof import('undici'), expected: string): Agent {
  const connect = undici.buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
  return new undici.Agent({
    connect: (opts, callback) => {
      if (opts.protocol !== 'https:') {
        callback(
          new CertificateMismatch(`this till pinned HQ's certificate at enrolment: it talks to HQ only over https://, not ${opts.protocol}//${opts.hostname}`),
          null,
        );
        return;
      }
      connect(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no connection'), null);
        const seen = (socket as TLSSocket).getPeerCertificate?.()?.fingerprint256?.replace(/:/g, '').toLowerCase() ?? '(none)';
        if (seen !== expected) {
          socket.destroy();
          return callback(
            new CertificateMismatch(
              `HQ's certificate is not the one pinned at enrolment (expected SHA-256 ${short(expected)}, got ${short(seen)}): someone may be in between, or HQ has a new certificate (then enroll this till again with a new token)`,
            ),
            null,
          );
        }
        callback(null, socket);
      });
    },
  });
}
