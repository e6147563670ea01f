import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyCapture, type KeyTarget } from './keyCapture';
import { ManualTimers } from './manualTimers';
import { PACE_BANDS, TYPISTS, bluetoothScan, humanTyping, usbScan, withStall, type Keystroke, type Typist } from '../../../shared/scan/rhythms';
import { setTillApiForTests } from '../../api/till';
import { FakeTill, apiError } from '../../test/fakeTill';
import { useSignInStore } from '../signin/store/useSignInStore';
import { useSessionStore } from '../../app/store/useSessionStore';

/**
 * One screen with one focused field of a kind, the way windowCapture wires it: keys the capture
 * lets through land in the field; a terminator let through submits the field's form.
 */
function screen(target: KeyTarget, onSubmit: (fieldText: string) => void = () => {}, submitKeys = ['Enter', 'Tab']) {
  const timers = new ManualTimers();
  const scans: [string, string][] = [];
  let field = '';
  let fragments = 0;
  const cap = new KeyCapture(
    {
      onScan: (t, s) => scans.push([t, s]),
      release: (t) => (field += t),
      clearSecret: () => (field = ''),
      onFragment: () => (fragments += 1),
      submitScanField: () => {
        if (field) scans.push([field, cap.takeScanFieldSource(field.length)]);
        field = '';
      },
    },
    timers,
  );
  const play = (keys: readonly Keystroke[], offset = 0) => {
    for (const { key, at } of keys) {
      timers.advance(at + offset);
      const d = cap.keydown({ key, at: at + offset, target, fieldLength: field.length });
      if (d === 'submit') {
        scans.push([field, cap.takeScanFieldSource(field.length, at + offset)]);
        field = '';
      } else if (d === 'default' && [...key].length === 1) field += key;
      else if (d === 'default' && submitKeys.includes(key)) onSubmit(field);
    }
    timers.advance(Number.MAX_SAFE_INTEGER / 2);
  };
  return { play, scans, field: () => field, fragments: () => fragments };
}

const MINTED = 'CT0DXUIWGODP5G53EPNRRPOMCLJ089B6ZIFB1C6QJWNOQP09739WMGSW2JODDFS1V0ZH74V9XVGVFBMB445BA1WL8HO9TD6KKWVGKDCF82U5CBVJ36DXGEK';
const CODES = [MINTED, 'PLAIN-8F3K2Q7Z'];
const SUFFIXES = ['Enter', 'Tab', 'none'] as const;
/** Every kind of field a scan can meet: the scan field, a text field (basket total, member id, settings), a PIN, nothing focused. */
const TARGETS: KeyTarget[] = ['scan', 'field', 'secret', 'none'];

describe('recorded scans into every kind of field: one scan, nothing left in the field, no submit', () => {
  for (const target of TARGETS) {
    for (const band of PACE_BANDS) {
      it(`${target} field, ${band.name}, Enter / Tab / no suffix`, () => {
        for (const suffix of SUFFIXES) {
          for (const code of CODES) {
            for (let seed = 1; seed <= 8; seed++) {
              let submits = 0;
              const s = screen(target, () => (submits += 1));
              s.play(band.make(code, suffix, seed));
              expect({ suffix, code, seed, scans: s.scans, field: s.field(), submits }).toEqual({
                suffix,
                code,
                seed,
                scans: [[code, 'wedge']],
                field: '',
                submits: 0,
              });
            }
          }
        }
      });
    }
  }
});

describe('people typing at measured intervals into every kind of field: never a scan', () => {
  const TEXTS = ['4821', '12.50', '13800138000', 'WELCOME10'];
  for (const target of TARGETS.filter((t) => t !== 'none')) {
    it(`${target} field`, () => {
      for (const typist of Object.keys(TYPISTS) as Typist[]) {
        for (const text of TEXTS) {
          for (let seed = 1; seed <= 25; seed++) {
            const submitted: string[] = [];
            const s = screen(target, (f) => submitted.push(f));
            s.play(humanTyping(text, 'Enter', typist, seed * 131));
            // In the scan field Enter submits the field: a person's entry is 'manual'.
            if (target === 'scan') expect({ typist, text, seed, scans: s.scans }).toEqual({ typist, text, seed, scans: [[text, 'manual']] });
            else expect({ typist, text, seed, scans: s.scans, submitted }).toEqual({ typist, text, seed, scans: [], submitted: [text] });
          }
        }
      }
    });
  }
});

describe('a scan at the sign-in screen is never a PIN attempt', () => {
  let fake: FakeTill;
  const pin = '2468'; // the fake till's user; the e2e spec uses the demo users' real PINs
  beforeEach(() => {
    useSignInStore.setState({ roster: [], userId: 'u1', pin: '', busy: false, error: null });
    useSessionStore.setState({ session: null });
    fake = new FakeTill().handle('till:auth:signIn', () => {
      throw apiError('bad_credentials');
    });
    setTillApiForTests(fake);
  });
  afterEach(() => setTillApiForTests(null));

  /** The PIN field as SignInScreen wires it: its text goes through setPin, Enter submits (Tab moves focus). */
  function pinScreen() {
    return screen(
      'secret',
      (text) => {
        useSignInStore.getState().setPin(text);
        void useSignInStore.getState().submit();
      },
      ['Enter'],
    );
  }

  it('at every pace and suffix, with the burst whole or split by a stall: 0 PIN attempts', () => {
    let played = 0;
    for (const band of PACE_BANDS) {
      for (const suffix of SUFFIXES) {
        for (const code of [...CODES, '69012345']) {
          for (const stall of [0, 200, 600, 1_400]) {
            const keys = band.make(code, suffix, played + 1);
            pinScreen().play(stall ? withStall(keys, Math.floor(keys.length / 2), stall) : keys);
            played += 1;
          }
        }
      }
    }
    expect(played).toBe(PACE_BANDS.length * SUFFIXES.length * 3 * 4);
    expect(fake.calls.filter((c) => c.channel === 'till:auth:signIn')).toEqual([]);
  });

  it('a short code split into two halves too short for scans: the PIN field is cleared, not submitted', () => {
    // Two 7-key halves at Bluetooth pace with a 1 s stall: the first comes back as typing (no
    // detector can know yet), the second is its tail: the PIN field is emptied and Enter swallowed.
    const s = pinScreen();
    s.play(withStall(bluetoothScan('PLAIN-8F3K2Q7Z', 'Enter', 40, true, 9), 7, 1_000));
    expect(fake.calls).toEqual([]);
    expect(s.field()).toBe('');
    expect(s.fragments()).toBe(1);
  });

  it('letters or an over-long entry in the PIN field are refused, never trimmed to digits and tried', () => {
    for (const text of ['PLAIN-8', '6901234567890', 'ct0dx']) {
      useSignInStore.getState().setPin(text);
      expect(useSignInStore.getState()).toMatchObject({ pin: '', error: { kind: 'notAPin' } });
    }
    useSignInStore.getState().setPin('12');
    expect(useSignInStore.getState()).toMatchObject({ pin: '12', error: null });
  });

  it('a person typing the PIN still signs in (one attempt)', async () => {
    for (const typist of Object.keys(TYPISTS) as Typist[]) {
      pinScreen().play(humanTyping(pin, 'Enter', typist, 5));
      await new Promise((r) => setTimeout(r, 0)); // the attempt is answered before the next person types
    }
    expect(fake.callsTo('till:auth:signIn').map((c) => c.request)).toEqual(Object.keys(TYPISTS).map(() => ({ userId: 'u1', pin })));
    // The PIN checked ahead as it was typed (decision 056) is that PIN, never anything else.
    expect(fake.callsTo('till:auth:checkAhead').every((c) => (c.request as { pin: string }).pin === pin)).toBe(true);
  });

  it('USB pace with a stall in the middle (the observed case): 0 attempts', () => {
    for (let cut = 1; cut < MINTED.length; cut += 3) pinScreen().play(withStall(usbScan(MINTED, 'Enter', cut), cut, 500));
    expect(fake.calls).toEqual([]);
  });
});
