import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTillApp, type TillApp } from '../app';
import { lockDataDir } from '../dataDirLock';
import { LAN_CERT_FILE, LAN_KEY_FILE, lanCertificate } from '../posApi/lanCertificate';
import { defaultKeyFile, keyFileSealer, memorySealer } from '../services/sync/credentialBox';
import { CertificateMismatch, pinnedFetch } from '../services/sync/pinnedFetch';
import { runTillCli } from './till';

/**
 * The POS API's store-LAN certificate from the command line: `till status` warns 30 days before it
 * expires; `till pos-cert rotate` makes a new one (key sealed, 0600), prints the fingerprint the
 * POSes must pin again, and the till serves it once its LAN listener starts again.
 */
const DAY = 86_400_000;
let root: string;
let dataDir: string;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'till-poscert-'));
  dataDir = join(root, 'data');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(root, { recursive: true, force: true });
});

async function till(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runTillCli([...args, '--data', dataDir], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), now: () => Date.now(), env: {} });
  return { code, out, err, json: () => JSON.parse(out) as Record<string, unknown> };
}

function openTill(): TillApp {
  const app = openTillApp({ dataDir, shell: 'host', version: 'test', startSync: false });
  cleanups.push(() => app.close());
  return app;
}

/** The till's own sealer for this folder (electron/app.ts: the key file beside the data folder). */
const tillSealer = () => keyFileSealer(defaultKeyFile(dataDir, {}));

function pinnedPos(url: string, fingerprint: string) {
  const pinned = pinnedFetch(fingerprint.replace(/:/g, ''));
  return async (code: string) => {
    const res = await pinned(`${url}/pos/v1/pairings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(10_000),
    });
    return JSON.parse(await res.text()) as { ok: boolean };
  };
}

describe('till pos-cert', () => {
  it('status says when the certificate expires, and warns within 30 days', async () => {
    await openTill().close();
    cleanups.pop();
    expect((await till('status', '--json')).json()).toMatchObject({ posLanCertificate: null });
    expect((await till('status')).out).not.toContain('POS LAN');
    // Made 3640 days ago with the till's 10-year validity: 9 whole days left.
    await lanCertificate(dataDir, tillSealer(), () => Date.now() - 3640 * DAY);
    const soon = await till('status', '--json');
    expect(soon.json().posLanCertificate).toMatchObject({ daysLeft: 9, expiresSoon: true });
    expect((await till('status')).out).toMatch(/POS LAN: +certificate [0-9A-F:]{23}… EXPIRES in 9 days \(\d{4}-\d\d-\d\d\): run `till pos-cert rotate`/);
    expect((await till('pos-cert', 'rotate')).code).toBe(0);
    const after = await till('status', '--json');
    expect(after.json().posLanCertificate).toMatchObject({ expiresSoon: false });
    expect((after.json().posLanCertificate as { daysLeft: number }).daysLeft).toBeGreaterThan(3640);
    expect((await till('status')).out).toMatch(/POS LAN: +certificate [0-9A-F:]{23}… valid until \d{4}-/);
  });

  it('rotate makes a new certificate and 0600 sealed key, prints the fingerprint to re-pin; the running till serves it once its LAN listener starts again', async () => {
    const app = openTill();
    const release = lockDataDir(dataDir);
    cleanups.push(release);
    await app.startPosApi();
    const before = await app.posApi.setEnabled(true, true);
    expect(before.problem).toBeNull();
    const old = before.fingerprint!;
    const url = () => `https://127.0.0.1:${app.posApi.lanServer!.port}`;

    const r = await till('pos-cert', 'rotate', '--json');
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({ rotated: true, previousFingerprint256: old, running: true, repinRequired: true });
    const fresh = out.fingerprint256 as string;
    expect(fresh).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fresh).not.toBe(old);
    // On disk: the new certificate, its key sealed with the till's sealer, both 0600, belonging together.
    const certPem = readFileSync(join(dataDir, LAN_CERT_FILE), 'utf8');
    expect(new X509Certificate(certPem).fingerprint256).toBe(fresh);
    for (const f of [LAN_CERT_FILE, LAN_KEY_FILE]) expect(statSync(join(dataDir, f)).mode & 0o777).toBe(0o600);
    const sealed = readFileSync(join(dataDir, LAN_KEY_FILE), 'utf8').trim();
    expect(sealed).toMatch(/^kf1:/);
    expect(new X509Certificate(certPem).checkPrivateKey(createPrivateKey(tillSealer().open(sealed)))).toBe(true);
    expect(out.validTo as number).toBeGreaterThan(Date.now() + 3600 * DAY);

    // The running till still serves the old certificate: its POSes keep working until it restarts the listener.
    expect(app.posApi.status().fingerprint).toBe(old);
    expect(await pinnedPos(url(), old)(app.pairings.createCode('manager', 'Lane 1').code)).toMatchObject({ ok: true });
    // The manager switches the LAN off and on: the new certificate; a POS still pinning the old one sends nothing.
    await app.posApi.setEnabled(true, false);
    const now = await app.posApi.setEnabled(true, true);
    expect(now).toMatchObject({ fingerprint: fresh, certificateExpiresSoon: false });
    const stale = await pinnedPos(url(), old)('ABCD-EFGH').catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(CertificateMismatch);
    expect(await pinnedPos(url(), fresh)(app.pairings.createCode('manager', 'Lane 2').code)).toMatchObject({ ok: true });

    // In words it says RE-PIN, the new fingerprint, and when the running till serves it; audited.
    const words = await till('pos-cert', 'rotate');
    expect(words.code).toBe(0);
    expect(words.out).toContain('RE-PIN: every POS paired over the store LAN refuses the till until it pins the new fingerprint');
    expect(words.out).toContain(`old SHA-256 fingerprint: ${fresh}`);
    expect(words.out).toContain('The running till keeps serving the old certificate until it restarts');
    const audit = app.db.prepare("SELECT detail FROM audit_log WHERE action = 'pos.lan_certificate_rotated' ORDER BY seq").all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail) as Record<string, unknown>)[0]).toEqual({ fingerprint256: fresh, previousFingerprint256: old });
    expect(audit).toHaveLength(2);
  });

  it('refuses bad usage, a missing till folder, and a key sealed by another key store, changing nothing', async () => {
    expect(await till('pos-cert')).toMatchObject({ code: 2, err: expect.stringContaining('usage: till pos-cert rotate') });
    expect(await till('pos-cert', 'rotate', '--json')).toMatchObject({ code: 1, err: expect.stringContaining('no till in') });
    expect(existsSync(dataDir)).toBe(false);
    await openTill().close();
    cleanups.pop();
    // As the Electron shell would seal it (here: a process-memory sealer, another kind than the command line's key file).
    const first = await lanCertificate(dataDir, memorySealer());
    const r = await till('pos-cert', 'rotate');
    expect(r.code).toBe(1);
    expect(r.err).toContain('sealed by another key store (mem1)');
    expect(new X509Certificate(readFileSync(join(dataDir, LAN_CERT_FILE), 'utf8')).fingerprint256).toBe(first.fingerprint256);
  });
});
