import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../hq/testSupport';
import { openTillApp, type TillApp } from './app';
import { TEST_SCRYPT } from './services/auth/testing';
import { keyFileSealer } from './services/sync/credentialBox';

/** Issue 11 item 9 (till): a private data folder, and the HQ credential never in plain text on disk. */

function filesIn(dir: string): { file: string; mode: number; bytes: Buffer }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, mode: fs.statSync(file).mode & 0o777, bytes: fs.readFileSync(file) };
    });
}

let root: string;
let hq: TestHq | undefined;
let till: TillApp | undefined;
afterEach(async () => {
  await till?.close();
  await hq?.cleanup();
  till = undefined;
  hq = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the till's secrets at rest", () => {
  it('keeps the data folder 0700, every file 0600, and the HQ credential sealed with a key file outside the folder', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'till-secrets-'));
    const dataDir = path.join(root, 'data');
    // An older till made the folder 0755 and a file in it 0644.
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'old.log'), 'x', { mode: 0o644 });
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    till = openTillApp({ dataDir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
    await till.sync.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    await till.sync.syncNow();
    const credential = String((till.db.prepare('SELECT till_credential FROM sync_state').get() as { till_credential: string }).till_credential);
    expect(credential).toMatch(/^kf1:/);
    const plain = keyFileSealer(`${dataDir}.credential-key`).open(credential);
    expect(plain.length).toBeGreaterThanOrEqual(32);
    await till.close();
    till = undefined;
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(`${dataDir}.credential-key`).mode & 0o777).toBe(0o600);
    const files = filesIn(dataDir);
    expect(files.map((f) => path.basename(f.file))).toEqual(expect.arrayContaining(['till.db', 'old.log']));
    for (const f of files) {
      expect({ file: f.file, mode: f.mode.toString(8) }).toEqual({ file: f.file, mode: '600' });
      expect(f.bytes.includes(Buffer.from(plain)), `${f.file} holds the credential`).toBe(false);
    }
    // A copy of the folder without the key file cannot open the credential.
    expect(() => keyFileSealer(path.join(root, 'other.key')).open(credential)).toThrow();
  });

  it('seals a credential an older till stored in plain text, and keeps syncing with it', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'till-secrets-'));
    const dataDir = path.join(root, 'data');
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    till = openTillApp({ dataDir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
    await till.sync.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    const sealer = keyFileSealer(`${dataDir}.credential-key`);
    const plain = sealer.open(String((till.db.prepare('SELECT till_credential FROM sync_state').get() as { till_credential: string }).till_credential));
    till.db.prepare('UPDATE sync_state SET till_credential = ?').run(plain);
    await till.close();
    till = openTillApp({ dataDir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false });
    expect(String((till.db.prepare('SELECT till_credential FROM sync_state').get() as { till_credential: string }).till_credential)).toMatch(/^kf1:/);
    expect((await till.sync.syncNow()).ok).toBe(true);
  });
});
