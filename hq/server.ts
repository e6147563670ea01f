import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ScryptParams } from '../shared/auth/pinHash';
import { normaliseFingerprint } from '../shared/enrollmentToken';
import { HybridClock } from '../shared/hlc';
import { openHqDatabase, type HqDatabase } from './db/connect';
import { openApiDocument } from './openapi';
import { adminRoutes } from './routes/admin';
import { posRoutes } from './routes/pos';
import { webhookRoutes } from './routes/webhooks';
import { DEFAULT_BODY_LIMIT, registerRoutes, type RouteEnv } from './routes/define';
import { syncRoutes } from './routes/sync';
import { ensureFirstOwner } from './services/adminAccounts';
import { HqError, inTransaction, type HqContext } from './services/context';
import { isSealed, loadMasterKey, lockDownDataDir } from './services/secrets';
import { newSecret } from './services/tills';
import { WebhookDispatcher, type WebhookOptions } from './services/webhookDelivery';

export interface StartHqOptions {
  /** Folder for hq.sqlite and the admin-token file. Absent (and no databaseUrl): in-memory SQLite. */
  dataDir?: string;
  /** postgres://... runs on PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL schema (tests isolate each HQ in its own). */
  pgSchema?: string;
  port?: number;
  host?: string;
  now?: () => number;
  /** Use this admin token instead of the one in dataDir/admin-token (several HQ processes on one database). */
  adminToken?: string;
  /** Name in HQ's HLC timestamps. */
  nodeId?: string;
  logger?: boolean;
  /** scrypt parameters for the PINs of users HQ creates (default DEFAULT_SCRYPT; tests use cheap ones). */
  pinScrypt?: ScryptParams;
  /** The master key that seals issuing keys (else HQ_MASTER_KEY, else masterKeyFile / HQ_MASTER_KEY_FILE, else dataDir/master.key). */
  masterKey?: string;
  masterKeyFile?: string;
  /** Serve HTTPS with this certificate and key (PEM text); without: plain HTTP (loopback, or behind a TLS reverse proxy). */
  tls?: { cert: string; key: string };
  /**
   * The certificate tills must see (SHA-256, hex, colons allowed), carried in every enrollment
   * token: behind a TLS reverse proxy, the proxy's. Default with `tls`: that certificate's; false: none.
   */
  pinCertificate?: string | false;
  /** Encrypt issuing keys an older HQ stored in plain text (without it HQ refuses to start while any remain). */
  encryptPlaintextKeys?: boolean;
  /** Webhook delivery timings (services/webhookDelivery.ts); false: this process sends none (another HQ process does). */
  webhooks?: Partial<WebhookOptions> | false;
  /** The fetch webhook deliveries go through (tests). */
  webhookFetch?: typeof fetch;
}

export interface RunningHq {
  url: string;
  /** The first owner's token (the admin-token file's). It opens HQ until that owner's token is rotated. */
  adminToken: string;
  /** Where the admin token is kept (null when it was given or HQ is in memory). */
  adminTokenFile: string | null;
  database: string;
  ctx: HqContext;
  app: FastifyInstance;
  /** The webhook dispatcher (null when started with webhooks: false). */
  webhooks: WebhookDispatcher | null;
  close(): Promise<void>;
}

const gzip = promisify(zlib.gzip);

/** PostgreSQL data errors: numeric out of range, NUL or bad text, invalid text for a type. */
const PG_BAD_INPUT = new Set(['22003', '22021', '22P05', '22P02', '54000']);

/** A known path asked with a method it does not take: 405 with Allow (not 404, which says the path is wrong). */
function answerWrongMethods(app: FastifyInstance, routes: { method: string; url: string }[]): void {
  const patterns = routes.map((r) => ({ method: r.method, re: new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`) }));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = [...new Set(patterns.filter((p) => p.re.test(path)).map((p) => p.method))];
    if (allowed.includes('GET')) allowed.push('HEAD');
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send({ error: 'method_not_allowed', message: `${req.method} is not allowed on ${path}: use ${allowed.join(', ')}` });
    }
    return reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${path}` });
  });
}

/** Refuses to run with issuing private keys in plain text (an older HQ's), unless told to encrypt them now. */
async function sealPlaintextKeys(ctx: HqContext, encrypt: boolean): Promise<void> {
  const rows = await ctx.db.selectFrom('issuing_keys').select(['key_id', 'private_key']).execute();
  const plain = rows.filter((r) => !isSealed(r.private_key));
  if (plain.length === 0) return;
  if (!encrypt)
    throw new Error(
      `HQ refuses to start: ${plain.length} issuing private key(s) are stored in plain text. Run \`npm run hq -- keys encrypt\` (or start with --encrypt-keys) to encrypt them with the master key.`,
    );
  await inTransaction(ctx, async (trx) => {
    for (const r of plain)
      await trx
        .updateTable('issuing_keys')
        .set({ private_key: ctx.masterKey.seal(r.private_key) })
        .where('key_id', '=', r.key_id)
        .where('private_key', '=', r.private_key)
        .execute();
  });
}

/** The fingerprint enrollment tokens carry: the one given, else the certificate HQ serves, else none. */
function enrollmentPin(opts: StartHqOptions): string | null {
  if (opts.pinCertificate === false) return null;
  if (opts.pinCertificate) return normaliseFingerprint(opts.pinCertificate);
  return opts.tls ? normaliseFingerprint(new X509Certificate(opts.tls.cert).fingerprint256) : null;
}

function loadAdminToken(opts: StartHqOptions): { token: string; file: string | null } {
  if (opts.adminToken) return { token: opts.adminToken, file: null };
  if (!opts.dataDir) return { token: newSecret(), file: null };
  const file = path.join(opts.dataDir, 'admin-token');
  lockDownDataDir(opts.dataDir);
  if (fs.existsSync(file)) return { token: fs.readFileSync(file, 'utf8').trim(), file };
  const token = newSecret();
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { token, file };
}

/** Starts HQ: opens and migrates its database, then listens (port 0 = any free port). */
export async function startHq(opts: StartHqOptions = {}): Promise<RunningHq> {
  const masterKey = loadMasterKey({ ...opts, persistent: Boolean(opts.dataDir || opts.databaseUrl) });
  const database: HqDatabase = await openHqDatabase(opts);
  const now = opts.now ?? Date.now;
  const ctx: HqContext = {
    db: database.db,
    dialect: database.dialect,
    now,
    clock: new HybridClock(opts.nodeId ?? 'hq', now),
    masterKey,
    enrollmentPin: enrollmentPin(opts),
    ...(opts.pinScrypt ? { pinScrypt: opts.pinScrypt } : {}),
  };
  try {
    await sealPlaintextKeys(ctx, opts.encryptPlaintextKeys === true);
  } catch (err) {
    await database.close();
    throw err;
  }
  const { token, file } = loadAdminToken(opts);
  const app = opts.tls
    ? (Fastify({
        logger: opts.logger ?? false,
        bodyLimit: DEFAULT_BODY_LIMIT,
        https: { cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' },
      }) as unknown as FastifyInstance)
    : Fastify({ logger: opts.logger ?? false, bodyLimit: DEFAULT_BODY_LIMIT });
  // Empty JSON bodies are fine (POST /admin/keys/rotate); bad JSON is a clear 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HqError(400, 'bad_json', 'the request body is not valid JSON'), undefined);
    }
  });
  // CSV and text bodies are handed to the route as the raw stream (the plain-code import reads it
  // line by line): never buffered whole, and never read at all before the request is authenticated.
  app.addContentTypeParser(['text/csv', 'text/plain'], (_req, payload, done) => done(null, payload));
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof HqError) {
      const issues = (err as { issues?: unknown }).issues;
      return reply.status(err.status).send({ error: err.code, message: err.message, ...(issues ? { issues } : {}) });
    }
    // A value PostgreSQL cannot hold that a schema let through: still the caller's error, never a 500.
    const pgCode = (err as { code?: unknown }).code;
    if (typeof pgCode === 'string' && PG_BAD_INPUT.has(pgCode))
      return reply.status(400).send({ error: 'invalid_request', message: 'a value in the request is out of range or not valid text' });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return reply.status(status).send({ error: (err as { code?: string }).code ?? 'bad_request', message: (err as Error).message });
    reply.log.error(err);
    return reply.status(500).send({ error: 'internal', message: 'HQ failed to handle the request; nothing was changed' });
  });
  // Rule-set pages can be megabytes (a million plain codes): gzip them for tills that accept it.
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < 16 * 1024) return payload;
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    return gzip(payload, { level: 1 });
  });
  await ensureFirstOwner(ctx, token);
  const env: RouteEnv = { ctx };
  const routes = [...syncRoutes(env), ...adminRoutes(), ...posRoutes(), ...webhookRoutes()];
  registerRoutes(app, env, routes);
  const doc = openApiDocument(routes, '1.0.0');
  app.get('/openapi.json', async () => doc);
  app.get('/health', async () => ({ ok: true, hqTime: ctx.clock.tick() }));
  answerWrongMethods(app, [
    ...routes.map((r) => ({ method: r.method, url: r.url })),
    { method: 'GET', url: '/openapi.json' },
    { method: 'GET', url: '/health' },
  ]);
  const dispatcher = opts.webhooks === false ? null : new WebhookDispatcher(ctx, opts.webhooks ?? {}, opts.webhookFetch);
  if (dispatcher) ctx.webhooksQueued = () => dispatcher.wake();
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  dispatcher?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`,
    adminToken: token,
    adminTokenFile: file,
    database: database.location,
    ctx,
    app,
    webhooks: dispatcher,
    async close() {
      await dispatcher?.stop();
      await app.close();
      await database.close();
    },
  };
}
