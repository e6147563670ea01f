/**
 * USB keyboard-mode scanners read directly (boot keyboard reports), so the OS keyboard layout
 * never touches the code. Pure: no node, no DOM.
 *
 * A boot report is 8 bytes: modifiers, reserved, up to six usage ids (some devices put a report
 * id before them). A key counts once, on the report where it first appears (a held key repeats
 * in every report); an all-zero report releases everything. Shift is read from the report where
 * the key goes down, so a shift sent in a report of its own before and after the key works.
 * Usage ids map through the US layout table below, whatever layout the OS uses.
 */
import { MAX_SCAN_BYTES, hexByte } from './bytes';

const MOD_CTRL = 0x01 | 0x10;
const MOD_SHIFT = 0x02 | 0x20;
const MOD_ALT = 0x04 | 0x40;
const MOD_GUI = 0x08 | 0x80;

const USAGE_ENTER = 0x28;
const USAGE_ESCAPE = 0x29;
const USAGE_TAB = 0x2b;
const USAGE_KEYPAD_ENTER = 0x58;
const USAGE_ERROR_ROLL_OVER = 0x01;

/** US layout: usage id -> [unshifted, shifted]. */
const US_LAYOUT = new Map<number, readonly [string, string]>();
{
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(0x61 + i);
    US_LAYOUT.set(0x04 + i, [c, c.toUpperCase()]);
  }
  const digits = '1234567890';
  const shiftedDigits = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) US_LAYOUT.set(0x1e + i, [digits[i]!, shiftedDigits[i]!]);
  const punct: [number, string, string][] = [
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'],
    [0x32, '#', '~'],
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
    [0x54, '/', '/'],
    [0x55, '*', '*'],
    [0x56, '-', '-'],
    [0x57, '+', '+'],
    [0x63, '.', '.'],
  ];
  for (const [u, a, b] of punct) US_LAYOUT.set(u, [a, b]);
}

/** Keypad digits 1-9, 0 (usages 0x59-0x62): used for Alt+keypad character codes. */
function keypadDigit(usage: number): string | undefined {
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  if (usage === 0x62) return '0';
  return undefined;
}

/** What one key-down means. */
export type KeyPress = { kind: 'char'; char: string } | { kind: 'terminator'; name: string } | { kind: 'cancel' } | { kind: 'ignored'; usage: number };

export type BootReportResult = { ok: true; presses: KeyPress[] } | { ok: false; reason: string };

export interface BootKeyboardOptions {
  /** 'auto' (default): 9 bytes carry a report id first, 8 bytes do not. */
  reportId?: 'auto' | 'present' | 'absent';
}

function chordName(modifiers: number, usage: number): string {
  const parts: string[] = [];
  if (modifiers & MOD_CTRL) parts.push('Ctrl');
  if (modifiers & MOD_ALT) parts.push('Alt');
  if (modifiers & MOD_GUI) parts.push('Meta');
  if (modifiers & MOD_SHIFT) parts.push('Shift');
  const key = US_LAYOUT.get(usage)?.[1] ?? hexByte(usage);
  return [...parts, key].join('+');
}

/**
 * Turns boot keyboard reports into key presses, with key-down edge detection across reports.
 * Keep one decoder per device; `reset()` after the device goes away.
 */
export class BootKeyboardDecoder {
  private held = new Set<number>();
  private altCode = '';

  constructor(private readonly options: BootKeyboardOptions = {}) {}

  reset(): void {
    this.held.clear();
    this.altCode = '';
  }

  /** Feeds one report. Never throws; a malformed report is refused and changes no state. */
  push(bytes: Uint8Array): BootReportResult {
    if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'report is not bytes' };
    const mode = this.options.reportId ?? 'auto';
    const offset = bytes.length === 9 && mode !== 'absent' ? 1 : bytes.length === 8 && mode !== 'present' ? 0 : -1;
    if (offset < 0) return { ok: false, reason: `keyboard report is ${bytes.length} bytes; expected 8 (or 9 with a report id)` };
    const modifiers = bytes[offset]!;
    const slots = Array.from(bytes.subarray(offset + 2, offset + 8)).filter((u) => u !== 0);
    // Phantom state (too many keys at once): the report says nothing reliable; keep the old state.
    if (slots.includes(USAGE_ERROR_ROLL_OVER)) return { ok: true, presses: [] };
    const presses: KeyPress[] = [];
    const altOnly = (modifiers & MOD_ALT) !== 0 && (modifiers & (MOD_CTRL | MOD_GUI)) === 0;
    if (!altOnly && this.altCode) presses.push(...this.finishAltCode());
    const now = new Set(slots);
    for (const usage of slots) {
      if (this.held.has(usage)) continue; // still held from the previous report: not a new press
      const press = this.press(modifiers, usage, altOnly);
      if (press) presses.push(press);
    }
    this.held = now;
    return { ok: true, presses };
  }

  /** Null for a keypad digit that is part of an Alt+keypad character code. */
  private press(modifiers: number, usage: number, altOnly: boolean): KeyPress | null {
    if (usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER) return { kind: 'terminator', name: 'Enter' };
    if (usage === USAGE_TAB) return { kind: 'terminator', name: 'Tab' };
    if (usage === USAGE_ESCAPE) return { kind: 'cancel' };
    const digit = keypadDigit(usage);
    if (altOnly && digit !== undefined) {
      this.altCode = (this.altCode + digit).slice(-4);
      return null;
    }
    if (modifiers & (MOD_CTRL | MOD_ALT | MOD_GUI)) return { kind: 'terminator', name: chordName(modifiers, usage) };
    const chars = US_LAYOUT.get(usage) ?? (digit !== undefined ? ([digit, digit] as const) : undefined);
    if (!chars) return { kind: 'ignored', usage };
    return { kind: 'char', char: modifiers & MOD_SHIFT ? chars[1] : chars[0] };
  }

  /** Alt released after keypad digits: the digits were a character code (Alt+0065 = "A"). */
  private finishAltCode(): KeyPress[] {
    const code = Number(this.altCode);
    this.altCode = '';
    return code > 0 && code < 256 ? [{ kind: 'char', char: String.fromCharCode(code) }] : [];
  }
}

export type KeyboardScanResult = { kind: 'scan'; text: string; terminator: string | null } | { kind: 'pending' } | { kind: 'refused'; reason: string };

export interface KeyboardScanOptions extends BootKeyboardOptions {
  /** Characters the scanner adds before / after the code, stripped once when present. */
  prefix?: string;
  suffix?: string;
}

/**
 * Collects the characters of one scan from a keyboard-mode scanner opened directly. A scan ends
 * at a terminator (Enter, Tab or a Ctrl/Alt chord such as Ctrl+Shift+J), or, for scanners set up
 * without a suffix, when `flush` is called after the device fell silent.
 */
export class KeyboardScanAssembler {
  private readonly decoder: BootKeyboardDecoder;
  private text = '';

  constructor(private readonly options: KeyboardScanOptions = {}) {
    this.decoder = new BootKeyboardDecoder(options);
  }

  get hasPartial(): boolean {
    return this.text.length > 0;
  }

  push(bytes: Uint8Array): KeyboardScanResult {
    const result = this.decoder.push(bytes);
    if (!result.ok) return { kind: 'refused', reason: result.reason };
    let out: KeyboardScanResult = { kind: 'pending' };
    for (const press of result.presses) {
      if (press.kind === 'char') {
        if (this.text.length >= MAX_SCAN_BYTES) {
          this.text = '';
          return { kind: 'refused', reason: `scan longer than ${MAX_SCAN_BYTES} characters` };
        }
        this.text += press.char;
      } else if (press.kind === 'cancel') {
        this.text = '';
      } else if (press.kind === 'terminator' && this.text) {
        // Characters after the terminator in the same report start the next scan.
        out = this.finish(press.name);
      }
    }
    return out;
  }

  /** Ends a scan that has no terminator (call when the device has been silent a while). */
  flush(): KeyboardScanResult {
    return this.text ? this.finish(null) : { kind: 'pending' };
  }

  /** Throws away a partial scan (device gone). Returns how many characters were lost. */
  discard(): number {
    const lost = this.text.length;
    this.text = '';
    this.decoder.reset();
    return lost;
  }

  private finish(terminator: string | null): KeyboardScanResult {
    let text = this.text;
    this.text = '';
    const { prefix, suffix } = this.options;
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length);
    if (suffix && text.endsWith(suffix)) text = text.slice(0, -suffix.length);
    if (!text) return { kind: 'refused', reason: 'scan held only the configured prefix/suffix' };
    return { kind: 'scan', text, terminator };
  }
}
