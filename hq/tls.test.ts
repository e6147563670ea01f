import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { selfSigned, startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** Issue 11 item 11: HQ serves HTTPS itself; a till refuses a plain-HTTP HQ off this machine. */

describe.each(TEST_DIALECTS)('HQ over TLS (%s)', (dialect) => {
  let hq: TestHq | undefined;
  let dir: string;
  afterEach(async () => {
    await hq?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with --tls-cert/--tls-key: a till trusting the certificate enrolls, one that does not cannot connect', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-tls-'));
    const tls = selfSigned(dir);
    hq = await startTestHq(dialect, { tls });
    expect(hq.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // A client that trusts this certificate (as a till with it pinned or installed would).
    const call = (p: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
      new Promise<{ status: number; json: () => Promise<unknown> }>((resolve, reject) => {
        const req = https.request(hq!.url + p, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca: tls.cert }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, json: async () => JSON.parse(text) as unknown }));
        });
        req.on('error', reject);
        req.end(init.body);
      });
    await call('/admin/stores', {
      method: 'POST',
      headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 's1', name: 'S1', timeZone: 'Asia/Shanghai' }),
    });
    const tillRes = await call('/admin/tills', {
      method: 'POST',
      headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ storeId: 's1' }),
    });
    const { enrollmentToken } = (await tillRes.json()) as { enrollmentToken: string };
    const enrolled = await call('/v1/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: enrollmentToken }),
    });
    expect(enrolled.status).toBe(200);
    await expect(fetch(`${hq.url}/health`)).rejects.toThrow();
    await expect(fetch(hq.url.replace('https:', 'http:') + '/health')).rejects.toThrow();
  });
});
