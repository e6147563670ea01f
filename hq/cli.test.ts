import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from './testSupport';

/** The CLI against a running HQ: --json output, and a clear error with a non-zero exit on bad input. */
let hq: TestHq | undefined;
afterEach(async () => {
  await hq?.cleanup();
  hq = undefined;
});

/** Runs the CLI as a child process (async: this process serves the HQ it talks to). */
function cli(h: TestHq, ...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'hq/cli.ts', 'admin', ...args, '--url', h.url, '--token', h.adminToken, '--json'], { encoding: 'utf8' }, (err, stdout) => {
      const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
      resolve({ code, json: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, unknown> });
    });
  });
}

describe('npm run hq -- admin ...', () => {
  it('administers HQ over HTTP with --json, and refuses bad input clearly', async () => {
    hq = await startTestHq('sqlite');
    expect(await cli(hq, 'store', 'add', '--id', 's9', '--name', 'Store 9', '--tz', 'Asia/Shanghai')).toEqual({ code: 0, json: { id: 's9', name: 'Store 9', timeZone: 'Asia/Shanghai' } });
    const bad = await cli(hq, 'store', 'add', '--id', 's8', '--name', 'X', '--tz', 'Nowhere/Land');
    expect(bad.code).toBe(1);
    expect(bad.json.error).toMatch(/400.*unknown time zone/);
    const usage = await cli(hq, 'till', 'enroll');
    expect(usage).toEqual({ code: 2, json: { error: 'missing --store' } });
    const till = await cli(hq, 'till', 'enroll', '--store', 's9');
    expect(till.code).toBe(0);
    expect(String(till.json.enrollmentToken)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
