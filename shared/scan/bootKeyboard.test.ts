import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder, KeyboardScanAssembler } from './bootKeyboard';

const zero = [0, 0, 0, 0, 0, 0, 0, 0];
const key = (mod: number, ...usages: number[]): Uint8Array => new Uint8Array([mod, 0, ...usages, ...zero].slice(0, 8));
const R = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

// Independent of the decoder's table: where the characters sit on a US keyboard.
const ROWS: [string, string, number][] = [
  ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 0x04],
  ['1234567890', '!@#$%^&*()', 0x1e],
  [' -=[]\\', ' _+{}|', 0x2c],
  [";'`,./", ':"~<>?', 0x33],
];
function usageOf(c: string): { usage: number; shift: boolean } {
  for (const [plain, shifted, first] of ROWS) {
    if (plain.includes(c)) return { usage: first + plain.indexOf(c), shift: false };
    if (shifted.includes(c)) return { usage: first + shifted.indexOf(c), shift: true };
  }
  throw new Error(c);
}
const typeable = ROWS.flatMap(([a, b]) => [...a, ...b]);

function typed(text: string, style: 'inline' | 'separate' | 'right'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const c of text) {
    const { usage, shift } = usageOf(c);
    const mod = shift ? (style === 'right' ? 0x20 : 0x02) : 0;
    if (shift && style === 'separate') out.push(key(mod), key(mod, usage), key(mod), key(0));
    else out.push(key(mod, usage), key(mod, usage), key(0)); // a held key repeats: still one press
  }
  return out;
}

describe('BootKeyboardDecoder', () => {
  it('decodes by usage id on the US layout with shift', () => {
    const d = new BootKeyboardDecoder();
    expect(d.push(key(0x02, 0x04))).toEqual({ ok: true, presses: [{ kind: 'char', char: 'A' }] });
    expect(d.push(key(0x02, 0x04, 0x1f))).toEqual({ ok: true, presses: [{ kind: 'char', char: '@' }] });
    expect(d.push(key(0))).toEqual({ ok: true, presses: [] });
  });

  it('names Ctrl chords as terminators, and treats Escape as cancel', () => {
    // Chords are named by the key cap (as wedgeKeyFromEvent names them): Ctrl+J with or without shift.
    expect(new BootKeyboardDecoder().push(key(0x10, 0x0d))).toEqual({ ok: true, presses: [{ kind: 'terminator', name: 'Ctrl+J' }] });
    expect(new BootKeyboardDecoder().push(key(0x03, 0x0d))).toEqual({ ok: true, presses: [{ kind: 'terminator', name: 'Ctrl+Shift+J' }] });
    expect(new BootKeyboardDecoder().push(key(0, 0x29))).toEqual({ ok: true, presses: [{ kind: 'cancel' }] });
  });

  it('reads Alt+keypad character codes', () => {
    const d = new BootKeyboardDecoder();
    const presses = [key(0x04), key(0x04, 0x62), key(0x04), key(0x04, 0x5e), key(0x04), key(0x04, 0x5d), key(0x04), key(0)].flatMap((r) => {
      const out = d.push(r);
      return out.ok ? out.presses : [];
    });
    expect(presses).toEqual([{ kind: 'char', char: 'A' }]); // Alt+065
  });

  it('refuses wrong report lengths and never throws on random bytes (property)', () => {
    expect(new BootKeyboardDecoder().push(R(1, 2, 3))).toMatchObject({ ok: false });
    expect(new BootKeyboardDecoder({ reportId: 'present' }).push(key(0, 4))).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 12 }), { maxLength: 30 }), (reports) => {
        const a = new KeyboardScanAssembler();
        for (const r of reports) expect(['scan', 'pending', 'refused']).toContain(a.push(r).kind);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('KeyboardScanAssembler', () => {
  it('gives back any typeable text exactly, whatever the shift style (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...typeable), minLength: 1, maxLength: 150 });
    fc.assert(
      fc.property(text, fc.constantFrom('inline', 'separate', 'right' as const), fc.boolean(), (t, style, withId) => {
        const a = new KeyboardScanAssembler();
        const reports = [...typed(t, style), key(0, 0x28), key(0)].map((r) => (withId ? R(1, ...r) : r));
        const outs = reports.map((r) => a.push(r)).filter((o) => o.kind !== 'pending');
        expect(outs).toEqual([{ kind: 'scan', text: t, terminator: 'Enter' }]);
      }),
    );
  });

  it('strips the configured prefix and suffix, and flushes a scan without terminator', () => {
    const a = new KeyboardScanAssembler({ prefix: '#', suffix: '!' });
    for (const r of typed('#AB12!', 'inline')) expect(a.push(r).kind).toBe('pending');
    expect(a.flush()).toEqual({ kind: 'scan', text: 'AB12', terminator: null });
    expect(a.flush()).toEqual({ kind: 'pending' });
  });

  it('discard() throws away a partial scan at unplug', () => {
    const a = new KeyboardScanAssembler();
    for (const r of typed('CT12', 'inline')) a.push(r);
    expect(a.discard()).toBe(4);
    expect(a.push(key(0, 0x28)).kind).toBe('pending');
  });

  it('starts the next scan with characters that follow a terminator in the same report', () => {
    const a = new KeyboardScanAssembler();
    a.push(key(0, 0x04));
    expect(a.push(key(0, 0x04, 0x2b, 0x05))).toEqual({ kind: 'scan', text: 'a', terminator: 'Tab' });
    a.push(key(0));
    expect(a.push(key(0, 0x28))).toEqual({ kind: 'scan', text: 'b', terminator: 'Enter' });
  });
});
