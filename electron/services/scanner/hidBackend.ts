/**
 * The USB HID access the scanner service needs, as an interface so tests drive it with a fake
 * device, and the real node-hid module loaded lazily: a till without libusb must still start
 * (keyboard-wedge and camera keep working).
 */

/** One HID collection as the OS lists it (node-hid's Device). */
export interface HidDeviceInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  interface?: number | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open device: input reports arrive as 'data'; 'error' means it went away. */
export interface HidDeviceHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): unknown;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDeviceHandle>;
}

/** Loads the backend; throws when the native module cannot load. */
export type HidLoader = () => Promise<HidBackend>;

/** node-hid, imported on first use (the import itself fails when libusb is missing). */
export const loadNodeHid: HidLoader = async () => {
  const hid = await import('node-hid');
  return {
    devices: () => hid.devicesAsync(),
    open: async (path) => {
      const device = await hid.HIDAsync.open(path);
      const handle = {
        on(event: 'data' | 'error', listener: (arg: Uint8Array & Error) => void) {
          if (event === 'data') device.on('data', (buf: Buffer) => (listener as (r: Uint8Array) => void)(new Uint8Array(buf)));
          else device.on('error', listener as (e: unknown) => void);
          return handle;
        },
        close: () => device.close().catch(() => undefined),
      };
      return handle as HidDeviceHandle;
    },
  };
};

/** The cashier/manager-facing words for a native module that would not load. */
export function hidUnavailableMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const fallback = 'Keyboard-mode scanners and the camera still work.';
  if (/libusb/i.test(detail)) {
    return `USB scanners cannot be read directly: the libusb library is missing on this till (install libusb-1.0-0). ${fallback}`;
  }
  return `USB scanners cannot be read directly (${detail}). ${fallback}`;
}

/** Closes a handle whose device may already be gone (closing then throws on some platforms). */
export function closeQuietly(handle: HidDeviceHandle): void {
  try {
    const out = handle.close();
    if (out instanceof Promise) out.catch(() => undefined);
  } catch {
    // Already gone: nothing to do.
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
