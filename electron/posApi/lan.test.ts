import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { TEST_SCRYPT } from '../services/auth/testing';
import { seedDemoLocally } from '../demo/seedLocal';
import { CertificateMismatch, pinnedFetch } from '../services/sync/pinnedFetch';
import { LAN_CERT_FILE, LAN_KEY_FILE, lanAddresses } from './lanCertificate';

/**
 * The POS API on the store LAN (decision 064): HTTPS only, with the till's own certificate, which
 * a POS pins by the fingerprint the settings screen shows. Plain HTTP never reaches the API from
 * the LAN; loopback stays plain HTTP for a POS on the same machine.
 */
let dir: string;
let app: TillApp;
const lines = [{ lineId: '1', sku: 'MILK', name: 'Milk 1 l', quantity: 2, unitPriceMinor: 6_000 }];

/** A POS whose every call pins this SHA-256 fingerprint (hex with colons, as Settings -> Store POS shows it). */
function pinnedPos(url: string, fingerprint: string) {
  const pinned = pinnedFetch(fingerprint.replace(/:/g, ''));
  let credential: string | null = null;
  const call = async (method: string, path: string, body: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    if (credential) headers.authorization = `Bearer ${credential}`;
    const res = await pinned(url + path, { method, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    return JSON.parse(await res.text()) as { ok: boolean; value?: Record<string, unknown> };
  };
  return {
    async pair(code: string) {
      const answer = await call('POST', '/pos/v1/pairings', { code });
      credential = (answer.value?.credential as string | undefined) ?? null;
      return answer;
    },
    openOrder: (order: unknown) => call('POST', '/pos/v1/orders', order),
  };
}

/** A plain-HTTP request; answers the status, or the error code when no HTTP answer came back. */
function plainHttp(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/pos/v1/openapi.json', timeout: 5_000 }, (res) => resolve(`HTTP ${res.statusCode}`));
    req.on('error', (err) => resolve((err as { code?: string }).code ?? err.message));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-poslan-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
  await seedDemoLocally(app, dir, Date.now());
}, 60_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the POS API on the store LAN', () => {
  it('is off by default: loopback HTTP only, no certificate made', async () => {
    const status = await app.startPosApi();
    expect(status).toMatchObject({ enabled: true, lan: false, lanUrl: null, fingerprint: null });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(() => statSync(join(dir, LAN_CERT_FILE))).toThrow();
  });

  it("a POS over TLS that pins the till's fingerprint pairs and sells; the key is sealed and 0600", async () => {
    const status = await app.posApi.setEnabled(true, true);
    expect(status.problem).toBeNull();
    expect(status.lanUrl).toMatch(/^https:\/\//);
    expect(status.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const port = app.posApi.lanServer!.port;
    const pos = pinnedPos(`https://127.0.0.1:${port}`, status.fingerprint!);
    expect(await pos.pair(app.pairings.createCode('manager', 'Lane 2 (LAN)').code)).toMatchObject({ ok: true });
    const opened = await pos.openOrder({ orderId: 'LAN-1', lines, totalMinor: 12_000 });
    expect(opened).toMatchObject({ ok: true, value: { state: 'open' } });
    const key = join(dir, LAN_KEY_FILE);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const sealed = readFileSync(key, 'utf8');
    expect(sealed).toMatch(/^kf1:/);
    expect(sealed).not.toContain('PRIVATE KEY');
  });

  it('refuses plain HTTP from the LAN: the TLS port answers no HTTP, the loopback port is not on the LAN', async () => {
    const lanPort = app.posApi.lanServer!.port;
    expect(await plainHttp('127.0.0.1', lanPort)).not.toMatch(/^HTTP /);
    const address = lanAddresses().find((a) => !a.includes(':'));
    if (address) {
      expect(await plainHttp(address, lanPort)).not.toMatch(/^HTTP /);
      expect(await plainHttp(address, app.posApi.server!.port)).toBe('ECONNREFUSED');
    }
    // Loopback keeps plain HTTP for a POS on this machine.
    expect(await plainHttp('127.0.0.1', app.posApi.server!.port)).toBe('HTTP 200');
  });

  it('a POS pinning another fingerprint sends nothing: refused before any request', async () => {
    const port = app.posApi.lanServer!.port;
    const stranger = pinnedPos(`https://127.0.0.1:${port}`, 'AB'.repeat(32));
    const err = await stranger.pair('ABCD-EFGH').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateMismatch);
  });

  it('keeps its certificate when the LAN listener starts again (read back from the data folder: the POS pin stays good), and stops listening on the LAN when the manager turns it off', async () => {
    const before = app.posApi.status().fingerprint;
    await app.posApi.setEnabled(true, false);
    expect(app.posApi.lanServer).toBeNull();
    expect(app.posApi.status().lanUrl).toBeNull();
    const again = await app.posApi.setEnabled(true, true);
    expect(again.fingerprint).toBe(before);
  });
});
