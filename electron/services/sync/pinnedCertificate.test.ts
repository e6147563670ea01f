import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHq, type RunningHq } from '../../../hq/server';
import { selfSigned, startTestHq, TEST_DIALECTS, type TestHq } from '../../../hq/testSupport';
import { loadSyncState } from './syncState';
import { makeTestTill, type TestTill } from './testing';

/**
 * Issue 11 item 11: an optional pinned certificate fingerprint travels in the enrollment token,
 * and the till checks HQ's certificate against it on every connection (self-signed certificates
 * made here with openssl), refusing any other with a clear reason.
 */
describe.each(TEST_DIALECTS)("a till pins HQ's certificate from its enrollment token (%s)", (dialect) => {
  let dir: string;
  let hq: TestHq | undefined;
  let other: RunningHq | undefined;
  let till: TestTill | undefined;
  afterEach(async () => {
    till?.close();
    await other?.close();
    await hq?.cleanup();
    [hq, other, till] = [undefined, undefined, undefined];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls and syncs with the pinned (self-signed) certificate, stores the pin, and refuses HQ once it shows another', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'till-pin-'));
    const a = selfSigned(dir, 'a');
    const b = selfSigned(dir, 'b');
    hq = await startTestHq(dialect, { tls: a });
    // The admin client is plain fetch, which does not trust a self-signed certificate: speak to HQ's services directly.
    const { createTill, addStore } = await import('../../../hq/services/tills');
    await addStore(hq.ctx, { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' });
    const { enrollmentToken, certificateSha256 } = await createTill(hq.ctx, { storeId: 's1' });
    expect(certificateSha256).toBe(a.sha256);
    expect(enrollmentToken).toMatch(new RegExp(`^[A-Za-z0-9_-]{43}\\.${a.sha256}$`));

    till = makeTestTill();
    // A plain fetch does not trust the self-signed certificate; the pin does, and nothing else is needed.
    await expect(fetch(`${hq.url}/health`)).rejects.toThrow();
    await till.engine.enroll(hq.url, enrollmentToken);
    expect(loadSyncState(till.db).hqCertSha256).toBe(a.sha256);
    expect((await till.engine.syncNow()).ok).toBe(true);

    // HQ comes back with another certificate (or someone answers in its place): the till refuses it on the next connection.
    const url = hq.url;
    const port = Number(new URL(url).port);
    await hq.app.close();
    other = await startHq({
      dataDir: hq.dataDir,
      ...(dialect === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema: hq.pgSchema! } : {}),
      tls: b,
      port,
      adminToken: hq.adminToken,
    });
    const restarted = till.restart();
    till = restarted;
    const refused = await till.engine.syncNow();
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/HQ's certificate is not the one pinned at enrolment \(expected SHA-256 [0-9a-f]{16}…, got [0-9a-f]{16}…\)/);
    expect(loadSyncState(till.db).lastError).toMatch(/not the one pinned/);
    // It does not accept a move to plain HTTP either.
    await expect(till.engine.moveHq(url.replace('https:', 'http:'))).rejects.toThrow(/only over https/);
  });

  it("refuses to enroll when HQ shows a certificate other than the token's, and enrolls nowhere", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'till-pin-'));
    const a = selfSigned(dir, 'a');
    const b = selfSigned(dir, 'b');
    // HQ serves b, but its tokens name a (a proxy's certificate, say, when the till reached HQ past the proxy).
    hq = await startTestHq(dialect, { tls: b, pinCertificate: a.sha256 });
    const { createTill, addStore } = await import('../../../hq/services/tills');
    await addStore(hq.ctx, { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' });
    const { enrollmentToken } = await createTill(hq.ctx, { storeId: 's1' });
    till = makeTestTill();
    await expect(till.engine.enroll(hq.url, enrollmentToken)).rejects.toThrow(/not the one pinned at enrolment/);
    expect(till.engine.enrolled).toBe(false);
    expect(loadSyncState(till.db)).toMatchObject({ hqUrl: null, credential: null, hqCertSha256: null });
    // The token was not used up: HQ never saw it.
    const used = await hq.ctx.db.selectFrom('enrollment_tokens').select('used_at').executeTakeFirstOrThrow();
    expect(used.used_at).toBeNull();
    await expect(till.engine.enroll(hq.url.replace('https:', 'http:'), enrollmentToken)).rejects.toThrow(/pins HQ's certificate: enroll over https/);
    await expect(till.engine.enroll(hq.url, `${enrollmentToken.split('.')[0]}.xyz`)).rejects.toThrow(/damaged/);
  });
});
