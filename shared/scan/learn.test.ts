import { describe, expect, it } from 'vitest';
import { TEST_BARCODE, learnScanner, wedgeOptionsFor, ScannerProfileSchema } from './learn';
import { bluetoothScan, humanTyping, usbScan, type Keystroke } from './rhythms';
import { WedgeDetector } from './wedge';

const twice = (make: (start: number) => Keystroke[]) => [...make(0), ...make(3_000)];

describe('learnScanner: "scan this test barcode"', () => {
  it('learns Enter, Tab, no suffix and a chord from one or two scans', () => {
    for (const suffix of ['Enter', 'Tab', 'none'] as const) {
      const r = learnScanner(usbScan(TEST_BARCODE, suffix, 1), 99);
      expect(r).toMatchObject({ ok: true, profile: { suffix, prefix: '', aim: false, learnedAt: 99 } });
      expect(
        learnScanner(
          twice((t) => usbScan(TEST_BARCODE, suffix, 2, t)),
          99,
        ),
      ).toMatchObject({ ok: true, profile: { suffix } });
    }
    expect(learnScanner(usbScan(TEST_BARCODE, 'Ctrl+Shift+J', 3), 1)).toMatchObject({ ok: true, profile: { suffix: 'chord' } });
  });

  it('learns a prefix and the AIM id, and the pace of a Bluetooth scanner', () => {
    const r = learnScanner(bluetoothScan(`#]C0${TEST_BARCODE}`, 'Enter', 40, true, 4), 1);
    expect(r).toMatchObject({ ok: true, profile: { prefix: '#', aim: true, suffix: 'Enter' } });
    if (!r.ok) return;
    expect(r.profile.paceMs).toBeGreaterThan(0);
    expect(r.profile.maxIntervalMs).toBeLessThanOrEqual(100);
    expect(ScannerProfileSchema.parse(r.profile)).toEqual(r.profile);
  });

  it('refuses something else, or a person typing it', () => {
    expect(learnScanner(usbScan('SOMETHING-ELSE', 'Enter', 5), 1)).toEqual({ ok: false, reason: 'not_the_test_code' });
    expect(learnScanner(humanTyping(TEST_BARCODE, 'Enter', 'fastest', 6), 1)).toEqual({ ok: false, reason: 'too_slow' });
    expect(learnScanner([], 1)).toEqual({ ok: false, reason: 'no_keys' });
  });

  it('with no suffix learned, a scan ends as soon as the learned gap passes (no join wait)', () => {
    const r = learnScanner(usbScan(TEST_BARCODE, 'none', 7), 1);
    if (!r.ok) throw new Error('not learned');
    const options = wedgeOptionsFor(r.profile, { prefix: '', suffix: '' });
    expect(options).toMatchObject({ expectTerminator: false, maxGapMs: 40 });
    const d = new WedgeDetector(options);
    const keys = usbScan('PLAIN-8F3K2Q7Z', 'none', 8);
    for (const k of keys) d.onKey(k.key, k.at);
    const last = keys[keys.length - 1]!.at;
    expect(d.nextFlushAt()).toBe(last + 41);
    expect(d.flush(last + 41)).toEqual({ kind: 'scan', text: 'PLAIN-8F3K2Q7Z' });
  });

  it('nothing learned: the defaults (Enter, Tab, none; up to 60 ms per key)', () => {
    expect(wedgeOptionsFor(undefined, { prefix: '', suffix: '' })).toEqual({ prefix: '', suffix: '' });
  });
});

describe('learned profiles in settings are validated in main (SettingsPatchSchema)', () => {
  it('takes a learned profile and refuses a malformed one', async () => {
    const { SettingsPatchSchema } = await import('../ipc/schemas');
    const r = learnScanner(usbScan(TEST_BARCODE, 'Tab', 9), 5);
    if (!r.ok) throw new Error('not learned');
    expect(SettingsPatchSchema.safeParse({ scannerProfiles: { keyboard: r.profile } }).success).toBe(true);
    for (const bad of [
      { ...r.profile, suffix: 'Esc' },
      { ...r.profile, paceMs: 500 },
      { ...r.profile, prefix: '\u0000' },
      { ...r.profile, extra: 1 },
    ]) {
      expect(SettingsPatchSchema.safeParse({ scannerProfiles: { keyboard: bad } }).success).toBe(false);
    }
  });
});
