import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { authenticateAdmin, mayDo, rolesFor, type AdminAccount, type AdminArea } from '../services/adminAccounts';
import { appendAudit } from '../services/audit';
import { HqError, inTransaction, type HqContext } from '../services/context';
import { authenticateTill, type AuthenticatedTill } from '../services/tills';

/** What a route's handler gets. `ctx` is the one to use: inside an audited write it is the write's transaction. */
export interface RouteInput<B extends ZodType = ZodType, Q extends ZodType = ZodType, P extends ZodType = ZodType> {
  ctx: HqContext;
  body: z.infer<B>;
  query: z.infer<Q>;
  params: z.infer<P>;
  till: AuthenticatedTill | null;
  account: AdminAccount | null;
  /** What `prepare` read before the transaction (the CSV import's codes). */
  prepared: unknown;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * How an admin write is audited: its action name, the id it acts on, and the thing before and
 * after (read in the write's transaction). Never put a token, PIN or private key in either.
 */
export interface AuditSpec {
  action: string;
  target?(input: RouteInput): string | null;
  before?(input: RouteInput): Promise<unknown>;
  /** Default: the handler's answer. */
  after?(result: unknown, input: RouteInput): unknown;
}

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
  /** Admin routes: what the account's role must cover (services/adminAccounts.ts); else 403. */
  area?: AdminArea;
  /** Admin writes: the audit entry written in the same transaction (required for every admin write). */
  audit?: AuditSpec;
  /** Reads what must not be read inside the write's transaction (a streamed upload). */
  prepare?(input: RouteInput<B, Q, P>): Promise<unknown>;
  handler(input: RouteInput<B, Q, P>): Promise<unknown>;
}

export interface RouteEnv {
  ctx: HqContext;
}

/** The body limit of a route that names none: every JSON body HQ takes is small. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The till or admin account a request authenticated as (set in onRequest, before any body is read). */
const tillOf = new WeakMap<FastifyRequest, AuthenticatedTill>();
const accountOf = new WeakMap<FastifyRequest, AdminAccount>();

export function defineRoute<B extends ZodType, Q extends ZodType, P extends ZodType>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
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
  if (nul !== null)
    throw Object.assign(new HqError(400, 'invalid_request', `invalid ${where}: ${nul || where}: contains a NUL character`), {
      issues: [{ path: nul, message: 'contains a NUL character' }],
    });
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const first = issues[0];
    throw Object.assign(new HqError(400, 'invalid_request', `invalid ${where}: ${first ? `${first.path || where}: ${first.message}` : 'malformed'}`), {
      issues,
    });
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
        const account = await authenticateAdmin(env.ctx, token);
        if (!account) throw new HqError(401, 'unauthenticated', 'unknown or disabled admin token');
        const area = spec.area!;
        if (!mayDo(account, area))
          throw new HqError(
            403,
            'forbidden',
            `admin account "${account.name}" (role ${account.role}) may not ${spec.method} ${spec.url}: that needs the role ${rolesFor(area).join(' or ')}`,
          );
        accountOf.set(req, account);
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

/** Runs an admin write and appends its audit entry in one transaction: both commit, or neither. */
async function audited(env: RouteEnv, spec: RouteSpec, input: RouteInput): Promise<unknown> {
  const audit = spec.audit!;
  return inTransaction(env.ctx, async (trx) => {
    const inTrx: RouteInput = { ...input, ctx: { ...env.ctx, db: trx } };
    const before = audit.before ? await audit.before(inTrx) : null;
    const result = await spec.handler(inTrx);
    const after = audit.after ? audit.after(result, inTrx) : result;
    await appendAudit(trx, env.ctx.now(), {
      account: input.account,
      action: audit.action,
      method: spec.method,
      path: input.req.url.split('?')[0]!,
      target: audit.target ? audit.target(inTrx) : null,
      before,
      after,
    });
    return result;
  });
}

export function registerRoutes(app: FastifyInstance, env: RouteEnv, specs: RouteSpec[]): void {
  for (const spec of specs) {
    if (spec.auth === 'admin' && !spec.area) throw new Error(`${spec.method} ${spec.url}: an admin route names the area its role must cover`);
    if (spec.auth === 'admin' && spec.method !== 'GET' && !spec.audit) throw new Error(`${spec.method} ${spec.url}: every admin write is audited`);
    app.route({
      method: spec.method,
      url: spec.url,
      bodyLimit: spec.bodyLimit ?? DEFAULT_BODY_LIMIT,
      onRequest: guard(env, spec),
      handler: async (req, reply) => {
        const input: RouteInput = {
          ctx: env.ctx,
          till: tillOf.get(req) ?? null,
          account: accountOf.get(req) ?? null,
          body: spec.streamedBody ? (req.body as never) : parse(spec.body, req.body, 'body', spec.perItemBody),
          query: parse(spec.query, req.query, 'query'),
          params: parse(spec.params, req.params, 'path'),
          prepared: undefined,
          req,
          reply,
        };
        if (spec.prepare) input.prepared = await spec.prepare(input);
        return spec.audit ? audited(env, spec, input) : spec.handler(input);
      },
    });
  }
}
