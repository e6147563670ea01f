import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_SCRYPT } from '../shared/auth/pinHash';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient, startTestHq, type TestHq } from './testSupport';

/** The CLI against a running HQ: --json output, and a clear error with a non-zero exit on bad input. */
let hq: TestHq | undefined;
afterEach(async () => {
  await hq?.cleanup();
  hq = undefined;
});

/** Runs the CLI as a child process (async: this process serves the HQ it talks to). */
function cli(h: TestHq, ...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'hq/cli.ts', 'admin', ...args, '--url', h.url, '--token', h.adminToken, '--json'],
      { encoding: 'utf8' },
      (err, stdout) => {
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, json: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, unknown> });
      },
    );
  });
}

describe('npm run hq -- admin ...', () => {
  it('administers HQ over HTTP with --json, and refuses bad input clearly', async () => {
    hq = await startTestHq('sqlite');
    expect(await cli(hq, 'store', 'add', '--id', 's9', '--name', 'Store 9', '--tz', 'Asia/Shanghai')).toEqual({
      code: 0,
      json: { id: 's9', name: 'Store 9', timeZone: 'Asia/Shanghai', currency: 'CNY' },
    });
    expect(await cli(hq, 'store', 'add', '--id', 's7', '--name', 'Store 7', '--tz', 'Asia/Hong_Kong', '--currency', 'HKD')).toMatchObject({
      code: 0,
      json: { id: 's7', currency: 'HKD' },
    });
    expect(await cli(hq, 'store', 'change', '--id', 's7', '--currency', 'USD', '--name', 'Store Seven')).toEqual({
      code: 0,
      json: { id: 's7', name: 'Store Seven', timeZone: 'Asia/Hong_Kong', currency: 'USD' },
    });
    expect((await cli(hq, 'store', 'change', '--id', 's7', '--currency', 'XYZ')).json.error).toMatch(/400.*unknown currency "XYZ"/);
    const bad = await cli(hq, 'store', 'add', '--id', 's8', '--name', 'X', '--tz', 'Nowhere/Land');
    expect(bad.code).toBe(1);
    expect(bad.json.error).toMatch(/400.*unknown time zone/);
    const usage = await cli(hq, 'till', 'enroll');
    expect(usage).toEqual({ code: 2, json: { error: 'missing --store' } });
    const till = await cli(hq, 'till', 'enroll', '--store', 's9');
    expect(till.code).toBe(0);
    expect(String(till.json.enrollmentToken)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await cli(hq, 'till', 'rename', '--id', String(till.json.tillId), '--name', 'Till 2')).toEqual({
      code: 0,
      json: { tillId: till.json.tillId, storeId: 's9', name: 'Till 2' },
    });
    // Public keys only: the export carries what tills verify with, never a private key.
    await hq.admin.ok('POST', '/admin/keys/rotate');
    const exported = await cli(hq, 'keys', 'export-public');
    const sealed = (await hq.ctx.db.selectFrom('issuing_keys').select('private_key').executeTakeFirstOrThrow()).private_key;
    expect(exported).toMatchObject({ code: 0, json: { algorithm: 'Ed25519', keys: [{ keyId: 1, status: 'active', publicKey: expect.any(String) }] } });
    expect(JSON.stringify(exported.json)).not.toContain(hq.ctx.masterKey.open(sealed));
  });

  it('manages users: the PIN comes from a file or standard input, never from the command line', async () => {
    hq = await startTestHq('sqlite', { pinScrypt: TEST_SCRYPT });
    await hq.admin.seed({ storeIds: ['s1'] });
    const pinFile = path.join(hq.dataDir, 'pin.txt');
    fs.writeFileSync(pinFile, '4821\n', { mode: 0o600 });
    const added = await cli(hq, 'users', 'add', '--name', 'Ann', '--role', 'cashier', '--store', 's1', '--pin-file', pinFile);
    expect(added).toMatchObject({ code: 0, json: { name: 'Ann', role: 'cashier', storeId: 's1', disabled: false } });
    expect(JSON.stringify(added.json)).not.toContain('4821');
    const id = String(added.json.id);
    expect(await cli(hq, 'users', 'add', '--name', 'Bo', '--role', 'cashier', '--store', 's1', '--pin', '1234')).toEqual({
      code: 2,
      json: { error: expect.stringMatching(/--pin is not taken.*--pin-file/) },
    });
    expect(await cli(hq, 'users', 'add', '--name', 'Bo', '--role', 'cashier', '--pin-file', pinFile)).toEqual({
      code: 2,
      json: { error: expect.stringMatching(/--store S \(or --all-stores/) },
    });
    expect((await cli(hq, 'users', 'change', '--id', id, '--all-stores', '--role', 'manager')).json.error).toMatch(
      /400.*a manager needs a new PIN of at least 6 digits/,
    );
    fs.writeFileSync(pinFile, '482193\n');
    expect(await cli(hq, 'users', 'change', '--id', id, '--all-stores', '--role', 'manager', '--pin-file', pinFile)).toMatchObject({
      code: 0,
      json: { storeId: null, role: 'manager' },
    });
    expect(await cli(hq, 'users', 'disable', '--id', id)).toMatchObject({ code: 0, json: { disabled: true } });
    const listed = await cli(hq, 'users', 'list', '--store', 's1');
    expect(listed.code).toBe(0);
    expect(listed.json).toMatchObject([{ id, name: 'Ann', disabled: true }]);
    fs.writeFileSync(pinFile, '12\n');
    const short = await cli(hq, 'users', 'change', '--id', id, '--pin-file', pinFile);
    expect(short.code).toBe(1);
    expect(short.json.error).toMatch(/400.*(4|6) to 8 digits/);
  });

  it('manages admin accounts: add (token to a 0600 file), list, rotate, disable, and lists the audit', async () => {
    hq = await startTestHq('sqlite');
    const tokenFile = path.join(hq.dataDir, 'auditor-token');
    const added = await cli(hq, 'accounts', 'add', '--name', 'Ada Auditor', '--role', 'auditor', '--token-out', tokenFile);
    expect(added).toMatchObject({ code: 0, json: { account: { name: 'Ada Auditor', role: 'auditor', disabled: false }, tokenFile } });
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    expect(JSON.stringify(added.json)).not.toContain(token);
    const id = String((added.json.account as { id: string }).id);
    expect((await cli(hq, 'accounts', 'list')).json).toMatchObject([{ name: 'Ada Auditor' }, { name: 'owner', role: 'owner' }]);
    expect(await cli(hq, 'accounts', 'add', '--name', 'Bad', '--role', 'king')).toMatchObject({ code: 1, json: { error: expect.stringMatching(/400.*role/) } });
    const rotated = await cli(hq, 'accounts', 'rotate', '--id', id);
    expect(rotated).toMatchObject({ code: 0, json: { account: { id }, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } });
    expect((await new AdminClient(hq.url, token).call('GET', '/admin/audit')).status).toBe(401);
    expect((await new AdminClient(hq.url, String(rotated.json.token)).call('GET', '/admin/audit')).status).toBe(200);
    expect(await cli(hq, 'accounts', 'disable', '--id', id)).toMatchObject({ code: 0, json: { disabled: true } });
    const audit = await cli(hq, 'audit', 'list', '--all');
    expect((audit.json as unknown as { action: string }[]).map((e) => e.action)).toEqual([
      'account.disable',
      'account.rotate',
      'account.create',
      'account.first_owner',
    ]);
    expect(JSON.stringify(audit.json)).not.toContain(String(rotated.json.token));
  });
});
