/**
 * Which HID collections are scanners, how a chosen scanner is remembered (vendor id, product id,
 * serial: the path changes on every replug) and which collection of it to open.
 */
import type { HidDeviceInfo } from './hidBackend';

export const USAGE_PAGE_POS_SCANNER = 0x8c;
const USAGE_PAGE_GENERIC_DESKTOP = 0x01;
const USAGE_KEYBOARD = 0x06;

export type HidScannerMode = 'hid-pos' | 'hid-keyboard';

/** How settings remember a scanner. */
export interface ScannerRef {
  vendorId: number;
  productId: number;
  /** Absent for devices without a serial: then any device with this vendor/product id matches. */
  serialNumber?: string;
}

/** A scanner as the settings screen lists it. `id`, `name`, `source` match shared/ipc ScannerDevice. */
export interface HidScannerInfo extends ScannerRef {
  id: string;
  name: string;
  source: HidScannerMode;
  path: string;
}

/** 'hid-pos' for the barcode scanner usage page, 'hid-keyboard' for a boot keyboard, else null. */
export function scannerMode(info: HidDeviceInfo): HidScannerMode | null {
  if (info.usagePage === USAGE_PAGE_POS_SCANNER) return 'hid-pos';
  if (info.usagePage === USAGE_PAGE_GENERIC_DESKTOP && info.usage === USAGE_KEYBOARD) return 'hid-keyboard';
  return null;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** "hid:0c2e:0b61:<serial>" (or "hid:0c2e:0b61" without a serial). */
export function scannerId(ref: ScannerRef): string {
  const base = `hid:${hex4(ref.vendorId)}:${hex4(ref.productId)}`;
  return ref.serialNumber ? `${base}:${ref.serialNumber}` : base;
}

/** Parses an id made by `scannerId`; null for anything else. */
export function parseScannerId(id: string): ScannerRef | null {
  const m = /^hid:([0-9a-f]{4}):([0-9a-f]{4})(?::(.{1,256}))?$/.exec(id);
  if (!m) return null;
  const ref: ScannerRef = { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
  if (m[3]) ref.serialNumber = m[3];
  return ref;
}

function matches(ref: ScannerRef, info: HidDeviceInfo): boolean {
  return info.vendorId === ref.vendorId && info.productId === ref.productId && (!ref.serialNumber || info.serialNumber === ref.serialNumber);
}

/**
 * The collection to open for a remembered scanner: a device often exposes the POS page (0x8C)
 * and a vendor page (0xFF8C) or a keyboard under one id; the 0x8C one carries the AIM and the
 * continuation flag, so it wins.
 */
export function collectionFor(ref: ScannerRef, infos: readonly HidDeviceInfo[]): (HidDeviceInfo & { path: string; mode: HidScannerMode }) | null {
  let keyboard: (HidDeviceInfo & { path: string; mode: HidScannerMode }) | null = null;
  for (const info of infos) {
    if (!info.path || !matches(ref, info)) continue;
    const mode = scannerMode(info);
    if (mode === 'hid-pos') return { ...info, path: info.path, mode };
    if (mode === 'hid-keyboard' && !keyboard) keyboard = { ...info, path: info.path, mode };
  }
  return keyboard;
}

/** One entry per physical scanner (collections grouped by vendor, product and serial). */
export function listScanners(infos: readonly HidDeviceInfo[]): HidScannerInfo[] {
  const out = new Map<string, HidScannerInfo>();
  for (const info of infos) {
    if (!info.path || !scannerMode(info)) continue;
    const ref: ScannerRef = { vendorId: info.vendorId, productId: info.productId };
    if (info.serialNumber) ref.serialNumber = info.serialNumber;
    const id = scannerId(ref);
    if (out.has(id)) continue;
    const chosen = collectionFor(ref, infos);
    if (!chosen) continue;
    const name = [info.manufacturer, info.product].filter(Boolean).join(' ') || `USB device ${hex4(info.vendorId)}:${hex4(info.productId)}`;
    const label = chosen.mode === 'hid-pos' ? 'HID POS' : 'keyboard mode';
    out.set(id, { ...ref, id, name: `${name} (${label})`, source: chosen.mode, path: chosen.path });
  }
  return [...out.values()];
}

/** A ref as given (object), parsed from an id, or null (none / not a scanner id). */
export function toScannerRef(device: ScannerRef | string | null): ScannerRef | null {
  if (device === null) return null;
  if (typeof device === 'string') return parseScannerId(device);
  return device;
}
