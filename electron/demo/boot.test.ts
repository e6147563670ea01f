import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SCRYPT } from '../services/auth/testing';
import { bootTill, demoHqDir, type BootedTill } from './boot';
import { DEMO_PINS } from './campaigns';

let dir: string;
let till: BootedTill | null = null;
let skewMs = 0;
const now = () => Date.now() + skewMs;
afterEach(async () => {
  await till?.close();
  till = null;
  for (const d of [dir, `${dir}.hq`, `${dir}.credential-key`]) rmSync(d, { recursive: true, force: true });
});

/** Every file under `root`, as bytes. */
function filesUnder(root: string): Buffer[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)));
}

describe('first-run demo through the embedded HQ', () => {
  it('enrolls the till, pulls the rule set, redeems, syncs, goes offline and back, and keeps HQ across restarts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    expect(till.seeded?.via).toBe('embedded-hq');
    expect(existsSync(till.seeded!.codes[0]!.qrFile)).toBe(true);
    const app = till.app;
    expect(app.sync.status()).toMatchObject({ enrolled: true, online: true, waiting: 0 });
    expect(app.sync.status().ruleSetVersion).toBeGreaterThan(0);

    const cashier = app.auth.roster().find((u) => u.role === 'cashier')!;
    const code = till.seeded!.codes.find((c) => c.campaignId === 1)!.code;
    const r = app.redemption.redeem({ code, basket: { id: 'b1', totalMinor: 10_000 }, source: 'manual' }, { cashierId: cashier.id });
    expect(r.verdict.ok).toBe(true);
    expect(app.sync.status().waiting).toBe(1);
    expect((await app.sync.syncNow()).ok).toBe(true);
    expect(app.sync.status().waiting).toBe(0);

    await till.stopHq();
    app.redemption.redeem(
      { code: till.seeded!.codes.find((c) => c.campaignId === 2)!.code, basket: { id: 'b2', totalMinor: 10_000 }, source: 'manual' },
      { cashierId: cashier.id },
    );
    expect((await app.sync.syncNow()).ok).toBe(false);
    expect(app.sync.status()).toMatchObject({ online: false, waiting: 1 });
    // The failed item waits out its backoff before it is sent again.
    skewMs += 10 * 60_000;
    await till.startHq(); // also starts a sync round; the next call joins or follows it
    await app.sync.syncNow();
    const back = await app.sync.syncNow();
    expect(back.ok).toBe(true);
    expect(app.sync.status()).toMatchObject({ online: true, waiting: 0 });

    await till.close();
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    expect(till.seeded).toBeNull();
    expect(till.hq).not.toBeNull();
    // fetch may first hit a pooled keep-alive socket of the HQ that was closed: one retry, as the engine's backoff would.
    let afterRestart = await till.app.sync.syncNow();
    if (!afterRestart.ok) afterRestart = await till.app.sync.syncNow();
    expect(afterRestart.error ?? 'ok').toBe('ok');
  });

  it('without the demo, the first run creates one manager from the given PIN, or refuses clearly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    await expect(bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'none', demo: false, scrypt: TEST_SCRYPT, startSync: false })).rejects.toThrow(
      /COUPON_TILL_MANAGER_PIN/,
    );
    till = await bootTill({
      dataDir: dir,
      shell: 'host',
      version: 't',
      hq: 'none',
      demo: false,
      firstManagerPin: '482913',
      scrypt: TEST_SCRYPT,
      startSync: false,
    });
    expect(till.seeded).toBeNull();
    const roster = till.app.auth.roster();
    expect(roster).toEqual([expect.objectContaining({ name: 'Manager', role: 'manager' })]);
    expect((await till.app.auth.verify(roster[0]!.id, '482913')).role).toBe('manager');
  });

  it('claims an online-claim coupon at the embedded HQ, and without HQ asks for an approval', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    const api = till.app.api;
    const win = { kind: 'window' as const, clientId: 'w', trusted: true };
    const cashier = till.app.auth.roster().find((u) => u.role === 'cashier')!;
    expect((await api.call('till:auth:signIn', win, { request: { userId: cashier.id, pin: DEMO_PINS.cashier } })).ok).toBe(true);
    const codes = till.seeded!.codes.filter((c) => c.campaignId === 7);
    const online = await api.call('till:coupon:redeem', win, { request: { code: codes[0]!.code, basket: { id: 'b1', totalMinor: 60_000 } } });
    expect(online).toMatchObject({ ok: true, value: { verdict: { ok: true, discountMinor: 10_000 }, redemption: { approvedBy: null } } });
    await till.stopHq();
    const offline = await api.call('till:coupon:redeem', win, { request: { code: codes[1]!.code, basket: { id: 'b2', totalMinor: 60_000 } } });
    expect(offline).toMatchObject({ ok: true, value: { verdict: { ok: false, reason: 'online_claim_required' } } });
  });

  it('keeps the demo HQ (and its master key) in its own 0700 folder beside the till data, and moves an older demo HQ out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    const hqDir = demoHqDir(dir);
    expect(hqDir).toBe(`${dir}.hq`);
    expect(statSync(hqDir).mode & 0o777).toBe(0o700);
    const masterKey = readFileSync(join(hqDir, 'master.key'));
    expect(statSync(join(hqDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'hq'))).toBe(false);
    // No file of the till's folder holds the master key (nor HQ's database with the sealed issuing keys).
    const keyText = masterKey.toString('utf8').trim();
    for (const bytes of filesUnder(dir)) expect(bytes.includes(keyText)).toBe(false);
    await till.close();
    // A demo from before kept HQ inside the till's folder: the next start moves it out and keeps using it.
    renameSync(hqDir, join(dir, 'hq'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    expect(till.hq).not.toBeNull();
    expect(existsSync(join(dir, 'hq'))).toBe(false);
    expect(readFileSync(join(hqDir, 'master.key'))).toEqual(masterKey);
    let synced = await till.app.sync.syncNow();
    if (!synced.ok) synced = await till.app.sync.syncNow();
    expect(synced.error ?? 'ok').toBe('ok');
  });
});

describe('a later start serves the sign-in before the demo HQ and sync', () => {
  it('starts neither while the windows are calling, then both once they have been quiet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    await till.close();
    const quietMs = 150;
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, now, deferBackground: { quietMs, maxMs: 60_000 } });
    const booted = till;
    let started = false;
    void booted.background.then(() => (started = true));
    expect(booted.hq).toBeNull();
    const syncedBefore = booted.app.sync.status().lastSyncAt ?? 0;
    const win = { kind: 'window' as const, clientId: 'w', trusted: true };
    // A window calling every 50 ms (a sign-in screen in use) keeps the background waiting.
    for (let i = 0; i < 8; i++) {
      expect((await booted.app.api.call('till:auth:roster', win, { request: {} })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(started).toBe(false);
    }
    await booted.background;
    expect(booted.hq).not.toBeNull();
    // Sync started by itself: it reaches the HQ that has just come up.
    await expect.poll(() => booted.app.sync.status().lastSyncAt ?? 0, { timeout: 5000 }).toBeGreaterThan(syncedBefore);
  });

  it('closes cleanly before the background started', async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-boot-'));
    till = await bootTill({ dataDir: dir, shell: 'host', version: 't', hq: 'embedded', scrypt: TEST_SCRYPT, startSync: false, now });
    await till.close();
    till = await bootTill({
      dataDir: dir,
      shell: 'host',
      version: 't',
      hq: 'embedded',
      scrypt: TEST_SCRYPT,
      now,
      deferBackground: { quietMs: 60_000, maxMs: 60_000 },
    });
    await till.close();
    expect(till.hq).toBeNull();
    till = null;
  });
});
