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
  bodyLimit?: number;
  handler(input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P>; till: AuthenticatedTill | null; req: FastifyRequest; reply: FastifyReply }): Promise<unknown>;
}

export interface RouteEnv {
  ctx: HqContext;
  adminToken: string;
}

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

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const first = issues[0];
    throw Object.assign(new HqError(400, 'invalid_request', `invalid ${where}: ${first ? `${first.path || where}: ${first.message}` : 'malformed'}`), { issues });
  }
  return r.data;
}

export function registerRoutes(app: FastifyInstance, env: RouteEnv, specs: RouteSpec[]): void {
  for (const spec of specs) {
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (req, reply) => {
        let till: AuthenticatedTill | null = null;
        if (spec.auth !== 'none') {
          const token = bearer(req);
          if (!token) throw new HqError(401, 'unauthenticated', 'missing "Authorization: Bearer <credential>" header');
          if (spec.auth === 'admin') {
            if (!sameSecret(token, env.adminToken)) throw new HqError(401, 'unauthenticated', 'wrong admin token');
          } else {
            till = await authenticateTill(env.ctx, token);
            if (!till) throw new HqError(401, 'unauthenticated', 'unknown till credential: enroll the till again');
          }
        }
        const body = parse(spec.body, req.body, 'body');
        const query = parse(spec.query, req.query, 'query');
        const params = parse(spec.params, req.params, 'path');
        const result = await spec.handler({ body, query, params, till, req, reply });
        return result;
      },
    });
  }
}
