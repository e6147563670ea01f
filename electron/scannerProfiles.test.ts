import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHidPosReports } from '../shared/scan/hidPos';
import { TEST_BARCODE, learnHidScanner, type ScannerProfile } from '../shared/scan/learn';
import type { ScanEvent } from '../shared/scan';
import { openTillApp, type TillApp } from './app';
import { TEST_SCRYPT } from './services/auth/testing';
import { seedDemoLocally } from './demo/seedLocal';
import type { DemoSeed } from './demo/seed';
import { appCalls } from './testing/appCalls';
import { FakeHid } from './services/scanner/fakeHid';

/**
 * A HID POS scanner's AIM mode end to end (issue 12): learned from its scan of the test barcode,
 * saved per scanner in settings through the API, and given to main's report parser, so GS1 data
 * that begins with "]C1" from a scanner in no-AIM mode stays whole. Per scanner: another serial
 * of the same model keeps 'auto'.
 */
const ascii = (text: string) => new TextEncoder().encode(text);
const GS1 = ']C1010950110153000317172012311000ABC';
/** A report of a scanner in no-AIM mode: data right after the length byte, NUL padding. */
const noAimReport = (data: string) => {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = data.length;
  r.set(ascii(data), 2);
  return r;
};
const device = (serialNumber: string, path: string) => ({ path, vendorId: 0x0c2e, productId: 0x0b61, serialNumber, usagePage: 0x8c, usage: 2 });

let dir: string;
let app: TillApp;
let seed: DemoSeed;
let hid: FakeHid;
let scans: ScanEvent[];
const { value, signIn } = appCalls(
  () => app,
  () => seed,
);

async function openWith(selected: string) {
  hid = new FakeHid();
  hid.plug(device('SN-1', '/dev/hidraw4'), device('SN-2', '/dev/hidraw5'));
  dir = mkdtempSync(join(tmpdir(), 'till-hidprofile-'));
  app = openTillApp({ dataDir: dir, shell: 'host', version: 'test', scrypt: TEST_SCRYPT, startSync: false, hidLoader: async () => hid });
  seed = await seedDemoLocally(app, dir, Date.now());
  scans = [];
  app.setPush((_client, event, payload) => {
    if (event === 'scan') scans.push(payload as ScanEvent);
  });
  await signIn('manager');
  await value('till:scanner:select', { kind: 'hid', deviceId: selected });
  await expect.poll(async () => (await value<{ connected: boolean }>('till:scanner:status')).connected).toBe(true);
}

afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a HID POS scanner's AIM mode, learned once and kept per scanner", () => {
  beforeEach(() => openWith('hid:0c2e:0b61:SN-1'));

  it('learns no-AIM from the test barcode, saves it for this scanner, and main then keeps ]C1 data whole', async () => {
    // Nothing learned: main guesses per report and takes "]C1" for a symbology id (the bug).
    hid.send('/dev/hidraw4', noAimReport(GS1));
    await expect.poll(() => scans.length).toBe(1);
    expect(scans[0]!.text).not.toBe(GS1);
    // Settings -> Scanner: the manager scans the test barcode with it.
    hid.send('/dev/hidraw4', noAimReport(TEST_BARCODE));
    await expect.poll(() => scans.length).toBe(2);
    expect(scans[1]).toMatchObject({ text: TEST_BARCODE, device: 'hid:0c2e:0b61:SN-1', hidLayout: 'no-aim' });
    const learned = learnHidScanner(scans[1]!, 1_700_000_000_000);
    expect(learned).toMatchObject({ ok: true, deviceId: 'hid:0c2e:0b61:SN-1', profile: { aimMode: 'none', aim: false } });
    if (!learned.ok) return;
    await value('till:settings:set', { scannerProfiles: { [learned.deviceId]: learned.profile } });
    hid.send('/dev/hidraw4', noAimReport(GS1));
    await expect.poll(() => scans.length).toBe(3);
    expect(scans[2]).toMatchObject({ text: GS1, device: 'hid:0c2e:0b61:SN-1' });
  });

  it('a saved profile applies when the scanner opens (after a restart), and only to that scanner', async () => {
    const none: ScannerProfile = { suffix: 'none', prefix: '', aim: false, paceMs: 0, maxIntervalMs: 0, learnedAt: 1, aimMode: 'none' };
    await value('till:settings:set', { scannerProfiles: { 'hid:0c2e:0b61:SN-1': none } });
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    await openWith('hid:0c2e:0b61:SN-2');
    await value('till:settings:set', { scannerProfiles: { 'hid:0c2e:0b61:SN-1': none } });
    // SN-2 has no profile: 'auto'.
    hid.send('/dev/hidraw5', noAimReport(GS1));
    await expect.poll(() => scans.length).toBe(1);
    expect(scans[0]!.text).not.toBe(GS1);
    // SN-1, opened with its saved profile: the data is whole.
    await value('till:scanner:select', { kind: 'hid', deviceId: 'hid:0c2e:0b61:SN-1' });
    await expect.poll(async () => (await value<{ device: { id: string } | null }>('till:scanner:status')).device?.id).toBe('hid:0c2e:0b61:SN-1');
    hid.send('/dev/hidraw4', noAimReport(GS1));
    await expect.poll(() => scans.length).toBe(2);
    expect(scans[1]).toMatchObject({ text: GS1, device: 'hid:0c2e:0b61:SN-1' });
  });

  it('a scanner that sends AIM ids learns "aim": its scans keep their symbology', async () => {
    hid.send('/dev/hidraw4', ...encodeHidPosReports(ascii(TEST_BARCODE), ']Q1'));
    await expect.poll(() => scans.length).toBe(1);
    expect(learnHidScanner(scans[0]!, 1)).toMatchObject({ ok: true, profile: { aimMode: 'aim', aim: true } });
    expect(learnHidScanner({ ...scans[0]!, text: 'SOMETHING-ELSE' }, 1)).toEqual({ ok: false, reason: 'not_the_test_code' });
    expect(learnHidScanner({ ...scans[0]!, source: 'wedge' }, 1)).toEqual({ ok: false, reason: 'not_the_test_code' });
  });
});
