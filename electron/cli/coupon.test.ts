import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './coupon';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'coupon-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spawn the real CLI the way `npm run coupon --` does. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/coupon.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** In-process run for the many small bad-input cases (spawning each would take seconds). */
function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => Date.UTC(2026, 10, 23, 10) });
  return { code, out, err };
}

describe('npm run coupon (spawned)', () => {
  it('keygen -> mint -> inspect -> verify', () => {
    const keyFile = join(dir, 'key.json');
    const gen = cli('keygen', '--key-id', '4', '--out', keyFile, '--json');
    expect(gen.code).toBe(0);
    const pub = JSON.parse(gen.out) as { keyId: number; publicKey: string; status: string };
    expect(pub).toMatchObject({ keyId: 4, status: 'active' });
    expect(gen.out).not.toContain(JSON.parse(readFileSync(keyFile, 'utf8')).seed); // the seed stays in the file

    const mint = cli(
      'mint',
      '--key',
      keyFile,
      '--campaign',
      '1203',
      '--serial',
      '100000',
      '--count',
      '2',
      '--issue-date',
      '2026-11-23',
      '--valid-days',
      '30',
      '--json',
    );
    expect(mint.code).toBe(0);
    const codes = JSON.parse(mint.out) as { code: string; couponKey: string }[];
    expect(codes.map((c) => c.couponKey)).toEqual(['s:1203:100000', 's:1203:100001']);
    expect(codes[0]?.code.length).toBe(119);

    const inspect = cli('inspect', codes[0]?.code ?? '', '--json');
    expect(JSON.parse(inspect.out)).toMatchObject({
      kind: 'signed',
      keyId: 4,
      campaignId: 1203,
      serial: 100000,
      issueDate: '2026-11-23',
      expiryDate: '2026-12-22',
      length: 119,
    });

    const ok = cli('verify', codes[1]?.code ?? '', '--pub', pub.publicKey, '--key-id', '4', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, couponKey: 's:1203:100001' });
    const wrongKey = cli('verify', codes[1]?.code ?? '', '--pub', pub.publicKey, '--key-id', '5');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain('unknown_key');
  });

  it('bad input: message on stderr, exit 2, nothing written', () => {
    const keyFile = join(dir, 'never.json');
    const r = cli('keygen', '--key-id', '70000', '--out', keyFile);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--key-id must be a whole number from 0 to 65535/);
    expect(r.out).toBe('');
    expect(existsSync(keyFile)).toBe(false);
  });
});

describe('coupon CLI commands (in process)', () => {
  const keyFile = join(dir, 'k.json');
  writeFileSync(keyFile, JSON.stringify({ keyId: 1, seed: Buffer.alloc(32, 5).toString('base64url') }));

  it('refuses to overwrite an existing key file', () => {
    const r = run('keygen', '--key-id', '1', '--out', keyFile);
    expect(r.code).toBe(2);
    expect(r.err.join()).toMatch(/already exists/);
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).seed).toBe(Buffer.alloc(32, 5).toString('base64url'));
  });

  it.each([
    [['mint', '--key', 'k', '--campaign', '1', '--serial', '1'], /--expiry-date or --valid-days/],
    [['mint', '--campaign', '1', '--serial', '1', '--valid-days', '1'], /--key FILE is required/],
    [['mint', '--key', '/nonexistent/k.json', '--campaign', '1', '--serial', '1', '--valid-days', '1'], /cannot read key file/],
    [['mint', '--key', 'x', '--campaign', '0', '--serial', '1', '--valid-days', '1'], /--campaign must be/],
    [['mint', '--key', 'x', '--campaign', '1', '--serial', '1', '--issue-date', '2026-02-30', '--valid-days', '1'], /--issue-date must be a date/],
    [['mint', '--key', 'x', '--campaign', '1', '--serial', '1', '--issue-date', '2026-03-01', '--expiry-date', '2026-02-01'], /before the issue date/],
    [['mint', '--key', 'x', '--campaign', '1', '--serial', '1', '--issue-day', '3', '--issue-date', '2026-03-01', '--valid-days', '1'], /not both/],
    [['inspect'], /exactly one CODE/],
    [['inspect', 'CT' + 'A'.repeat(117)], /not a readable code: misread/],
    [['verify', 'X', '--key-id', '1'], /--keys FILE or --pub/],
    [['verify', 'X', '--pub', 'abc', '--key-id', '1'], /32-byte Ed25519 public key/],
    [['verify', 'X', '--keys', '/nonexistent.json'], /cannot read keys file/],
    [['mint', '--bogus'], /Unknown option/],
    [['launch'], /usage: coupon/],
  ])('%j is refused with exit code 2', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(message as RegExp);
  });

  it('mints with a holder and today as default issue day; verify --keys reads a key ring; --json errors are JSON', () => {
    const m = run('mint', '--key', keyFile, '--campaign', '9', '--serial', '3', '--valid-days', '1', '--holder', 'member-1', '--json');
    expect(m.code).toBe(0);
    const code = (JSON.parse(m.out[0] as string) as { code: string }[])[0]?.code as string;
    const i = run('inspect', code, '--json');
    expect(JSON.parse(i.out[0] as string)).toMatchObject({
      issueDate: '2026-11-23',
      expiryDate: '2026-11-23',
      holderHex: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const pub = (JSON.parse(run('keygen', '--key-id', '1', '--json').out[0] as string) as { publicKey: string }).publicKey; // an unrelated key
    const ringFile = join(dir, 'ring.json');
    writeFileSync(ringFile, JSON.stringify([{ keyId: 1, publicKey: pub, status: 'active' }]));
    const v = run('verify', code, '--keys', ringFile, '--json');
    expect(v.code).toBe(1);
    expect(JSON.parse(v.out[0] as string)).toEqual({ valid: false, reason: 'bad_signature' });
    const bad = run('verify', code, '--json');
    expect(JSON.parse(bad.err[0] as string)).toHaveProperty('error');
  });
});
