import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEDGE_PRESETS, WedgeDetector, wedgeKeyFromEvent, type WedgeOptions } from './wedge';

const MINTED = 'CT0DXUIWGODP5G53EPNRRPOMCLJ089B6ZIFB1C6QJWNOQP09739WMGSW2JODDFS1V0ZH74V9XVGVFBMB445BA1WL8HO9TD6KKWVGKDCF82U5CBVJ36DXGEK';

/**
 * Plays keys through the detector the way the cashier screen does and returns what the focused
 * field would end up holding, the scans, and whether a scan character ever reached the field.
 */
function play(keys: { key: string; at: number }[], options: WedgeOptions = {}) {
  const d = new WedgeDetector(options);
  let field = '';
  const scans: string[] = [];
  const handle = (out: ReturnType<WedgeDetector['onKey']>) => {
    if (out?.kind === 'typing') field += out.keys;
    if (out?.kind === 'scan') scans.push(out.text);
  };
  const passedThrough: string[] = [];
  for (const { key, at } of keys) {
    handle(d.onKey(key, at));
    if (!d.swallowing) {
      passedThrough.push(key);
      if (key.length === 1) field += key;
    }
  }
  const end = keys.length ? keys[keys.length - 1]!.at + 10_000 : 0;
  handle(d.flush(end));
  return { field, scans, passedThrough };
}

const at = (text: string, start: number, intervals: (i: number) => number) => {
  let t = start;
  return [...text].map((key, i) => ({ key, at: (t += i === 0 ? 0 : intervals(i)) }));
};
const withTerminator = (keys: { key: string; at: number }[], key: string, gap: number) => [...keys, { key, at: keys[keys.length - 1]!.at + gap }];

describe('WedgeDetector', () => {
  it('takes a USB scanner run with Enter as one scan, and nothing reaches the field', () => {
    const r = play(
      withTerminator(
        at(MINTED, 1_000, () => 4),
        'Enter',
        4,
      ),
    );
    expect(r.scans).toEqual([MINTED]);
    expect(r.field).toBe('');
    expect(r.passedThrough).toEqual([]);
  });

  it('lets a person type (with Enter passing through) and never calls it a scan', () => {
    const r = play(
      withTerminator(
        at('1999', 0, () => 140),
        'Enter',
        200,
      ),
    );
    expect(r.scans).toEqual([]);
    expect(r.field).toBe('1999');
    expect(r.passedThrough).toContain('Enter');
  });

  it('does not take a fast typist for a scanner: single intervals of 20-60 ms, median slower', () => {
    const gaps = [30, 120, 25, 95, 40, 110, 60, 20, 130, 75];
    const r = play(
      withTerminator(
        at('promo-2026', 0, (i) => gaps[i]!),
        'Enter',
        70,
      ),
    );
    expect(r.scans).toEqual([]);
    expect(r.field).toBe('promo-2026');
  });

  it('refuses a short fast burst (below minLength) as a scan', () => {
    const r = play(
      withTerminator(
        at('abc', 0, () => 3),
        'Enter',
        3,
      ),
    );
    expect(r.scans).toEqual([]);
    expect(r.field).toBe('abc');
  });

  it('reads a slow Bluetooth scanner by default and with the Bluetooth preset, not with the USB one', () => {
    const keys = withTerminator(
      at(MINTED, 0, (i) => 20 + ((i * 7) % 40)),
      'Enter',
      40,
    );
    expect(play(keys, WEDGE_PRESETS.usb).scans).toEqual([]);
    expect(play(keys, WEDGE_PRESETS.usb).field).toBe(MINTED); // given back in order, not lost
    for (const options of [{}, WEDGE_PRESETS.bluetooth]) {
      const bt = play(keys, options);
      expect(bt.scans).toEqual([MINTED]);
      expect(bt.field).toBe('');
    }
  });

  it('strips the configured prefix and suffix, and ends at a Ctrl+Shift+J chord', () => {
    const r = play(
      withTerminator(
        at('#8F3K2Q7Z!', 0, () => 2),
        'Ctrl+Shift+J',
        2,
      ),
      { prefix: '#', suffix: '!' },
    );
    expect(r.scans).toEqual(['8F3K2Q7Z']);
    expect(r.field).toBe('');
  });

  it('reports a scan without terminator after the pause when requireTerminator is false', () => {
    const d = new WedgeDetector({ requireTerminator: false, expectTerminator: false });
    for (const k of at('69012345', 0, () => 3)) d.onKey(k.key, k.at);
    expect(d.flush(50)).toBeNull(); // the pause is not long enough yet
    expect(d.flush(200)).toEqual({ kind: 'scan', text: '69012345' });
    const unknown = new WedgeDetector(); // suffix not learned: waits the join window for the rest of a stalled burst
    for (const k of at('69012345', 0, () => 3)) unknown.onKey(k.key, k.at);
    expect(unknown.flush(200)).toBeNull();
    expect(unknown.flush(500)).toEqual({ kind: 'scan', text: '69012345' });
    const strict = new WedgeDetector({ requireTerminator: true });
    for (const k of at('69012345', 0, () => 3)) strict.onKey(k.key, k.at);
    expect(strict.flush(10_000)).toEqual({ kind: 'typing', keys: '69012345' });
  });

  it('gives held keys back before Backspace so the edit applies to them', () => {
    const d = new WedgeDetector();
    d.onKey('1', 0);
    d.onKey('2', 30);
    expect(d.onKey('Backspace', 60)).toEqual({ kind: 'typing', keys: '12' });
    expect(d.swallowing).toBe(false);
  });

  it('ignores Shift and other modifiers inside a scan', () => {
    const keys = [...MINTED.slice(0, 20)].flatMap((key, i) => [
      { key: 'Shift', at: i * 4 },
      { key, at: i * 4 + 1 },
    ]);
    expect(play(withTerminator(keys, 'Enter', 3)).scans).toEqual([MINTED.slice(0, 20)]);
  });

  it("keeps a person's text whole and in order, whatever their rhythm, with the USB preset (property)", () => {
    // Any interval from 26 ms: a run of 8 keys 26 ms apart is also a Bluetooth scanner, so this
    // property holds for a scanner learned as USB; measured human rhythms (below) hold by default.
    const human = fc.array(fc.tuple(fc.constantFrom(...'abcXYZ0123-. '), fc.integer({ min: 26, max: 400 })), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(human, fc.boolean(), (presses, enter) => {
        let t = 0;
        const keys = presses.map(([key, gap]) => ({ key, at: (t += gap) }));
        if (enter) keys.push({ key: 'Enter', at: t + 150 });
        const r = play(keys, WEDGE_PRESETS.usb);
        expect(r.scans).toEqual([]);
        expect(r.field).toBe(presses.map(([k]) => k).join(''));
      }),
    );
  });

  it('reads any scanner run at 1-10 ms per key exactly (property)', () => {
    const code = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 6, maxLength: 130 });
    fc.assert(
      fc.property(code, fc.integer({ min: 1, max: 10 }), fc.constantFrom('Enter', 'Tab'), (text, ms, term) => {
        const r = play(
          withTerminator(
            at(text, 5_000, () => ms),
            term,
            ms,
          ),
        );
        expect(r.scans).toEqual([text]);
        expect(r.field).toBe('');
      }),
    );
  });
});

describe('wedgeKeyFromEvent', () => {
  const ev = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    shiftKey: false,
    ...mods,
  });
  it('names chords and keeps AltGr characters', () => {
    expect(wedgeKeyFromEvent(ev('a'))).toBe('a');
    expect(wedgeKeyFromEvent(ev('J', { ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+J');
    expect(wedgeKeyFromEvent(ev('@', { ctrlKey: true, altKey: true }))).toBe('@');
    expect(wedgeKeyFromEvent(ev('Shift', { shiftKey: true }))).toBe('Shift');
  });
});
