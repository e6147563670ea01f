import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * Issue 11 item 7: /openapi.json describes every status a route gives. Each operation is asked
 * without a credential, with an oversized declared body, with bad input and with the wrong
 * method; then the 404s and 409s the services give are provoked. Every real answer must be in
 * the document, and a known path with a wrong method answers 405 with Allow.
 */

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/** Sends headers only, declaring a body of `length` bytes (HQ must answer before the body). */
function declared(url: string, method: string, path: string, length: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path, method, headers: { ...headers, 'content-length': String(length) } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe.each(TEST_DIALECTS)('OpenAPI statuses against real answers (%s)', (dialect) => {
  let hq: TestHq;
  let doc: Doc;
  beforeEach(async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    doc = (await (await fetch(`${hq.url}/openapi.json`)).json()) as Doc;
  });
  afterEach(() => hq.cleanup());

  const concrete = (p: string) => p.replace('{id}', '0190a000-0000-7000-8000-0000000000aa').replace('{redemptionId}', '0190a000-0000-7000-8000-0000000000ab');
  const documented = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).map(Number);

  it('documents every answer to no credential, an oversized body, bad input and a wrong method', async () => {
    const seen: string[] = [];
    const token = await hq.admin.enrollmentToken('s1');
    const enrolled = (await (
      await fetch(`${hq.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
    ).json()) as { credential: string };
    for (const [path, ops] of Object.entries(doc.paths)) {
      const url = concrete(path);
      for (const method of Object.keys(ops)) {
        const M = method.toUpperCase();
        const statuses = documented(path, method);
        const anon = await fetch(hq.url + url, { method: M, ...(M === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
        const admin = { authorization: `Bearer ${path.startsWith('/v1/') ? enrolled.credential : hq.adminToken}`, 'content-type': 'application/json' };
        const bad = await fetch(`${hq.url}${url}${url.includes('?') ? '&' : '?'}campaignId=x&limit=-1&since=-1`, {
          method: M,
          headers: admin,
          ...(M === 'GET' ? {} : { body: '{"nonsense": true' }),
        });
        const big = await declared(hq.url, M, url, 300 * 1024 * 1024, admin);
        for (const [what, status] of [
          ['anonymous', anon.status],
          ['bad input', bad.status],
          ['oversized', big],
        ] as const) {
          expect(statuses, `${M} ${path} ${what} answered ${status}`).toContain(status);
          seen.push(`${status}`);
        }
        expect(big, `${M} ${path}`).toBe(413);
      }
      const methods = Object.keys(ops).map((m) => m.toUpperCase());
      const wrong = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].find((m) => !methods.includes(m))!;
      const r = await fetch(hq.url + url, { method: wrong, headers: { authorization: `Bearer ${hq.adminToken}` } });
      expect({ path, wrong, status: r.status }).toEqual({ path, wrong, status: 405 });
      expect(r.headers.get('allow')!.split(', ')).toEqual(expect.arrayContaining(methods));
    }
    for (const s of ['400', '401', '413']) expect(seen).toContain(s);
    expect((await fetch(`${hq.url}/no/such/path`)).status).toBe(404);
  });

  it('documents the 401, 404, 409 and 415 answers the services give (the last owner cannot be disabled)', async () => {
    const cases: [string, string, unknown, number, string?][] = [
      ['POST', '/admin/stores', { id: 's1', name: 'Again', timeZone: 'Asia/Shanghai' }, 409],
      ['POST', '/admin/tills', { storeId: 'nowhere' }, 404],
      ['POST', '/admin/users', { name: 'Bo', role: 'cashier', storeId: 'nowhere', pin: '4821' }, 404],
      ['POST', '/admin/campaigns', { id: 1, name: 'Again', benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }, 409],
      ['PUT', '/admin/campaigns/42', { id: 42, name: 'No', benefit: { type: 'cash', amountOffMinor: 1 }, rules: {} }, 404],
      ['POST', '/admin/campaigns/42/end', undefined, 404],
      ['POST', '/admin/keys/99/retire', undefined, 404],
      ['POST', '/admin/codes/mint', { campaignId: 42, count: 1 }, 404],
      ['POST', '/admin/codes/import?campaignId=1', { codes: ['x'] }, 415],
      ['GET', '/admin/codes/qr?couponKey=s:1:999', undefined, 404],
      ['POST', '/admin/conflicts/0190a000-0000-7000-8000-0000000000ab/resolve', { resolution: 'charged_back', note: 'no such' }, 404],
      ['PATCH', '/admin/users/0190a000-0000-7000-8000-0000000000aa', { name: 'X' }, 404],
    ];
    const ownerId = (await hq.admin.ok<{ id: string }[]>('GET', '/admin/accounts'))[0]!.id;
    cases.push(
      ['POST', '/admin/accounts', { name: 'owner', role: 'auditor' }, 409],
      ['POST', '/admin/accounts/0190a000-0000-7000-8000-0000000000aa/rotate', undefined, 404],
      ['POST', '/admin/accounts/0190a000-0000-7000-8000-0000000000aa/enable', undefined, 404],
      ['POST', `/admin/accounts/${ownerId}/disable`, undefined, 409],
    );
    for (const [method, path, body, status] of cases) {
      const r = await hq.admin.call(method, path, body);
      expect({ method, path, status: r.status }).toEqual({ method, path, status });
      const route = path
        .split('?')[0]!
        .replace(/\/[0-9a-f-]{36}/, () => (path.includes('conflicts') ? '/{redemptionId}' : '/{id}'))
        .replace(/\/campaigns\/\d+/, '/campaigns/{id}')
        .replace(/\/keys\/\d+/, '/keys/{id}');
      expect(documented(route, method.toLowerCase()), `${method} ${route}`).toContain(status);
    }
    const enroll = await fetch(`${hq.url}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(43) }),
    });
    expect(enroll.status).toBe(401);
    expect(documented('/v1/enroll', 'post')).toContain(401);
  });

  it('documents the 403 a role gets, and only where a role gets one (campaigns, stores, auditor tokens against every operation)', async () => {
    const tokens: Record<string, string> = {};
    for (const role of ['campaigns', 'stores', 'auditor']) {
      tokens[role] = (await hq.admin.ok<{ token: string }>('POST', '/admin/accounts', { name: `Ann ${role}`, role })).token;
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/admin/')) continue;
      for (const method of Object.keys(ops)) {
        const M = method.toUpperCase();
        const statuses = documented(path, method);
        const answers: number[] = [];
        for (const [role, token] of Object.entries(tokens)) {
          const r = await fetch(hq.url + concrete(path), {
            method: M,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            ...(M === 'GET' ? {} : { body: '{}' }),
          });
          await r.arrayBuffer();
          expect(statuses, `${M} ${path} as ${role} answered ${r.status}`).toContain(r.status);
          answers.push(r.status);
        }
        // A documented 403 is one some role really gets; a route that documents none refuses no role.
        expect({ path, method, refusesSomeRole: answers.includes(403) }).toEqual({ path, method, refusesSomeRole: statuses.includes(403) });
      }
    }
  });
});
