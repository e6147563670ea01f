/**
 * Reads USB barcode scanners directly (node-hid, no electron import): HID POS scanners (usage
 * page 0x8C) and keyboard-mode scanners opened as boot keyboards, so keyboard layouts, focus and
 * prefixes never garble a code. Emits every scan as a ScanEvent (shared/scan.ts) for the one
 * scan pipeline; reconnects after an unplug without a restart; when node-hid cannot load (libusb
 * missing), says so in status() and the till falls back to keyboard wedge and camera.
 */
import { ScanEventSchema, type ScanEvent } from '../../../shared/scan';
import { HidPosReassembler, type HidPosReassemblerOptions } from '../../../shared/scan/hidPos';
import { KeyboardScanAssembler, type KeyboardScanOptions } from '../../../shared/scan/bootKeyboard';
import type { ScannerProfile } from '../../../shared/scan/learn';
import { collectionFor, listScanners, scannerId, toScannerRef, type HidScannerInfo, type HidScannerMode, type ScannerRef } from './devices';
import { closeQuietly, errorText, hidUnavailableMessage, loadNodeHid, type HidBackend, type HidDeviceHandle, type HidLoader } from './hidBackend';

export interface ScannerServiceStatus {
  /** False when node-hid could not load; `message` says why, in words for the manager. */
  hidAvailable: boolean;
  /** The remembered scanner, as its id ("hid:0c2e:0b61:<serial>"), or null. */
  selectedId: string | null;
  /** The open scanner, when one is. */
  device: { id: string; name: string; source: HidScannerMode } | null;
  connected: boolean;
  message: string | null;
}

/** Something a scanner sent that did not become a scan (for the log and diagnostics). */
export interface ScanProblem {
  kind: 'refused' | 'discarded';
  reason: string;
  at: number;
}

export interface ScannerServiceOptions {
  loader?: HidLoader;
  now?: () => number;
  /** The scanner remembered in settings (an id from listDevices, or a ref). */
  selected?: ScannerRef | string | null;
  /**
   * With no scanner selected, open the first HID POS scanner plugged in (settings "auto").
   * Keyboard-mode devices are never opened on their own: one of them is the cashier's keyboard.
   */
  auto?: boolean;
  /** First and longest wait between looks for an absent scanner. Default 250 ms .. 5 s. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Keyboard-mode scanners with no suffix: end the scan after this much silence. Default 150 ms; null: never. */
  keyboardIdleFlushMs?: number | null;
  hidPos?: HidPosReassemblerOptions;
  keyboard?: KeyboardScanOptions;
  /**
   * The profile saved for a scanner (Settings -> Scanner, by its id): a HID POS scanner's AIM
   * mode is given to the report parser when the device opens. Read on open and on `profilesChanged`.
   */
  profileFor?: (deviceId: string) => ScannerProfile | undefined;
}

type Events = { scan: ScanEvent; status: ScannerServiceStatus; problem: ScanProblem };

export class ScannerService {
  private backend: HidBackend | null = null;
  private unavailable: string | null = null;
  private selected: ScannerRef | null;
  private auto: boolean;
  private handle: HidDeviceHandle | null = null;
  private open: HidScannerInfo | null = null;
  private decoder: { mode: 'hid-pos'; r: HidPosReassembler } | { mode: 'hid-keyboard'; k: KeyboardScanAssembler } | null = null;
  private message: string | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs: number;
  private running = false;
  private generation = 0; // bumps on every close so late events of an old handle are ignored
  private readonly listeners: { [K in keyof Events]: Set<(e: Events[K]) => void> } = { scan: new Set(), status: new Set(), problem: new Set() };
  private readonly now: () => number;
  /** The profile the open device's decoder was made with (JSON), to see a saved change. */
  private appliedProfile = 'null';

  constructor(private readonly options: ScannerServiceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.selected = toScannerRef(options.selected ?? null);
    this.auto = options.auto ?? false;
    this.backoffMs = options.pollMinMs ?? 250;
  }

  /** Subscribes to scans, status changes or problems; returns the unsubscribe. */
  on<K extends keyof Events>(event: K, listener: (e: Events[K]) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Loads node-hid (never throws: a failure becomes status().message) and opens the remembered scanner. */
  async start(): Promise<ScannerServiceStatus> {
    this.running = true;
    try {
      this.backend = await (this.options.loader ?? loadNodeHid)();
    } catch (error) {
      this.unavailable = hidUnavailableMessage(error);
      this.emitStatus();
      return this.status();
    }
    await this.connect();
    return this.status();
  }

  /** Closes the scanner and stops looking for it. */
  stop(): void {
    this.running = false;
    this.clearTimers();
    this.close('scanner service stopped');
  }

  status(): ScannerServiceStatus {
    const open = this.open;
    return {
      hidAvailable: this.unavailable === null,
      selectedId: this.selected ? scannerId(this.selected) : null,
      device: open ? { id: open.id, name: open.name, source: open.source } : null,
      connected: this.handle !== null,
      message: this.unavailable ?? this.message,
    };
  }

  /** Scanners plugged in now (POS page and boot keyboards), one per physical device. */
  async listDevices(): Promise<HidScannerInfo[]> {
    if (!this.backend) return [];
    try {
      return listScanners(await this.backend.devices());
    } catch {
      return [];
    }
  }

  /**
   * Sets the selection before `start()` without opening anything (the composition root applies
   * the saved settings this way). After start, use `select`.
   */
  preset(device: ScannerRef | string | null, options: { auto?: boolean } = {}): void {
    if (this.running) throw new Error('preset() is for before start(); use select()');
    const ref = toScannerRef(device);
    if (device !== null && !ref) throw new RangeError(`not a scanner id: ${String(device)}`);
    this.selected = ref;
    this.auto = options.auto ?? false;
  }

  /**
   * Remembers and opens another scanner (null: none, or with `auto` the first HID POS scanner
   * plugged in). Refuses an id it cannot parse, changing nothing.
   */
  async select(device: ScannerRef | string | null, options: { auto?: boolean } = {}): Promise<ScannerServiceStatus> {
    const ref = toScannerRef(device);
    if (device !== null && !ref) throw new RangeError(`not a scanner id: ${String(device)}`);
    this.clearTimers();
    this.close(null);
    this.selected = ref;
    this.auto = options.auto ?? false;
    this.backoffMs = this.options.pollMinMs ?? 250;
    this.message = null;
    if (this.running && this.backend) await this.connect();
    else this.emitStatus();
    return this.status();
  }

  private async connect(): Promise<void> {
    const backend = this.backend;
    if (!backend || !this.running || this.handle || (!this.selected && !this.auto)) return this.emitStatus();
    const generation = this.generation;
    let ref = this.selected;
    try {
      const infos = await backend.devices();
      ref ??= listScanners(infos).find((s) => s.source === 'hid-pos') ?? null;
      if (!ref) {
        // Auto, and no HID POS scanner plugged in: not a fault (wedge and camera read); keep looking.
        if (generation !== this.generation) return;
        this.message = null;
        this.emitStatus();
        return this.schedulePoll();
      }
      const chosen = ref;
      const collection = collectionFor(chosen, infos);
      if (!collection) throw new Error('not plugged in');
      const handle = await backend.open(collection.path);
      if (generation !== this.generation || !this.running) {
        closeQuietly(handle);
        return;
      }
      const id = scannerId(chosen);
      const info = listScanners(infos).find((s) => s.id === id);
      this.attach(handle, info ?? { vendorId: chosen.vendorId, productId: chosen.productId, id, name: id, source: collection.mode, path: collection.path });
    } catch (error) {
      if (generation !== this.generation) return;
      this.message = ref
        ? `Scanner ${scannerId(ref)} is not connected (${errorText(error)}); looking for it again.`
        : `USB scanners could not be listed (${errorText(error)}); trying again.`;
      this.emitStatus();
      this.schedulePoll();
    }
  }

  private attach(handle: HidDeviceHandle, info: HidScannerInfo): void {
    const generation = this.generation;
    this.handle = handle;
    this.open = info;
    this.decoder = this.decoderFor(info);
    this.backoffMs = this.options.pollMinMs ?? 250;
    this.message = null;
    handle.on('data', (report) => {
      if (generation === this.generation) this.onReport(report);
    });
    handle.on('error', (error) => {
      if (generation !== this.generation) return;
      this.close(`scanner disconnected (${errorText(error)})`);
      this.message = 'Scanner disconnected; it will be used again as soon as it is plugged back in.';
      this.emitStatus();
      this.schedulePoll();
    });
    this.emitStatus();
  }

  private decoderFor(info: HidScannerInfo): NonNullable<ScannerService['decoder']> {
    const profile = this.options.profileFor?.(info.id);
    this.appliedProfile = JSON.stringify(profile ?? null);
    if (info.source === 'hid-keyboard') return { mode: 'hid-keyboard', k: new KeyboardScanAssembler(this.options.keyboard) };
    const aimMode = profile?.aimMode ?? this.options.hidPos?.aimMode ?? 'auto';
    return { mode: 'hid-pos', r: new HidPosReassembler({ ...this.options.hidPos, aimMode }) };
  }

  /** Where the open HID POS scanner's AIM id is taken to be (its saved profile, else 'auto'); null when none is open. */
  get aimMode(): string | null {
    if (this.decoder?.mode !== 'hid-pos') return null;
    return this.options.profileFor?.(this.open!.id)?.aimMode ?? this.options.hidPos?.aimMode ?? 'auto';
  }

  /**
   * Settings changed: the open scanner's saved profile applies from its next scan (a scan in
   * the middle of its reports finishes first; it is applied then, at the next report).
   */
  profilesChanged(): void {
    const open = this.open;
    if (!open || !this.decoder) return;
    if (JSON.stringify(this.options.profileFor?.(open.id) ?? null) === this.appliedProfile) return;
    const partial = this.decoder.mode === 'hid-pos' ? this.decoder.r.hasPartial : this.decoder.k.hasPartial;
    if (partial) this.profileStale = true;
    else this.decoder = this.decoderFor(open);
  }

  private profileStale = false;

  private onReport(report: Uint8Array): void {
    if (this.profileStale && this.open && this.decoder && !(this.decoder.mode === 'hid-pos' ? this.decoder.r.hasPartial : this.decoder.k.hasPartial)) {
      this.profileStale = false;
      this.decoder = this.decoderFor(this.open);
    }
    const at = this.now();
    const decoder = this.decoder;
    const source = this.open?.source;
    if (!decoder || !source) return;
    if (decoder.mode === 'hid-pos') {
      const out = decoder.r.push(report, at);
      if (out.discarded) this.emit('problem', { kind: 'discarded', reason: out.discarded.reason, at });
      if (out.kind === 'refused') this.emit('problem', { kind: 'refused', reason: out.reason, at });
      if (out.kind === 'scan') this.emitScan({ text: out.scan.text, source, aim: out.scan.aim, symbology: out.scan.symbology, hidLayout: out.scan.layout, at });
      return;
    }
    const out = decoder.k.push(report);
    if (out.kind === 'refused') this.emit('problem', { kind: 'refused', reason: out.reason, at });
    if (out.kind === 'scan') this.emitScan({ text: out.text, source, at });
    this.scheduleKeyboardFlush(decoder.k);
  }

  private scheduleKeyboardFlush(k: KeyboardScanAssembler): void {
    const idle = this.options.keyboardIdleFlushMs === undefined ? 150 : this.options.keyboardIdleFlushMs;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (idle === null || !k.hasPartial) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const out = k.flush();
      if (out.kind === 'scan' && this.open) this.emitScan({ text: out.text, source: this.open.source, at: this.now() });
    }, idle);
  }

  private emitScan(candidate: {
    text: string;
    source: HidScannerMode;
    aim?: string | undefined;
    symbology?: string | undefined;
    hidLayout?: string;
    at: number;
  }): void {
    const event: Record<string, unknown> = { text: candidate.text, source: candidate.source, at: candidate.at };
    if (candidate.aim) event.aim = candidate.aim;
    if (candidate.symbology) event.symbology = candidate.symbology;
    if (this.open) event.device = this.open.id;
    if (candidate.hidLayout) event.hidLayout = candidate.hidLayout;
    const parsed = ScanEventSchema.safeParse(event);
    if (!parsed.success) {
      this.emit('problem', { kind: 'refused', reason: `not a valid scan: ${parsed.error.issues[0]?.message ?? 'invalid'}`, at: candidate.at });
      return;
    }
    this.emit('scan', parsed.data);
  }

  /** Closes the open handle; a partial scan is thrown away with `reason` (null: no report). */
  private close(reason: string | null): void {
    this.generation += 1;
    const decoder = this.decoder;
    if (decoder && reason) {
      const lost = decoder.mode === 'hid-pos' ? (decoder.r.discard(reason)?.byteCount ?? 0) : decoder.k.discard();
      if (lost > 0) this.emit('problem', { kind: 'discarded', reason, at: this.now() });
    }
    if (this.handle) closeQuietly(this.handle);
    this.handle = null;
    this.open = null;
    this.decoder = null;
  }

  private schedulePoll(): void {
    if (!this.running || this.pollTimer) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(wait * 2, this.options.pollMaxMs ?? 5_000);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.connect();
    }, wait);
  }

  private clearTimers(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.pollTimer = null;
    this.flushTimer = null;
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }

  private emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A failing subscriber must not stop the scanner or the other subscribers.
      }
    }
  }
}
