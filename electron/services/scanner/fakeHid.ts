/**
 * A fake USB HID stack for tests (and for demoing the scanner service without hardware):
 * devices can be plugged, unplugged (open handles get an 'error', as node-hid gives) and fed
 * recorded reports.
 */
import type { HidBackend, HidDeviceHandle, HidDeviceInfo } from './hidBackend';

export class FakeHandle implements HidDeviceHandle {
  closed = false;
  private readonly dataListeners: ((r: Uint8Array) => void)[] = [];
  private readonly errorListeners: ((e: unknown) => void)[] = [];

  on(event: 'data', listener: (report: Uint8Array) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) & ((error: unknown) => void)): this {
    (event === 'data' ? this.dataListeners : this.errorListeners).push(listener);
    return this;
  }

  close(): void {
    this.closed = true;
  }

  emitData(report: Uint8Array): void {
    if (!this.closed) for (const l of this.dataListeners) l(report);
  }

  emitError(error: unknown): void {
    if (!this.closed) for (const l of this.errorListeners) l(error);
  }
}

export class FakeHid implements HidBackend {
  private readonly plugged = new Map<string, HidDeviceInfo>();
  readonly handles = new Map<string, FakeHandle>();
  devicesCalls = 0;
  /** When set, open() of this path fails (a device the OS will not give us, for example). */
  failOpen: string | null = null;

  plug(...infos: HidDeviceInfo[]): void {
    for (const info of infos) this.plugged.set(info.path!, info);
  }

  /** Removes every collection of the device at `path`'s vendor/product/serial; open handles error. */
  unplug(path: string): void {
    const gone = this.plugged.get(path);
    if (!gone) return;
    for (const [p, info] of this.plugged) {
      if (info.vendorId === gone.vendorId && info.productId === gone.productId && info.serialNumber === gone.serialNumber) {
        this.plugged.delete(p);
        this.handles.get(p)?.emitError(new Error('could not read from HID device'));
      }
    }
  }

  /** Sends input reports from the device at `path` (throws when it is not open: a test mistake). */
  send(path: string, ...reports: Uint8Array[]): void {
    const handle = this.handles.get(path);
    if (!handle || handle.closed) throw new Error(`no open handle for ${path}`);
    for (const r of reports) handle.emitData(r);
  }

  async devices(): Promise<HidDeviceInfo[]> {
    this.devicesCalls += 1;
    return [...this.plugged.values()].map((d) => ({ ...d }));
  }

  async open(path: string): Promise<HidDeviceHandle> {
    if (!this.plugged.has(path)) throw new Error(`cannot open device with path ${path}`);
    if (this.failOpen === path) throw new Error('cannot open device: permission denied');
    const handle = new FakeHandle();
    this.handles.set(path, handle);
    return handle;
  }
}
