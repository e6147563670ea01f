/**
 * `npm run hq -- <command>`: run HQ, or administer a running HQ over its admin API.
 *
 *   serve [--data DIR | --database-url postgres://... [--pg-schema NAME]] [--port N] [--host H]
 *         [--master-key-file FILE] [--encrypt-keys] [--tls-cert cert.pem --tls-key key.pem]
 *         [--pin-certificate proxy-cert.pem | --no-pin]
 *         [--webhook-retention-days N (default 30)] [--dead-letter-retention-days N|keep (default 90)]
 *         (--tls-cert/--tls-key: HQ serves HTTPS itself; otherwise put it behind a TLS reverse proxy;
 *          enrollment tokens carry the SHA-256 fingerprint of HQ's certificate, or of the proxy's
 *          with --pin-certificate, and the till checks it on every connection; --no-pin: none)
 *         (with a database URL, --data only holds the admin-token file; the master key that
 *          encrypts the issuing keys comes from HQ_MASTER_KEY, --master-key-file, or DIR/master.key;
 *          --encrypt-keys encrypts keys an older HQ stored in plain text, which HQ refuses otherwise;
 *          webhook deliveries are deleted that many days after delivery, dead letters that many
 *          days after HQ gave up on them, or never with keep)
 *   keys encrypt [--data DIR | --database-url ...] [--master-key-file FILE]   (the same, then exits)
 *   [admin] store add --id S --name NAME --tz Asia/Shanghai [--currency CNY]
 *   [admin] store change --id S [--name NAME] [--tz ZONE] [--currency CODE]
 *   [admin] till enroll --store S [--name NAME]
 *   [admin] till rename --id TILL --name NAME
 *   [admin] campaign create|update --file campaign.json   (or --body '{...}')
 *   [admin] campaign end --id N
 *   campaign check --file campaign.json [--basket lines.json]
 *           (offline, no HQ: the campaign's problems in words, or its place in the stack and, given
 *            basket lines, what it gives on them; an example from docs/campaigns/ carries its basket)
 *   [admin] keys rotate | keys retire --id N | keys list | keys export-public [--out FILE]
 *           (public keys only: HQ has no way to export an issuing private key)
 *   [admin] codes mint --campaign N --count N [--member ID] [--issue-day D] [--expiry-day D]
 *   [admin] codes import --campaign N --file codes.csv
 *   [admin] codes revoke --keys s:1:5,p:... --reason TEXT
 *   [admin] codes export --campaign N [--out DIR] [--qr png|svg|both]
 *   [admin] redemptions list [--store S] [--status conflict] [--flag figures_mismatch] [--limit N] [--cursor C | --all]
 *   [admin] redemptions export --out FILE.csv [--store S] [--status S] [--flag F]   (streamed, any size)
 *   [admin] reconcile --store S (--day D | --from D --to D) [--format json|csv|jsonl] [--out FILE]
 *           (coupons against POS orders per store day; csv/jsonl: the per-line price modifiers for an ERP)
 *   [admin] webhooks add --endpoint https://... [--events redemption.accepted,order.closed] [--store S]
 *           (answers the endpoint and its signing secret, shown this once)
 *   [admin] webhooks list | webhooks disable|enable --id ID | webhooks dead-letters [--id ENDPOINT]
 *   [admin] webhooks replay (--id ENDPOINT | --delivery ID)
 *   [admin] conflicts list [--state open] [--limit N] [--cursor C | --all]
 *           (a page answers { rows, nextCursor }: pass --cursor to get the next one; --all gets every row)
 *   [admin] conflict resolve --redemption ID --resolution accepted_as_loss|charged_back --note TEXT
 *   [admin] users add --name NAME --role cashier|supervisor|manager (--store S | --all-stores) --pin-file FILE
 *   [admin] users change --id ID [--name NAME] [--role R] [--store S | --all-stores] [--pin-file FILE]
 *   [admin] users disable|enable --id ID
 *   [admin] users list [--store S]
 *           (a PIN is 4-8 digits, read from the first line of FILE, or of standard input with
 *            --pin-file -: never from the command line, where shell history would keep it)
 *   [admin] accounts add --name NAME --role owner|campaigns|stores|auditor [--token-out FILE]
 *   [admin] accounts rotate --id ID [--token-out FILE]
 *           (the new token is printed once, or written 0600 to FILE and left out of the output)
 *   [admin] accounts disable|enable --id ID | accounts list
 *   [admin] audit list [--account ID] [--action campaign.update] [--limit N] [--cursor C | --all]
 *
 * Admin commands find HQ with --url (or HQ_URL, default http://127.0.0.1:8787) and an admin
 * account's token with --token, HQ_ADMIN_TOKEN or --token-file (default .data/hq/admin-token,
 * the first owner's). What each role may do: README "Admin accounts and roles".
 * Every command takes --json for machine-readable output.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AdminClient } from './adminClient';

const DEFAULT_DATA = '.data/hq';
const DEFAULT_PORT = 8787;

type Flags = Record<string, string | boolean | undefined>;

function parse(argv: string[]): { words: string[]; flags: Flags } {
  const strings = [
    'data',
    'database-url',
    'pg-schema',
    'port',
    'host',
    'url',
    'token',
    'token-file',
    'id',
    'name',
    'tz',
    'store',
    'file',
    'body',
    'campaign',
    'count',
    'member',
    'issue-day',
    'expiry-day',
    'keys',
    'reason',
    'out',
    'qr',
    'status',
    'limit',
    'coupon',
    'state',
    'redemption',
    'resolution',
    'note',
    'role',
    'pin-file',
    'pin',
    'master-key-file',
    'flag',
    'cursor',
    'tls-cert',
    'tls-key',
    'currency',
    'token-out',
    'account',
    'action',
    'pin-certificate',
    'basket',
    'day',
    'from',
    'to',
    'format',
    'events',
    'delivery',
    'endpoint',
    'webhook-retention-days',
    'dead-letter-retention-days',
  ];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(strings.map((n) => [n, { type: 'string' as const }])),
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        'all-stores': { type: 'boolean' },
        'encrypt-keys': { type: 'boolean' },
        all: { type: 'boolean' },
        'no-pin': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  return { words: positionals, flags: values as Flags };
}

function need(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

function num(flags: Flags, name: string, required = true): number | undefined {
  const v = flags[name];
  if (v === undefined && !required) return undefined;
  const n = Number(need(flags, name));
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

class UsageError extends Error {}

function adminClient(flags: Flags): AdminClient {
  const url = String(flags.url ?? process.env.HQ_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`);
  let token = typeof flags.token === 'string' ? flags.token : process.env.HQ_ADMIN_TOKEN;
  if (!token) {
    const file = String(flags['token-file'] ?? path.join(typeof flags.data === 'string' ? flags.data : DEFAULT_DATA, 'admin-token'));
    if (!fs.existsSync(file)) throw new UsageError(`no admin token: pass --token, set HQ_ADMIN_TOKEN or --token-file (looked in ${file})`);
    token = fs.readFileSync(file, 'utf8').trim();
  }
  return new AdminClient(url, token);
}

function readBody(flags: Flags): unknown {
  const text = typeof flags.file === 'string' ? fs.readFileSync(flags.file, 'utf8') : need(flags, 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('the campaign must be JSON (see shared/campaign.ts CampaignSchema)');
  }
}

function tlsOf(flags: Flags): { tls?: { cert: string; key: string }; pinCertificate?: string | false } {
  const pin =
    flags['no-pin'] === true
      ? { pinCertificate: false as const }
      : typeof flags['pin-certificate'] === 'string'
        ? { pinCertificate: new X509Certificate(fs.readFileSync(flags['pin-certificate'], 'utf8')).fingerprint256 }
        : {};
  const cert = flags['tls-cert'];
  const key = flags['tls-key'];
  if (cert === undefined && key === undefined) return pin;
  if (typeof cert !== 'string' || typeof key !== 'string') throw new UsageError('--tls-cert and --tls-key go together');
  return { tls: { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') }, ...pin };
}

/** --webhook-retention-days and --dead-letter-retention-days (services/webhookRetention.ts). */
function webhookRetentionOf(flags: Flags): { deliveredRetentionMs?: number; deadRetentionMs?: number | null } {
  const days = (name: string) => {
    const n = num(flags, name, false);
    if (n !== undefined && n < 1) throw new UsageError(`--${name} must be at least 1`);
    return n === undefined ? undefined : n * 86_400_000;
  };
  const delivered = days('webhook-retention-days');
  const dead = flags['dead-letter-retention-days'] === 'keep' ? null : days('dead-letter-retention-days');
  return { ...(delivered !== undefined ? { deliveredRetentionMs: delivered } : {}), ...(dead !== undefined ? { deadRetentionMs: dead } : {}) };
}

async function serve(flags: Flags, encryptOnly = false): Promise<void> {
  const databaseUrl = typeof flags['database-url'] === 'string' ? flags['database-url'] : undefined;
  const dataDir = typeof flags.data === 'string' ? flags.data : DEFAULT_DATA;
  const pgSchema = typeof flags['pg-schema'] === 'string' ? flags['pg-schema'] : undefined;
  const masterKeyFile = typeof flags['master-key-file'] === 'string' ? flags['master-key-file'] : undefined;
  // Loaded only to serve: admin commands need none of the server (fastify, kysely, pg), ~half their start.
  const { startHq } = await import('./server');
  const hq = await startHq({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(pgSchema ? { pgSchema } : {}),
    ...(masterKeyFile ? { masterKeyFile } : {}),
    ...tlsOf(flags),
    encryptPlaintextKeys: encryptOnly || flags['encrypt-keys'] === true,
    port: encryptOnly ? 0 : (num(flags, 'port', false) ?? DEFAULT_PORT),
    host: typeof flags.host === 'string' ? flags.host : '127.0.0.1',
    webhooks: webhookRetentionOf(flags),
  });
  if (encryptOnly) {
    await hq.close();
    console.log(flags.json ? JSON.stringify({ encrypted: true }) : "HQ's issuing keys are encrypted with the master key.");
    return;
  }
  const info = { url: hq.url, database: hq.database, adminTokenFile: hq.adminTokenFile ? path.resolve(hq.adminTokenFile) : null };
  if (flags.json) console.log(JSON.stringify(info));
  else
    console.log(
      `HQ listening on ${info.url}\n  database: ${info.database}\n  admin token: ${info.adminTokenFile}\n  API description: ${info.url}/openapi.json`,
    );
  const stop = () => void hq.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Maps "noun verb" to the admin API call. */
async function admin(words: string[], flags: Flags): Promise<unknown> {
  const api = adminClient(flags);
  const cmd = words.slice(0, 2).join(' ');
  switch (cmd) {
    case 'store add':
      return api.ok('POST', '/admin/stores', {
        id: need(flags, 'id'),
        name: need(flags, 'name'),
        timeZone: need(flags, 'tz'),
        ...optional(flags, { currency: 'currency' }),
      });
    case 'store change':
      return api.ok('PATCH', `/admin/stores/${encodeURIComponent(need(flags, 'id'))}`, optional(flags, { name: 'name', timeZone: 'tz', currency: 'currency' }));
    case 'till rename':
      return api.ok('PATCH', `/admin/tills/${encodeURIComponent(need(flags, 'id'))}`, { name: need(flags, 'name') });
    case 'store list':
      return api.ok('GET', '/admin/stores');
    case 'till enroll':
      return api.ok('POST', '/admin/tills', { storeId: need(flags, 'store'), ...(typeof flags.name === 'string' ? { name: flags.name } : {}) });
    case 'campaign create':
      return api.ok('POST', '/admin/campaigns', readBody(flags));
    case 'campaign update': {
      const body = readBody(flags) as { id?: unknown };
      return api.ok('PUT', `/admin/campaigns/${encodeURIComponent(String(body.id))}`, body);
    }
    case 'campaign end':
      return api.ok('POST', `/admin/campaigns/${num(flags, 'id')}/end`);
    case 'campaign list':
      return api.ok('GET', '/admin/campaigns');
    case 'keys rotate':
      return api.ok('POST', '/admin/keys/rotate');
    case 'keys retire':
      return api.ok('POST', `/admin/keys/${num(flags, 'id')}/retire`);
    case 'keys list':
      return api.ok('GET', '/admin/keys');
    case 'keys export-public':
      return exportPublicKeys(api, flags);
    case 'codes mint':
      return api.ok('POST', '/admin/codes/mint', {
        campaignId: num(flags, 'campaign'),
        count: num(flags, 'count'),
        ...(typeof flags.member === 'string' ? { memberId: flags.member } : {}),
        ...(flags['issue-day'] !== undefined ? { issueDay: num(flags, 'issue-day') } : {}),
        ...(flags['expiry-day'] !== undefined ? { expiryDay: num(flags, 'expiry-day') } : {}),
      });
    case 'codes import':
      return api.ok('POST', `/admin/codes/import?campaignId=${num(flags, 'campaign')}`, fs.readFileSync(need(flags, 'file'), 'utf8'), 'text/csv');
    case 'codes revoke':
      return api.ok('POST', '/admin/codes/revoke', {
        couponKeys: need(flags, 'keys')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
        reason: need(flags, 'reason'),
      });
    case 'codes export':
      return exportCodes(api, flags);
    case 'redemptions list':
      return listed(api, flags, `/admin/redemptions?${query(flags, ['store:storeId', 'status', 'limit', 'coupon:couponKey', 'flag', 'cursor'])}`);
    case 'webhooks add':
      return api.ok('POST', '/admin/webhooks', {
        url: need(flags, 'endpoint'),
        ...(typeof flags.events === 'string' ? { events: flags.events.split(',') } : {}),
        ...(typeof flags.store === 'string' ? { storeId: flags.store } : {}),
      });
    case 'webhooks list':
      return api.ok('GET', '/admin/webhooks');
    case 'webhooks disable':
    case 'webhooks enable':
      return api.ok('PATCH', `/admin/webhooks/${encodeURIComponent(need(flags, 'id'))}`, { disabled: words[1] === 'disable' });
    case 'webhooks dead-letters':
      return api.ok('GET', `/admin/webhooks/dead-letters${typeof flags.id === 'string' ? `?endpointId=${encodeURIComponent(flags.id)}` : ''}`);
    case 'webhooks replay':
      return api.ok(
        'POST',
        '/admin/webhooks/dead-letters/replay',
        typeof flags.delivery === 'string' ? { deliveryIds: [flags.delivery] } : { endpointId: need(flags, 'id') },
      );
    case 'reconcile':
    case 'reconcile store':
      return reconcileStore(api, flags);
    case 'redemptions export':
      return exportRedemptions(api, flags);
    case 'conflicts list':
      return listed(api, flags, `/admin/conflicts?${query(flags, ['state', 'limit', 'cursor'])}`);
    case 'users add':
      return api.ok('POST', '/admin/users', {
        name: need(flags, 'name'),
        role: need(flags, 'role'),
        storeId: userScope(flags, true),
        pin: readPin(flags, true),
      });
    case 'users change': {
      const pin = readPin(flags, false);
      const storeId = userScope(flags, false);
      return api.ok('PATCH', `/admin/users/${encodeURIComponent(need(flags, 'id'))}`, {
        ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
        ...(typeof flags.role === 'string' ? { role: flags.role } : {}),
        ...(storeId !== undefined ? { storeId } : {}),
        ...(pin !== undefined ? { pin } : {}),
      });
    }
    case 'users disable':
      return api.ok('POST', `/admin/users/${encodeURIComponent(need(flags, 'id'))}/disable`);
    case 'users enable':
      return api.ok('POST', `/admin/users/${encodeURIComponent(need(flags, 'id'))}/enable`);
    case 'users list':
      return api.ok('GET', `/admin/users?${query(flags, ['store:storeId'])}`);
    case 'accounts add':
      return withToken(flags, await api.ok('POST', '/admin/accounts', { name: need(flags, 'name'), role: need(flags, 'role') }));
    case 'accounts rotate':
      return withToken(flags, await api.ok('POST', `/admin/accounts/${encodeURIComponent(need(flags, 'id'))}/rotate`));
    case 'accounts disable':
      return api.ok('POST', `/admin/accounts/${encodeURIComponent(need(flags, 'id'))}/disable`);
    case 'accounts enable':
      return api.ok('POST', `/admin/accounts/${encodeURIComponent(need(flags, 'id'))}/enable`);
    case 'accounts list':
      return api.ok('GET', '/admin/accounts');
    case 'audit list':
      return listed(api, flags, `/admin/audit?${query(flags, ['account:accountId', 'action', 'limit', 'cursor'])}`);
    case 'conflict resolve':
      return api.ok('POST', `/admin/conflicts/${encodeURIComponent(need(flags, 'redemption'))}/resolve`, {
        resolution: need(flags, 'resolution'),
        note: need(flags, 'note'),
      });
    default:
      throw new UsageError(`unknown command "${words.join(' ')}" (see the list at the top of hq/cli.ts)`);
  }
}

/** The string flags given, under their API names ({ apiName: flagName }). */
function optional(flags: Flags, names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).flatMap(([api, flag]) => (typeof flags[flag] === 'string' ? [[api, flags[flag]]] : [])));
}

/** A new account token: printed once, or with --token-out written 0600 to that file and left out of the output. */
function withToken(flags: Flags, answer: unknown): unknown {
  const out = flags['token-out'];
  if (typeof out !== 'string') return answer;
  const { token, account } = answer as { token: string; account: unknown };
  fs.writeFileSync(out, token + '\n', { mode: 0o600 });
  fs.chmodSync(out, 0o600);
  return { account, tokenFile: path.resolve(out) };
}

/** --store S: that store's user; --all-stores: every store's (null). Undefined when neither is given and none is required. */
function userScope(flags: Flags, required: boolean): string | null | undefined {
  if (flags['all-stores'] && flags.store !== undefined) throw new UsageError('give --store S or --all-stores, not both');
  if (flags['all-stores']) return null;
  if (typeof flags.store === 'string') return need(flags, 'store');
  if (required) throw new UsageError('missing --store S (or --all-stores for a user of every store)');
  return undefined;
}

/** The PIN from the first line of --pin-file (- for standard input). Never from argv: shell history and `ps` would show it. */
function readPin(flags: Flags, required: boolean): string | undefined {
  if (flags.pin !== undefined)
    throw new UsageError('--pin is not taken: shell history and the process list would keep the PIN; use --pin-file FILE (or - for standard input)');
  const file = flags['pin-file'];
  if (file === undefined) {
    if (required) throw new UsageError('missing --pin-file FILE (or --pin-file - to read the PIN from standard input)');
    return undefined;
  }
  const source = need(flags, 'pin-file');
  let text: string;
  try {
    text = fs.readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read the PIN from ${source === '-' ? 'standard input' : source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  // HQ checks the digits (and says so without echoing them).
  return text.split(/\r?\n/)[0]!.trim();
}

function query(flags: Flags, names: string[]): string {
  const q = new URLSearchParams();
  for (const n of names) {
    const [flag, param] = n.split(':') as [string, string?];
    if (typeof flags[flag] === 'string') q.set(param ?? flag, flags[flag] as string);
  }
  return q.toString();
}

async function exportCodes(api: AdminClient, flags: Flags): Promise<unknown> {
  const campaign = num(flags, 'campaign')!;
  const csv = await api.ok<string>('GET', `/admin/codes/export?campaignId=${campaign}`);
  const out = typeof flags.out === 'string' ? flags.out : null;
  if (!out) return flags.json ? { csv } : csv;
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `campaign-${campaign}.csv`), csv);
  const formats = flags.qr === 'both' ? ['png', 'svg'] : typeof flags.qr === 'string' ? [flags.qr] : [];
  let images = 0;
  for (const line of csv.trim().split('\n').slice(1)) {
    const couponKey = line.split(',')[0]!;
    for (const f of formats) {
      const res = await fetch(`${api.url}/admin/codes/qr?couponKey=${encodeURIComponent(couponKey)}&format=${f}`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      if (!res.ok) throw new Error(`QR for ${couponKey}: HTTP ${res.status}`);
      fs.writeFileSync(path.join(out, `${couponKey.replace(/:/g, '-')}.${f}`), Buffer.from(await res.arrayBuffer()));
      images++;
    }
  }
  return { folder: path.resolve(out), csv: `campaign-${campaign}.csv`, images };
}

/** One page (with the next page's cursor), or with --all every page. */
async function listed(api: AdminClient, flags: Flags, p: string): Promise<unknown> {
  if (flags.all === true) return api.all(p);
  const r = await api.call<unknown[]>('GET', p);
  if (r.status !== 200) throw new Error(`HQ refused GET ${p} (${r.status}): ${JSON.stringify(r.body).slice(0, 300)}`);
  return { rows: r.body, nextCursor: r.nextCursor ?? null };
}

/** Streams every matching redemption as CSV into --out (any size: HQ pages it, this writes as it arrives). */
async function exportRedemptions(api: AdminClient, flags: Flags): Promise<unknown> {
  const out = need(flags, 'out');
  const res = await fetch(`${api.url}/admin/redemptions/export?${query(flags, ['store:storeId', 'status', 'coupon:couponKey', 'flag'])}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  if (res.status !== 200 || !res.body) throw new Error(`HQ refused the export (${res.status}): ${(await res.text()).slice(0, 300)}`);
  const { Readable } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(out));
  return { file: path.resolve(out) };
}

/** Reconciliation of one store: the figures (JSON), or the ERP export streamed into --out (or printed). */
async function reconcileStore(api: AdminClient, flags: Flags): Promise<unknown> {
  const range: Record<string, string> = typeof flags.day === 'string' ? { day: flags.day } : { from: need(flags, 'from'), to: need(flags, 'to') };
  const q = new URLSearchParams({ storeId: need(flags, 'store'), ...range });
  const format = typeof flags.format === 'string' ? flags.format : 'json';
  if (format === 'json') return api.ok('GET', `/admin/reconciliation?${q}`);
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format is json, csv or jsonl');
  const res = await fetch(`${api.url}/admin/reconciliation/export?${q}&format=${format}`, { headers: { authorization: `Bearer ${api.token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`HQ refused the export (${res.status}): ${(await res.text()).slice(0, 300)}`);
  if (typeof flags.out !== 'string') return (await res.text()).trimEnd();
  const { Readable } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(flags.out));
  return { file: path.resolve(flags.out) };
}

/** The issuing keys' public halves (what tills verify with), to publish or hand to a partner. Never a private key. */
async function exportPublicKeys(api: AdminClient, flags: Flags): Promise<unknown> {
  const keys = await api.ok<{ keyId: number; publicKey: string; status: string }[]>('GET', '/admin/keys');
  const doc = { format: 'coupon-till-public-keys/1', algorithm: 'Ed25519', keys: keys.map(({ keyId, publicKey, status }) => ({ keyId, publicKey, status })) };
  if (typeof flags.out !== 'string') return doc;
  fs.writeFileSync(flags.out, JSON.stringify(doc, null, 2) + '\n');
  return { file: path.resolve(flags.out), keys: doc.keys.length };
}

/** `campaign check`: offline, exit code 1 when the campaign or the basket has a problem. */
async function campaignCheck(flags: Flags): Promise<void> {
  const { checkCampaign } = await import('./campaignCheck');
  const readJson = (file: string) => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      throw new UsageError(`${file} is not readable JSON: ${(err as Error).message}`);
    }
  };
  const basket = typeof flags.basket === 'string' ? readJson(flags.basket) : undefined;
  const result = checkCampaign(readJson(need(flags, 'file')), basket);
  console.log(flags.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
  if (!result.valid) process.exitCode = 1;
}

async function main(argv: string[]): Promise<void> {
  const { words, flags } = parse(argv);
  const rest = words[0] === 'admin' ? words.slice(1) : words;
  if (rest[0] === 'serve') return serve(flags);
  if (rest[0] === 'keys' && rest[1] === 'encrypt') return serve(flags, true);
  if (rest[0] === 'campaign' && rest[1] === 'check') return campaignCheck(flags);
  if (rest.length === 0 || flags.help) {
    console.log(
      fs
        .readFileSync(new URL(import.meta.url), 'utf8')
        .split('*/')[0]!
        .replace(/^\/\*\*?|^ \* ?/gm, ''),
    );
    return;
  }
  const result = await admin(rest, flags);
  console.log(flags.json ? JSON.stringify(result) : typeof result === 'string' ? result : JSON.stringify(result, null, 2));
}

main(process.argv.slice(2)).catch((err: Error) => {
  const json = process.argv.includes('--json');
  const message = err instanceof UsageError ? err.message : err.message;
  if (json) console.log(JSON.stringify({ error: message }));
  else console.error(`hq: ${message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
