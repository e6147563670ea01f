import { create } from 'zustand';
import type { RosterEntry } from '../../../../shared/ipc';
import * as api from '../api/signInApi';
import { useSessionStore } from '../../../app/store/useSessionStore';

/** The sign-in screen: who is signing in, the PIN typed so far, and the last refusal. */

export type SignInError =
  | { kind: 'wrongPin' }
  | { kind: 'lockedOut'; until: number }
  | { kind: 'other'; message: string }
  /** A scan reached the sign-in screen (ignored, never a PIN attempt), or the PIN field got letters. */
  | { kind: 'scanned' }
  | { kind: 'notAPin' };

interface SignInState {
  roster: RosterEntry[];
  userId: string | null;
  pin: string;
  busy: boolean;
  error: SignInError | null;
  loadRoster(): Promise<void>;
  pick(userId: string | null): void;
  setPin(pin: string): void;
  pressDigit(d: string): void;
  backspace(): void;
  submit(): Promise<boolean>;
  /** A scan was made at this screen: nothing of it may count as a PIN; clear the PIN and say so. */
  noteScan(): void;
}

/** PINs are 4-12 digits (shared/ipc PinSchema); the pad refuses anything else as it is typed. */
export const MAX_PIN = 12;

export function cleanPin(text: string): string {
  return text.replace(/\D/g, '').slice(0, MAX_PIN);
}

/**
 * True when text put into the PIN field cannot be a PIN a person typed: letters, or longer than
 * any PIN. That is a scan the key capture could not tell (a split burst): it must never be
 * trimmed down to digits and submitted as a PIN attempt.
 */
export function isNotAPin(text: string): boolean {
  return /[^0-9]/.test(text) || text.length > MAX_PIN;
}

/**
 * A possible PIN is in the field: main starts its (deliberately slow) hash now, so Enter finds
 * it done. Main answers nothing about it; only the sign-in counts (decision 055).
 */
function checkAhead({ userId, pin }: { userId: string | null; pin: string }): void {
  if (userId && pin.length >= 4) void api.checkAhead(userId, pin);
}

export const useSignInStore = create<SignInState>((set, get) => ({
  roster: [],
  userId: null,
  pin: '',
  busy: false,
  error: null,
  async loadRoster() {
    const res = await api.roster();
    if (res.ok) set({ roster: res.value });
    else set({ error: { kind: 'other', message: res.error.message } });
  },
  pick: (userId) => set({ userId, pin: '', error: null }),
  setPin: (pin) => {
    set(isNotAPin(pin) ? { pin: '', error: { kind: 'notAPin' } } : { pin, error: null });
    checkAhead(get());
  },
  pressDigit: (d) => {
    set((s) => ({ pin: cleanPin(s.pin + d), error: null }));
    checkAhead(get());
  },
  backspace: () => {
    set((s) => ({ pin: s.pin.slice(0, -1) }));
    checkAhead(get());
  },
  noteScan: () => set({ pin: '', error: { kind: 'scanned' } }),
  async submit() {
    const { userId, pin, busy } = get();
    if (!userId || pin.length < 4 || busy) return false;
    set({ busy: true });
    const res = await api.signIn(userId, pin);
    if (res.ok) {
      set({ busy: false, pin: '', error: null, userId: null });
      useSessionStore.getState().setSession(res.value);
      return true;
    }
    const e = res.error;
    const error: SignInError =
      e.code === 'bad_credentials'
        ? { kind: 'wrongPin' }
        : e.code === 'locked_out'
          ? { kind: 'lockedOut', until: Number(e.details?.lockedUntil ?? 0) }
          : { kind: 'other', message: e.message };
    set({ busy: false, pin: '', error });
    return false;
  },
}));
