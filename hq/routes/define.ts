import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { HqError, type HqContext } from '../services/context';
import { authenticateTill, sha256Hex, type AuthenticatedTill } from '../services/tills';

/**
 * One way to declare an HQ route: its zod schemas validate the request and also feed the
 * OpenAPI document (hq/openapi.ts), so the description cannot drift from the checks.
 */
export interface RouteSpec<B extends ZodType = ZodType, Q extends ZodType = ZodType, P extends ZodType = ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  summary: string;
  tag: 'sync' | 'admin';
  auth: 'till' | 'admin' | 'none';
  body?: B;
  query?: Q;
  params?: P;
  response?: ZodType;
  /** Non-JSON answers (CSV, PNG, SVG). */
  produces?: string;
  /** The largest body this route reads (default DEFAULT_BODY_LIMIT); a bigger one is answered 413 at once. */
  bodyLimit?: number;
  /** The body arrives as a stream (text/csv, text/plain), read by the handler: never buffered whole. */
  streamedBody?: boolean;
  /** The body is a batch whose items are checked one by one (a push): one bad item must not refuse the rest. */
  perItemBody?: boolean;
  handler(input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P>; till: AuthenticatedTill | null; req: FastifyRequest; reply: FastifyReply }): Promise<unknown>;
}

export interface RouteEnv {
  ctx: HqContext;
  adminToken: string;
}

/** The body limit of a route that names none: every JSON body HQ takes is small. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The till a request authenticated as (set in onRequest, before any body is read). */
const tillOf = new WeakMap<FastifyRequest, AuthenticatedTill>();

export function defineRoute<B extends ZodType, Q extends ZodType, P extends ZodType>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

function sameSecret(a: string, b: string): boolean {
  const ha = Buffer.from(sha256Hex(a), 'hex');
  const hb = Buffer.from(sha256Hex(b), 'hex');
  return timingSafeEqual(ha, hb);
}

/** The path of the first string holding a NUL (PostgreSQL refuses NUL in text; SQLite would store it). */
function nulAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulAt(v, path ? `${path}.${k}` : k, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: string, perItem = false): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  // Every text field of every request refuses NUL, the same on SQLite and PostgreSQL (a push checks its items one by one).
  const nul = perItem ? null : nulAt(value, '');
  if (nul !== null) throw Object.assign(new HqError(400, 'invalid_request', `invalid ${where}: ${nul || where}: contains a NUL character`), { issues: [{ path: nul, message: 'contains a NUL character' }] });
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const first = issues[0];
    throw Object.assign(new HqError(400, 'invalid_request', `invalid ${where}: ${first ? `${first.path || where}: ${first.message}` : 'malformed'}`), { issues });
  }
  return r.data;
}

/**
 * Authenticates from the headers alone, then checks the declared length against the route's
 * limit: both in onRequest, before a single byte of the body is read, so an unauthenticated or
 * oversized upload costs HQ nothing (answered 401/413 at once, the connection closed).
 */
function guard(env: RouteEnv, spec: RouteSpec) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    // An answer before the body is read: close the connection rather than read the body to keep it open.
    if (hasBody) reply.header('connection', 'close');
    if (spec.auth !== 'none') {
      const token = bearer(req);
      if (!token) throw new HqError(401, 'unauthenticated', 'missing "Authorization: Bearer <credential>" header');
      if (spec.auth === 'admin') {
        if (!sameSecret(token, env.adminToken)) throw new HqError(401, 'unauthenticated', 'wrong admin token');
      } else {
        const till = await authenticateTill(env.ctx, token);
        if (!till) throw new HqError(401, 'unauthenticated', 'unknown till credential: enroll the till again');
        tillOf.set(req, till);
      }
    }
    const limit = spec.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > limit) throw new HqError(413, 'body_too_large', `the body is ${length} bytes; ${req.method} ${spec.url} takes at most ${limit}`);
    if (hasBody) reply.removeHeader('connection');
  };
}

export function registerRoutes(app: FastifyInstance, env: RouteEnv, specs: RouteSpec[]): void {
  for (const spec of specs) {
    app.route({
      method: spec.method,
      url: spec.url,
      bodyLimit: spec.bodyLimit ?? DEFAULT_BODY_LIMIT,
      onRequest: guard(env, spec),
      handler: async (req, reply) => {
        const till = tillOf.get(req) ?? null;
        const body = spec.streamedBody ? (req.body as never) : parse(spec.body, req.body, 'body', spec.perItemBody);
        const query = parse(spec.query, req.query, 'query');
        const params = parse(spec.params, req.params, 'path');
        const result = await spec.handler({ body, query, params, till, req, reply });
        return result;
      },
    });
  }
}
