import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient } from './adminClient';
import { enrollPosTill } from './posTestSupport';
import type { TestHq } from './testSupport';
import { startReceiver, type TestReceiver } from './webhookReceiver';

/**
 * HQ killed (SIGKILL) while a webhook is in flight: the delivery is in HQ's database, leased; the
 * next HQ on the same data sends it again once the lease runs out. The receiver sees the same
 * event id twice and keeps one: at least once, deduplicable.
 */

const SCRIPT = `
const { startHq } = await import('./hq/server.ts');
const hq = await startHq({ dataDir: process.env.HQ_DIR, webhooks: { timeoutMs: 800, leaseMarginMs: 200, pollMs: 30, backoffBaseMs: 20, backoffMaxMs: 50 } });
console.log(JSON.stringify({ url: hq.url, token: hq.adminToken }));
`;

function startChild(dir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, HQ_DIR: dir, HQ_MASTER_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; token: string }) });
    });
    child.once('exit', (code) => reject(new Error(`HQ exited (${code}) before it listened`)));
  });
}

describe('webhooks survive HQ killed mid-delivery', () => {
  let receiver: TestReceiver | undefined;
  let child: ChildProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-kill-'));
  afterEach(async () => {
    child?.kill('SIGKILL');
    await receiver?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the event again after a restart, with the same id, and it ends delivered', async () => {
    receiver = await startReceiver();
    const first = await startChild(dir);
    child = first.child;
    const admin = new AdminClient(first.url, first.token);
    await admin.seed({ storeIds: ['s1'] });
    receiver.secret = (await admin.ok<{ secret: string }>('POST', '/admin/webhooks', { url: receiver.url, events: ['redemption.accepted'] })).secret;
    receiver.plan = ['hang'];
    const till = await enrollPosTill({ url: first.url, admin } as unknown as TestHq, 's1', () => Date.now());
    expect((await till.push([till.redemption(null)])).results[0]!.status).toBe('applied');
    await receiver.until(() => receiver!.hanging() === 1);
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const second = await startChild(dir);
    child = second.child;
    await receiver.until(() => receiver!.delivered().size === 1);
    const ids = receiver.calls.map((c) => c.eventId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.calls.every((c) => c.verified)).toBe(true);
  });
});
