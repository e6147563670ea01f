import { timingSafeEqual } from 'node:crypto';

/**
 * PIN checks started while the cashier is still typing (decision 055). The hash costs about
 * 100-150 ms of one core on purpose (README, Security: PINs): started at the Enter key, it is most
 * of the wait between the PIN and the scan screen. So as soon as the field holds a possible PIN,
 * the window asks for the check ahead; the sign-in that follows with the same user and PIN awaits
 * that answer instead of hashing again.
 *
 * Nothing here weakens the PIN:
 * - a check ahead answers nothing (the caller gets null, at once), so it is no guessing oracle;
 *   only the sign-in reveals the answer, and the sign-in counts toward the lockout as before;
 * - the hash and its cost are the same; a stolen database is exactly as hard to crack;
 * - one check runs per window at a time, and only the newest typed PIN waits behind it, so a
 *   window cannot make the till hash more than one PIN at a time;
 * - an answer is used once, by the same window, for the same user, PIN and stored hash, within
 *   maxAgeMs; a PIN changed in between makes it unusable.
 */
export class PinsAhead {
  private readonly byWindow = new Map<string, { running: Check; queued: Pending | null }>();

  constructor(
    private readonly derive: (pin: string, pinHash: string) => Promise<boolean>,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** Starts checking pin against pinHash for this window (or queues it behind the running check). */
  start(windowId: string, userId: string, pin: string, pinHash: string): void {
    const slot = this.byWindow.get(windowId);
    const wanted = { userId, pin, pinHash };
    if (slot && same(slot.running, wanted)) return;
    if (slot && !slot.running.settled) {
      slot.queued = wanted;
      return;
    }
    this.byWindow.set(windowId, { running: this.run(windowId, wanted), queued: null });
  }

  /**
   * The answer for exactly this user, PIN and stored hash from this window, or null (then hash
   * now). Used once: the window's checks are forgotten either way.
   */
  take(windowId: string, userId: string, pin: string, pinHash: string): Promise<boolean> | null {
    const slot = this.byWindow.get(windowId);
    this.byWindow.delete(windowId);
    if (!slot || !same(slot.running, { userId, pin, pinHash })) return null;
    return this.now() - slot.running.at <= this.maxAgeMs ? slot.running.answer : null;
  }

  /** The window went away (or signed in elsewhere): drop what it typed. */
  forget(windowId: string): void {
    this.byWindow.delete(windowId);
  }

  private run(windowId: string, p: Pending): Check {
    const check: Check = { ...p, at: this.now(), settled: false, answer: Promise.resolve(false) };
    check.answer = this.derive(p.pin, p.pinHash)
      .catch(() => false)
      .finally(() => {
        check.settled = true;
        const slot = this.byWindow.get(windowId);
        if (slot?.running === check && slot.queued) this.byWindow.set(windowId, { running: this.run(windowId, slot.queued), queued: null });
      });
    return check;
  }
}

interface Pending {
  userId: string;
  pin: string;
  pinHash: string;
}
interface Check extends Pending {
  at: number;
  settled: boolean;
  answer: Promise<boolean>;
}

function same(a: Pending, b: Pending): boolean {
  const x = Buffer.from(a.pin);
  const y = Buffer.from(b.pin);
  return a.userId === b.userId && a.pinHash === b.pinHash && x.length === y.length && timingSafeEqual(x, y);
}
