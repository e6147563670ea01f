import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from './testSupport';

/** `npm run hq -- reconcile ...`: the reconciliation and its export from the command line, role-checked by HQ. */
let hq: TestHq | undefined;
afterEach(async () => {
  await hq?.cleanup();
  hq = undefined;
});

function cli(h: TestHq, token: string, ...args: string[]): Promise<{ code: number; out: unknown }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'hq/cli.ts', 'reconcile', ...args, '--url', h.url, '--token', token, '--json'],
      { encoding: 'utf8' },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') }),
    );
  });
}

describe('npm run hq -- reconcile', () => {
  it('prints the figures or the export, and refuses a bad day or a missing store clearly', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed({ storeIds: ['s1'] });
    expect(await cli(hq, hq.adminToken, '--store', 's1', '--day', '2026-12-01')).toMatchObject({ code: 0, out: { storeId: 's1', days: [], problems: [] } });
    const csv = await cli(hq, hq.adminToken, '--store', 's1', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(String(csv.out)).toMatch(/^record_type,retail_store_id,/);
    expect(await cli(hq, hq.adminToken, '--store', 's1', '--day', '2026-13-01')).toMatchObject({ code: 1, out: { error: expect.stringMatching(/400/) } });
    expect(await cli(hq, hq.adminToken, '--day', '2026-12-01')).toEqual({ code: 2, out: { error: 'missing --store' } });
    expect(await cli(hq, 'x'.repeat(43), '--store', 's1', '--day', '2026-12-01')).toMatchObject({ code: 1, out: { error: expect.stringMatching(/401/) } });
  });
});

describe('npm run hq -- webhooks', () => {
  it('registers, lists, disables and replays, and refuses a plain-http receiver', async () => {
    hq = await startTestHq('sqlite');
    const run = (...args: string[]) =>
      new Promise<{ code: number; out: Record<string, unknown> & unknown[] }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'hq/cli.ts', 'webhooks', ...args, '--url', hq!.url, '--token', hq!.adminToken, '--json'],
          { encoding: 'utf8' },
          (err, stdout) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') }),
        ),
      );
    const added = await run('add', '--endpoint', 'http://127.0.0.1:9/hook', '--events', 'order.closed');
    expect(added.code).toBe(0);
    const id = (added.out.endpoint as { id: string }).id;
    expect(String(added.out.secret)).toMatch(/^whsec_/);
    expect((await run('list')).out).toMatchObject([{ id, events: ['order.closed'], disabled: false }]);
    expect((await run('disable', '--id', id)).out).toMatchObject({ id, disabled: true });
    expect((await run('replay', '--id', id)).out).toEqual({ replayed: 0 });
    expect((await run('add', '--endpoint', 'http://crm.example.com/hook')).out.error).toMatch(/400.*https/);
  });
});
