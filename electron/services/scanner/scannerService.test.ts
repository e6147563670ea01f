import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanEvent } from '../../../shared/scan';
import { FakeHid } from './fakeHid';
import type { HidDeviceInfo } from './hidBackend';
import { ScannerService, type ScanProblem, type ScannerServiceStatus } from './scannerService';

const fixture = (name: string): Uint8Array[] => {
  const json = JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as { reports: string[] };
  return json.reports.map((hex) => new Uint8Array(hex.split(' ').map((h) => parseInt(h, 16))));
};
const MINTED = 'CT0DXUIWGODP5G53EPNRRPOMCLJ089B6ZIFB1C6QJWNOQP09739WMGSW2JODDFS1V0ZH74V9XVGVFBMB445BA1WL8HO9TD6KKWVGKDCF82U5CBVJ36DXGEK';

const scanner = (path: string, usagePage: number, usage = 1): HidDeviceInfo => ({
  path,
  vendorId: 0x0c2e,
  productId: 0x0b61,
  serialNumber: 'SN-17',
  manufacturer: 'Honeywell',
  product: 'Xenon 1950g',
  usagePage,
  usage,
});
const keyboardScanner: HidDeviceInfo = { path: '/dev/hidraw9', vendorId: 0x05e0, productId: 0x1200, product: 'Symbol scanner', usagePage: 1, usage: 6 };
const mouse: HidDeviceInfo = { path: '/dev/hidraw1', vendorId: 0x046d, productId: 0xc077, usagePage: 1, usage: 2 };

function setup(selected: string | null = 'hid:0c2e:0b61:SN-17') {
  const hid = new FakeHid();
  let clock = 1_700_000_000_000;
  const service = new ScannerService({ loader: async () => hid, now: () => (clock += 1), selected });
  const scans: ScanEvent[] = [];
  const problems: ScanProblem[] = [];
  const statuses: ScannerServiceStatus[] = [];
  service.on('scan', (e) => scans.push(e));
  service.on('problem', (p) => problems.push(p));
  service.on('status', (s) => statuses.push(s));
  return { hid, service, scans, problems, statuses };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ScannerService without node-hid', () => {
  it('starts anyway and says in words that USB scanners fall back to keyboard wedge and camera', async () => {
    const service = new ScannerService({
      loader: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
      },
      selected: 'hid:0c2e:0b61:SN-17',
    });
    const status = await service.start();
    expect(status.hidAvailable).toBe(false);
    expect(status.connected).toBe(false);
    expect(status.message).toMatch(/libusb/);
    expect(status.message).toMatch(/Keyboard-mode scanners and the camera still work/);
    expect(await service.listDevices()).toEqual([]);
    expect((await service.select('hid:05e0:1200')).hidAvailable).toBe(false);
    service.stop();
  });
});

describe('ScannerService with a HID stack', () => {
  it('lists scanners only, one per device, preferring the 0x8C collection of a two-collection device', async () => {
    const { hid, service } = setup(null);
    hid.plug(scanner('/dev/hidraw3', 0xff8c), scanner('/dev/hidraw4', 0x8c), keyboardScanner, mouse);
    await service.start();
    expect(await service.listDevices()).toEqual([
      {
        id: 'hid:0c2e:0b61:SN-17',
        name: 'Honeywell Xenon 1950g (HID POS)',
        source: 'hid-pos',
        path: '/dev/hidraw4',
        vendorId: 0x0c2e,
        productId: 0x0b61,
        serialNumber: 'SN-17',
      },
      { id: 'hid:05e0:1200', name: 'Symbol scanner (keyboard mode)', source: 'hid-keyboard', path: '/dev/hidraw9', vendorId: 0x05e0, productId: 0x1200 },
    ]);
    service.stop();
  });

  it('opens the remembered scanner and emits a multi-report code as one ScanEvent with its AIM', async () => {
    const { hid, service, scans } = setup();
    hid.plug(scanner('/dev/hidraw3', 0xff8c), scanner('/dev/hidraw4', 0x8c));
    const status = await service.start();
    expect(status).toMatchObject({ hidAvailable: true, connected: true, device: { id: 'hid:0c2e:0b61:SN-17', source: 'hid-pos' }, message: null });
    hid.send('/dev/hidraw4', ...fixture('hidpos-minted-3-reports.json'));
    expect(scans).toEqual([
      { text: MINTED, source: 'hid-pos', aim: ']Q1', symbology: 'QR Code', device: 'hid:0c2e:0b61:SN-17', hidLayout: 'aim', at: expect.any(Number) },
    ]);
    service.stop();
    expect(hid.handles.get('/dev/hidraw4')!.closed).toBe(true);
  });

  it('discards a partial scan at unplug and reconnects when the scanner returns (new path), no restart', async () => {
    const { hid, service, scans, problems, statuses } = setup();
    hid.plug(scanner('/dev/hidraw4', 0x8c));
    await service.start();
    const reports = fixture('hidpos-minted-3-reports.json');
    hid.send('/dev/hidraw4', reports[0]!, reports[1]!);
    hid.unplug('/dev/hidraw4');
    expect(problems).toEqual([{ kind: 'discarded', reason: expect.stringMatching(/disconnected/), at: expect.any(Number) }]);
    expect(service.status()).toMatchObject({ connected: false, message: expect.stringMatching(/plugged back in/) });
    await vi.advanceTimersByTimeAsync(2_000); // still away: keeps looking, does not give up
    expect(service.status().connected).toBe(false);
    hid.plug(scanner('/dev/hidraw7', 0x8c));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(service.status()).toMatchObject({ connected: true, message: null });
    hid.send('/dev/hidraw7', ...reports);
    expect(scans.map((s) => s.text)).toEqual([MINTED]); // no half code, no leftover glued on
    expect(statuses.some((s) => !s.connected) && statuses[statuses.length - 1]!.connected).toBe(true);
    service.stop();
  });

  it('backs off between looks for an absent scanner, up to the maximum', async () => {
    const { hid, service } = setup();
    await service.start();
    const calls: number[] = [];
    for (let t = 0; t < 20_000; t += 50) {
      const before = hid.devicesCalls;
      await vi.advanceTimersByTimeAsync(50);
      if (hid.devicesCalls > before) calls.push(t + 50);
    }
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(gaps.slice(0, 4)).toEqual([500, 1_000, 2_000, 4_000]);
    expect(Math.max(...gaps)).toBe(5_000);
    service.stop();
    const after = hid.devicesCalls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(hid.devicesCalls).toBe(after);
  });

  it('retries a scanner that is present but will not open', async () => {
    const { hid, service } = setup();
    hid.plug(scanner('/dev/hidraw4', 0x8c));
    hid.failOpen = '/dev/hidraw4';
    expect((await service.start()).message).toMatch(/permission denied/);
    hid.failOpen = null;
    await vi.advanceTimersByTimeAsync(300);
    expect(service.status().connected).toBe(true);
    service.stop();
  });

  it('reads a keyboard-mode scanner from its boot reports, and refuses junk without stopping', async () => {
    const { hid, service, scans, problems } = setup('hid:05e0:1200');
    hid.plug(keyboardScanner);
    await service.start();
    hid.send('/dev/hidraw9', new Uint8Array([1, 2, 3]), ...fixture('kbd-url-ctrl-shift-j.json'));
    expect(problems.map((p) => p.kind)).toEqual(['refused']);
    expect(scans).toEqual([{ text: 'https://coupons.example.cn/r?c=8F3K2Q&s=S001', source: 'hid-keyboard', device: 'hid:05e0:1200', at: expect.any(Number) }]);
    service.stop();
  });

  it('ends a keyboard-mode scan without suffix after the scanner falls silent', async () => {
    const { hid, service, scans } = setup('hid:05e0:1200');
    hid.plug(keyboardScanner);
    await service.start();
    const reports = fixture('kbd-minted-enter.json');
    hid.send('/dev/hidraw9', ...reports.slice(0, -2)); // without the Enter press and release
    expect(scans).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(scans.map((s) => s.text)).toEqual([MINTED]);
    service.stop();
  });

  it('switches scanners on select, and refuses an id it cannot read', async () => {
    const { hid, service } = setup();
    hid.plug(scanner('/dev/hidraw4', 0x8c), keyboardScanner);
    await service.start();
    await expect(service.select('usb-thing')).rejects.toThrow(/not a scanner id/);
    expect(service.status().connected).toBe(true); // the refusal changed nothing
    const status = await service.select('hid:05e0:1200');
    expect(status).toMatchObject({ connected: true, selectedId: 'hid:05e0:1200', device: { source: 'hid-keyboard' } });
    expect(hid.handles.get('/dev/hidraw4')!.closed).toBe(true);
    expect(await service.select(null)).toMatchObject({ connected: false, selectedId: null, device: null });
    service.stop();
  });
});

describe('ScannerService in auto mode', () => {
  it('opens the first HID POS scanner that is plugged in, never a keyboard on its own', async () => {
    const hid = new FakeHid();
    const service = new ScannerService({ loader: async () => hid, auto: true });
    const scans: ScanEvent[] = [];
    service.on('scan', (e) => scans.push(e));
    hid.plug(keyboardScanner, mouse);
    expect(await service.start()).toMatchObject({ connected: false, message: null, selectedId: null });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(service.status().connected).toBe(false); // the keyboard is not taken for a scanner
    hid.plug(scanner('/dev/hidraw5', 0x8c));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(service.status()).toMatchObject({ connected: true, selectedId: null, device: { id: 'hid:0c2e:0b61:SN-17', source: 'hid-pos' } });
    hid.send('/dev/hidraw5', ...fixture('hidpos-single-url.json'));
    expect(scans.map((s) => s.text)).toEqual(['https://coupons.example.cn/r?c=8F3K2Q&s=S001']);
    hid.unplug('/dev/hidraw5');
    expect(service.status().connected).toBe(false);
    await service.select(null); // leaving auto: stops looking
    const calls = hid.devicesCalls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(hid.devicesCalls).toBe(calls);
    service.stop();
  });
});

describe("ScannerService: the open scanner's saved profile", () => {
  const gs1 = ']C1010950110153000317172012311000ABC';
  const noAim = (data: string) => {
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = data.length;
    r.set(new TextEncoder().encode(data), 2);
    return r;
  };
  it("gives the device's AIM mode to the report parser on open, and a newly saved one from the next scan", async () => {
    const hid = new FakeHid();
    const profiles: Record<
      string,
      { suffix: 'none'; prefix: string; aim: boolean; paceMs: number; maxIntervalMs: number; learnedAt: number; aimMode?: 'none' }
    > = {};
    const service = new ScannerService({ loader: async () => hid, selected: 'hid:0c2e:0b61:SN-17', profileFor: (id) => profiles[id] });
    const scans: ScanEvent[] = [];
    service.on('scan', (e) => scans.push(e));
    hid.plug(scanner('/dev/hidraw4', 0x8c));
    await service.start();
    expect(service.aimMode).toBe('auto');
    hid.send('/dev/hidraw4', noAim(gs1));
    expect(scans[0]!.text).not.toBe(gs1); // guessed per report: "]C1" taken for a symbology id
    profiles['hid:0c2e:0b61:SN-17'] = { suffix: 'none', prefix: '', aim: false, paceMs: 0, maxIntervalMs: 0, learnedAt: 1, aimMode: 'none' };
    service.profilesChanged();
    expect(service.aimMode).toBe('none');
    hid.send('/dev/hidraw4', noAim(gs1));
    expect(scans[1]).toMatchObject({ text: gs1, device: 'hid:0c2e:0b61:SN-17', hidLayout: 'no-aim' });
    service.stop();
  });
});
