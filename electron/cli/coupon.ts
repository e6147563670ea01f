/**
 * `npm run coupon -- <command>`: HQ-side tool for signed coupon codes.
 *   keygen  --key-id N [--out FILE]
 *   mint    --key FILE --campaign N --serial N [--count K] [--issue-day D | --issue-date YYYY-MM-DD]
 *           (--expiry-date YYYY-MM-DD | --valid-days N) [--holder MEMBER]
 *   inspect CODE                          decode without verifying
 *   verify  CODE (--pub B64URL --key-id N | --keys FILE)   exit 1 when refused
 *   vectors [--out FILE]                  re-make docs/test-vectors/coupon-code-v1.json
 * Every command takes --json. Bad input: a message on stderr, exit code 2, nothing written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dayFromIsoDate, dayNumber, encodePayload, formatCode, isoDateOfDay, MAX_SERIAL, readCode, type CouponPayload } from '../../shared/couponCode';
import { SigningKeySchema, type SigningKeyInfo } from '../../shared/ruleSet';
import {
  createSigner,
  fromBase64Url,
  generateIssuingKey,
  holderHash,
  issuingKeyFromSeed,
  KeyRing,
  toBase64Url,
  type IssuingKey,
} from '../services/codeSigning';
import { plainCodeHash, plainCodeHashB64, plainCouponKey } from '../services/plainCodes';
import { buildTestVectors } from './testVectors';

/** Bad input: reported on stderr with exit code 2. */
class UsageError extends Error {}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => number;
}
interface Ctx {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  io: CliIo;
}

const MAX_COUNT = 1_000_000;

function intArg(ctx: Ctx, name: string, min: number, max: number, required = true): number | undefined {
  const v = ctx.values[name];
  if (v === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

function strArg(ctx: Ctx, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

function dateArg(ctx: Ctx, name: string): number | undefined {
  const v = strArg(ctx, name);
  if (v === undefined) return undefined;
  const day = dayFromIsoDate(v);
  if (day === null || day < 0 || day > 65_535) throw new UsageError(`--${name} must be a date YYYY-MM-DD from 2020-01-01`);
  return day;
}

function emit(ctx: Ctx, json: unknown, text: string): void {
  ctx.io.out(ctx.json ? JSON.stringify(json, null, 2) : text);
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} file ${path} is not JSON`);
  }
}

function loadIssuingKey(path: string): IssuingKey {
  const k = readJsonFile(path, 'key') as { keyId?: unknown; seed?: unknown; publicKey?: unknown };
  const seed = typeof k.seed === 'string' ? fromBase64Url(k.seed, 32) : null;
  if (typeof k.keyId !== 'number' || !Number.isInteger(k.keyId) || k.keyId < 0 || k.keyId > 65_535 || !seed) {
    throw new UsageError(`key file ${path} must hold {keyId 0..65535, seed: 32 bytes base64url}`);
  }
  const key = issuingKeyFromSeed(k.keyId, seed);
  if (k.publicKey !== undefined && k.publicKey !== toBase64Url(key.publicKey)) throw new UsageError(`key file ${path}: publicKey does not match the seed`);
  return key;
}

function keygen(ctx: Ctx): number {
  const keyId = intArg(ctx, 'key-id', 0, 65_535) as number;
  const key = generateIssuingKey(keyId);
  const file = { keyId, seed: toBase64Url(key.seed), publicKey: toBase64Url(key.publicKey) };
  const out = strArg(ctx, 'out');
  if (out === undefined) {
    emit(ctx, file, JSON.stringify(file, null, 2));
    return 0;
  }
  try {
    writeFileSync(out, JSON.stringify(file, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    throw new UsageError(exists ? `${out} already exists; not overwriting an issuing key` : `cannot write ${out}`);
  }
  const pub: SigningKeyInfo = { keyId, publicKey: file.publicKey, status: 'active' };
  emit(ctx, pub, `wrote ${out} (keep it secret)\nkeyId ${keyId}\npublicKey ${file.publicKey}`);
  return 0;
}

function mintPlan(ctx: Ctx): { issueDay: number; expiryDay: number } {
  if (ctx.values['issue-day'] !== undefined && ctx.values['issue-date'] !== undefined) throw new UsageError('give --issue-day or --issue-date, not both');
  const issueDay = intArg(ctx, 'issue-day', 0, 65_535, false) ?? dateArg(ctx, 'issue-date') ?? dayNumber(ctx.io.now());
  const expiryDate = dateArg(ctx, 'expiry-date');
  const validDays = intArg(ctx, 'valid-days', 1, 65_536, false);
  if ((expiryDate === undefined) === (validDays === undefined)) throw new UsageError('give exactly one of --expiry-date or --valid-days');
  const expiryDay = expiryDate ?? issueDay + (validDays as number) - 1;
  if (expiryDay < issueDay) throw new UsageError('the expiry date is before the issue date');
  if (expiryDay > 65_535) throw new UsageError('the expiry date is too far in the future');
  return { issueDay, expiryDay };
}

function mint(ctx: Ctx): number {
  const keyPath = strArg(ctx, 'key');
  if (!keyPath) throw new UsageError('--key FILE is required');
  const campaignId = intArg(ctx, 'campaign', 1, 2 ** 31 - 1) as number;
  const serial = intArg(ctx, 'serial', 0, MAX_SERIAL) as number;
  const count = intArg(ctx, 'count', 1, MAX_COUNT, false) ?? 1;
  if (serial + count - 1 > MAX_SERIAL) throw new UsageError('serial + count runs past the largest serial');
  const { issueDay, expiryDay } = mintPlan(ctx);
  const member = strArg(ctx, 'holder');
  if (member !== undefined && member.length === 0) throw new UsageError('--holder must not be empty');
  const key = loadIssuingKey(keyPath);
  const signer = createSigner(key);
  const codes: { code: string; couponKey: string; serial: number }[] = [];
  for (let s = serial; s < serial + count; s++) {
    const payload: CouponPayload = { version: 1, keyId: key.keyId, campaignId, serial: s, issueDay, expiryDay };
    if (member !== undefined) payload.holder = holderHash(member);
    const bytes = encodePayload(payload);
    codes.push({ code: formatCode(bytes, signer(bytes)), couponKey: `s:${campaignId}:${s}`, serial: s });
  }
  emit(ctx, codes, codes.map((c) => c.code).join('\n'));
  return 0;
}

function describeSigned(p: CouponPayload, text: string): Record<string, unknown> {
  return {
    kind: 'signed',
    version: p.version,
    keyId: p.keyId,
    campaignId: p.campaignId,
    serial: p.serial,
    issueDay: p.issueDay,
    issueDate: isoDateOfDay(p.issueDay),
    expiryDay: p.expiryDay,
    expiryDate: isoDateOfDay(p.expiryDay),
    holderHex: p.holder ? Buffer.from(p.holder).toString('hex') : null,
    couponKey: `s:${p.campaignId}:${p.serial}`,
    length: text.length,
  };
}

function asText(info: Record<string, unknown>): string {
  return Object.entries(info)
    .map(([k, v]) => `${k.padEnd(11)} ${String(v)}`)
    .join('\n');
}

function codeArg(ctx: Ctx): string {
  if (ctx.positionals.length !== 1) throw new UsageError('give exactly one CODE');
  return ctx.positionals[0] as string;
}

function inspect(ctx: Ctx): number {
  const r = readCode(codeArg(ctx));
  if (!r.ok) throw new UsageError(`not a readable code: ${r.reason}`);
  if (r.code.kind === 'plain') {
    const hash = plainCodeHash(r.code.text);
    const info = { kind: 'plain', text: r.code.text, hash: plainCodeHashB64(r.code.text), couponKey: plainCouponKey(hash) };
    emit(ctx, info, asText(info));
    return 0;
  }
  const info = describeSigned(r.code.payload, r.code.text);
  emit(ctx, info, asText(info));
  return 0;
}

function keyRingFromArgs(ctx: Ctx): KeyRing {
  const keysPath = strArg(ctx, 'keys');
  const pub = strArg(ctx, 'pub');
  if ((keysPath === undefined) === (pub === undefined)) throw new UsageError('give either --keys FILE or --pub B64URL with --key-id N');
  let keys: SigningKeyInfo[];
  if (keysPath !== undefined) {
    const parsed = SigningKeySchema.array().safeParse(readJsonFile(keysPath, 'keys'));
    if (!parsed.success) throw new UsageError(`keys file ${keysPath} must be a JSON array of {keyId, publicKey, status}`);
    keys = parsed.data;
  } else {
    keys = [{ keyId: intArg(ctx, 'key-id', 0, 65_535) as number, publicKey: pub as string, status: 'active' }];
    if (!fromBase64Url(pub as string, 32)) throw new UsageError('--pub must be a 32-byte Ed25519 public key in base64url');
  }
  try {
    return new KeyRing(keys);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function verifyCmd(ctx: Ctx): number {
  const text = codeArg(ctx);
  const ring = keyRingFromArgs(ctx);
  const r = readCode(text);
  const refuse = (reason: string, message: string): number => {
    emit(ctx, { valid: false, reason }, `refused: ${reason} (${message})`);
    return 1;
  };
  if (!r.ok) return refuse(r.reason, 'the code text is not a well-formed signed code');
  if (r.code.kind !== 'signed') return refuse('bad_format', 'a plain code; only signed codes carry a signature');
  const v = ring.verify(r.code);
  if (!v.ok) return refuse(v.reason, 'signature check failed');
  const info = { valid: true, ...describeSigned(r.code.payload, r.code.text), expiredToday: r.code.payload.expiryDay < dayNumber(ctx.io.now()) };
  emit(ctx, info, asText(info));
  return 0;
}

function vectors(ctx: Ctx): number {
  const text = JSON.stringify(buildTestVectors(), null, 2) + '\n';
  const out = strArg(ctx, 'out');
  if (out === undefined) ctx.io.out(text.trimEnd());
  else {
    writeFileSync(out, text);
    emit(ctx, { wrote: out }, `wrote ${out}`);
  }
  return 0;
}

const S = { type: 'string' } as const;
const COMMANDS: Record<string, { options: NonNullable<ParseArgsConfig['options']>; run: (ctx: Ctx) => number }> = {
  keygen: { options: { 'key-id': S, out: S }, run: keygen },
  mint: {
    options: { key: S, campaign: S, serial: S, count: S, 'issue-day': S, 'issue-date': S, 'expiry-date': S, 'valid-days': S, holder: S },
    run: mint,
  },
  inspect: { options: {}, run: inspect },
  verify: { options: { pub: S, 'key-id': S, keys: S }, run: verifyCmd },
  vectors: { options: { out: S }, run: vectors },
};

/** Run one CLI command; returns the exit code (0 ok, 1 refused, 2 bad input). */
export function runCli(argv: string[], io: CliIo): number {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  const json = rest.includes('--json');
  try {
    if (!command) throw new UsageError(`usage: coupon <${Object.keys(COMMANDS).join('|')}> [options] [--json]`);
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (name !== 'inspect' && name !== 'verify' && positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    return command.run({ values, positionals, json, io });
  } catch (e) {
    const message =
      e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : `error: ${(e as Error).message}`;
    io.err(json ? JSON.stringify({ error: message }) : message);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    now: () => Date.now(),
  });
}
