import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startHq } from './server';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/** Issue 11 item 9 (HQ): a private data folder, and issuing keys never in plain text on disk. */

/** Every file under `dir`, with its mode and bytes. */
function filesIn(dir: string): { file: string; mode: number; bytes: Buffer }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, mode: fs.statSync(file).mode & 0o777, bytes: fs.readFileSync(file) };
    });
}

describe.each(TEST_DIALECTS)('HQ secrets at rest (%s)', (dialect) => {
  let hq: TestHq;
  // The second test closes HQ itself (SQLite then refuses a second close): the folder goes regardless.
  afterEach(() => hq?.cleanup().catch(() => fs.rmSync(hq.dataDir, { recursive: true, force: true })));

  it("keeps its data folder 0700 and every file 0600, with no issuing private key in any file's bytes", async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    await hq.admin.mint(1, 3);
    await hq.admin.ok('POST', '/admin/keys/rotate');
    const rows = await hq.ctx.db.selectFrom('issuing_keys').select(['private_key']).execute();
    expect(rows).toHaveLength(2);
    const seeds = rows.map((r) => hq.ctx.masterKey.open(r.private_key));
    expect(fs.statSync(hq.dataDir).mode & 0o777).toBe(0o700);
    const files = filesIn(hq.dataDir);
    expect(files.map((f) => path.basename(f.file))).toEqual(
      expect.arrayContaining(['admin-token', 'master.key', ...(dialect === 'sqlite' ? ['hq.sqlite', 'hq.sqlite-wal'] : [])]),
    );
    for (const f of files) {
      expect({ file: f.file, mode: f.mode.toString(8) }).toEqual({ file: f.file, mode: '600' });
      for (const seed of seeds) {
        expect(f.bytes.includes(Buffer.from(seed)), `${f.file} holds a key in base64url`).toBe(false);
        expect(f.bytes.includes(Buffer.from(seed, 'base64url')), `${f.file} holds a raw key`).toBe(false);
      }
    }
    for (const r of rows) expect(r.private_key).toMatch(/^enc1:/);
  });

  it("refuses to start while an older HQ's plaintext key remains, and encrypts it when told", async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    const [before] = await hq.admin.mint(1, 1);
    const sealed = (await hq.ctx.db.selectFrom('issuing_keys').select('private_key').executeTakeFirstOrThrow()).private_key;
    const plain = hq.ctx.masterKey.open(sealed);
    await sql`update issuing_keys set private_key = ${plain}`.execute(hq.ctx.db);
    await hq.close();
    const opts =
      dialect === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema: hq.pgSchema!, dataDir: hq.dataDir } : { dataDir: hq.dataDir };
    await expect(startHq(opts)).rejects.toThrow(/refuses to start: 1 issuing private key\(s\) are stored in plain text.*keys encrypt/);
    const again = await startHq({ ...opts, encryptPlaintextKeys: true, adminToken: hq.adminToken });
    try {
      const row = await again.ctx.db.selectFrom('issuing_keys').select('private_key').executeTakeFirstOrThrow();
      expect(row.private_key).toMatch(/^enc1:/);
      const minted = await fetch(`${again.url}/admin/codes/mint`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ campaignId: 1, count: 1 }),
      });
      expect(minted.status).toBe(200);
      expect(before!.code).toBeTruthy();
    } finally {
      await again.close();
    }
    // Another master key cannot open the keys: minting fails instead of minting garbage.
    const wrong = await startHq({ ...opts, masterKey: 'A'.repeat(43), adminToken: hq.adminToken });
    try {
      const r = await fetch(`${wrong.url}/admin/codes/mint`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ campaignId: 1, count: 1 }),
      });
      expect(r.status).toBe(500);
    } finally {
      await wrong.close();
    }
  });
});
