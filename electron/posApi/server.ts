import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ApiErrorCode, Result } from '../../shared/ipc/result';
import type { Api } from '../ipc/register';
import type { PosPairings } from '../services/pos/pairings';
import { streamEvents, type PosEventSource } from './events';
import { posOpenApi } from './openapi';
import { POS_ROUTES } from './routes';

/** HTTP status per API error code: the body keeps the same { ok: false, error } shape as every other caller. */
const STATUS: Record<ApiErrorCode, number> = {
  unknown_channel: 404,
  bad_request: 400,
  bad_sender: 401,
  not_signed_in: 401,
  forbidden: 403,
  override_invalid: 403,
  bad_credentials: 401,
  locked_out: 429,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export interface PosApiOptions {
  api: Api;
  pairings: PosPairings;
  /** Order events for GET /pos/v1/events (none: the route answers 503). */
  events?: PosEventSource;
  /** 127.0.0.1 by default; the store LAN listener (0.0.0.0) is over TLS only. */
  host?: string;
  port?: number;
  /** Serve HTTPS with this certificate (the till's LAN certificate, lanCertificate.ts); absent: plain HTTP. */
  tls?: { certPem: string; keyPem: string };
}

export interface RunningPosApi {
  url: string;
  /** The port it listens on. */
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Every refusal a POS gets carries a stable reason: a request the schema refused is 'malformed_request'. */
function withReason(result: Result<unknown>): Result<unknown> {
  if (result.ok || result.error.details?.reason !== undefined) return result;
  const reason = result.error.code === 'bad_request' ? 'malformed_request' : result.error.code;
  return { ok: false, error: { ...result.error, details: { ...(result.error.details ?? {}), reason } } };
}

function refuse(reply: FastifyReply, status: number, code: ApiErrorCode, message: string, reason?: string) {
  return reply.code(status).send({ ok: false, error: { code, message, ...(reason ? { details: { reason } } : {}) } });
}

/**
 * The till's POS API (issue 14): HTTP/JSON on loopback, a thin transport over the one register
 * loop. Each call's bearer credential is checked against the pairings (a revoked one is refused at
 * once), the caller becomes a 'pos' Sender, writes must carry an Idempotency-Key (passed to the
 * loop's envelope), and the loop's Result is sent with the status of its error code.
 */
export async function startPosApi(opts: PosApiOptions): Promise<RunningPosApi> {
  const app = (
    opts.tls
      ? Fastify({ logger: false, bodyLimit: 256 * 1024, https: { key: opts.tls.keyPem, cert: opts.tls.certPem, minVersion: 'TLSv1.2' } })
      : Fastify({ logger: false, bodyLimit: 256 * 1024 })
  ) as FastifyInstance;
  app.get('/pos/v1/openapi.json', async () => posOpenApi());
  app.post('/pos/v1/pairings', async (req, reply) => {
    const code = (req.body as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || code.length < 4 || code.length > 32) return refuse(reply, 400, 'bad_request', 'Send { "code": "<pairing code>" }.');
    try {
      return reply.code(201).send({ ok: true, value: opts.pairings.exchange(code) });
    } catch {
      return refuse(reply, 403, 'forbidden', 'This pairing code is not valid (wrong, used or expired): ask a manager for a new one.', 'pairing_code_invalid');
    }
  });
  const streams = new Map<{ end(): void }, string>();
  const stopRevoked = opts.pairings.onRevoked((pairingId) => {
    for (const [stream, id] of streams) if (id === pairingId) stream.end();
  });
  app.get('/pos/v1/events', async (req, reply) => {
    const pairing = paired(req);
    if (!pairing) return refuse(reply, 401, 'bad_credentials', 'Pair this POS with the till first (Authorization: Bearer <credential>).', 'not_paired');
    if (!opts.events) return refuse(reply, 503, 'unavailable', 'This till sends no events.');
    const stream = streamEvents(reply, opts.events, pairing.id);
    streams.set(stream, pairing.id);
    reply.raw.on('close', () => streams.delete(stream));
  });
  function paired(req: FastifyRequest) {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    return bearer ? opts.pairings.verify(bearer) : null;
  }
  for (const route of POS_ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const pairing = paired(req);
        if (!pairing) return refuse(reply, 401, 'bad_credentials', 'Pair this POS with the till first (Authorization: Bearer <credential>).', 'not_paired');
        const key = req.headers['idempotency-key'];
        if (route.method !== 'GET' && typeof key !== 'string')
          return refuse(reply, 400, 'bad_request', 'Every write takes an Idempotency-Key header.', 'idempotency_key_required');
        const request = route.request(req.params as Record<string, string>, req.body ?? {});
        const sender = { kind: 'pos' as const, clientId: `pos:${pairing.id}`, trusted: true, describe: `POS ${pairing.name}` };
        const result: Result<unknown> = await opts.api.call(route.channel, sender, typeof key === 'string' ? { request, idempotencyKey: key } : { request });
        return reply.code(result.ok ? 200 : STATUS[result.error.code]).send(withReason(result));
      },
    });
  }
  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return {
    url: address,
    port: (app.server.address() as { port: number }).port,
    app,
    async close() {
      stopRevoked();
      for (const stream of streams.keys()) stream.end();
      await app.close();
    },
  };
}
