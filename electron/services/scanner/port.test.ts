import { describe, expect, it } from 'vitest';
import { FakeHid } from './fakeHid';
import { createScannerPort } from './port';
import { ScannerService } from './scannerService';

const pos = { path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'SN-17', product: 'Xenon', usagePage: 0x8c, usage: 2 };

describe('createScannerPort', () => {
  it('lists the wedge and USB scanners, selects a HID scanner by id, and maps status', async () => {
    const hid = new FakeHid();
    hid.plug(pos);
    const service = new ScannerService({ loader: async () => hid });
    await service.start();
    const port = createScannerPort(service);
    expect((await port.devices()).map((d) => d.id)).toEqual(['wedge', 'hid:0c2e:0b61:SN-17']);
    expect(await port.select({ kind: 'hid', deviceId: 'hid:0c2e:0b61:SN-17' })).toEqual({
      kind: 'hid',
      device: { id: 'hid:0c2e:0b61:SN-17', name: 'Xenon (HID POS)', source: 'hid-pos' },
      connected: true,
      message: null,
    });
    await expect(port.select({ kind: 'hid', deviceId: 'wedge' })).rejects.toThrow(RangeError);
    expect(port.status().connected).toBe(true); // refused request changed nothing
    expect(await port.select({ kind: 'camera', deviceId: null })).toEqual({ kind: 'camera', device: null, connected: true, message: null });
    expect(hid.handles.get('/dev/hidraw4')!.closed).toBe(true);
    // auto: the HID POS scanner plugged in is used without being chosen
    expect(await port.select({ kind: 'auto', deviceId: null })).toMatchObject({ kind: 'auto', device: { id: 'hid:0c2e:0b61:SN-17' }, connected: true });
    expect(await port.select({ kind: 'wedge', deviceId: null })).toMatchObject({ kind: 'wedge', device: { id: 'wedge' }, connected: true });
    service.stop();
  });

  it('applies the saved choice before start: auto opens a HID POS scanner, wedge opens none', async () => {
    const hid = new FakeHid();
    hid.plug(pos);
    const auto = new ScannerService({ loader: async () => hid });
    const autoPort = createScannerPort(auto, { kind: 'auto', deviceId: null });
    await auto.start();
    expect(autoPort.status()).toMatchObject({ kind: 'auto', connected: true, device: { source: 'hid-pos' } });
    auto.stop();
    const wedge = new ScannerService({ loader: async () => hid, selected: 'hid:0c2e:0b61:SN-17' });
    const wedgePort = createScannerPort(wedge, { kind: 'wedge', deviceId: 'hid:0c2e:0b61:SN-17' });
    await wedge.start();
    expect(wedgePort.status()).toMatchObject({ kind: 'wedge', device: { id: 'wedge' } });
    expect(wedge.status().connected).toBe(false);
    wedge.stop();
  });

  it('falls back to the wedge with the libusb message when node-hid cannot load', async () => {
    const service = new ScannerService({ loader: async () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')) });
    await service.start();
    const port = createScannerPort(service);
    expect(await port.devices()).toEqual([{ id: 'wedge', name: 'Keyboard-wedge scanner', source: 'wedge' }]);
    expect(port.status()).toMatchObject({ kind: 'auto', device: { id: 'wedge' }, connected: true, message: expect.stringMatching(/libusb/) });
  });
});
