import http from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCodesFromStream } from './services/codes';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * Issue 11 item 4: HQ authenticates from the headers before it reads a body, answers an
 * oversized body 413 at once, and never buffers a CSV whole.
 */

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(MB, 'A');

interface Sent {
  status: number;
  /** Body bytes written before HQ's answer arrived. */
  writtenBeforeAnswer: number;
}

/** POSTs a body of `size` bytes, written 1 MB at a time until HQ answers (then stops). */
function upload(url: string, path: string, size: number, headers: Record<string, string>, opts: { chunked?: boolean; holdBody?: boolean } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    let written = 0;
    let answered: Sent | null = null;
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path,
      method: 'POST',
      headers: { ...headers, ...(opts.chunked ? {} : { 'content-length': String(size) }) },
    });
    req.on('response', (res) => {
      answered = { status: res.statusCode!, writtenBeforeAnswer: written };
      res.resume();
      res.on('end', () => {
        req.destroy();
        resolve(answered!);
      });
    });
    req.on('error', (err) => (answered ? resolve(answered) : reject(err)));
    if (opts.holdBody) return req.flushHeaders();
    const pump = () => {
      while (!answered && written < size) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe.each(TEST_DIALECTS)('HQ body limits (%s)', (dialect) => {
  let hq: TestHq;
  beforeEach(async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
  });
  afterEach(() => hq.cleanup());

  it('answers unauthenticated 150 MB uploads 401 before reading them, and its memory does not grow', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const answers: Sent[] = [];
    for (const [path, type] of [
      ['/admin/codes/import?campaignId=1', 'text/csv'],
      ['/v1/sync/push', 'text/plain'],
      ['/admin/stores', 'application/json'],
    ] as const) {
      answers.push(await upload(hq.url, path, 150 * MB, { 'content-type': type }));
    }
    answers.push(
      await upload(
        hq.url,
        '/v1/sync/push',
        150 * MB,
        { 'content-type': 'application/json', authorization: 'Bearer not-a-till-credential-0123456789abcdef' },
        { chunked: true },
      ),
    );
    const grown = process.memoryUsage().rss - before;
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    // HQ answered while the upload had barely begun (socket buffers hold a few MB), not after 150 MB.
    for (const a of answers) expect(a.writtenBeforeAnswer).toBeLessThan(32 * MB);
    expect(grown).toBeLessThan(100 * MB);
  });

  it("answers 413 at once when the declared length is over the route's limit, before the body is sent", async () => {
    const auth = { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' };
    expect((await upload(hq.url, '/admin/stores', 2 * MB, auth, { holdBody: true })).status).toBe(413);
    expect((await upload(hq.url, '/admin/codes/import?campaignId=1', 201 * MB, { ...auth, 'content-type': 'text/csv' }, { holdBody: true })).status).toBe(413);
    // Chunked, with no length: counted while read, and refused once over.
    expect((await upload(hq.url, '/admin/stores', 3 * MB, auth, { chunked: true })).status).toBe(413);
    // A small body on the same routes still works.
    const ok = await hq.admin.call('POST', '/admin/codes/import?campaignId=1', 'code\nPLAIN-0001\nPLAIN-0002\n', 'text/csv');
    expect(ok).toMatchObject({ status: 200, body: { imported: 2 } });
  });
});

describe('plainCodesFromStream', () => {
  it('reads a CSV line by line and refuses one over the limit with 413', async () => {
    expect(await plainCodesFromStream(Readable.from(['code\nA-1\n', 'A-2\r\nA-3']))).toEqual({ codes: ['A-1', 'A-2', 'A-3'], refused: [] });
    await expect(plainCodesFromStream(Readable.from([Buffer.alloc(600, 'x'), Buffer.alloc(600, 'y')]), 1000)).rejects.toMatchObject({ status: 413 });
  });
});
