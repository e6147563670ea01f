import { describe, expect, it } from 'vitest';
import { PinsAhead } from './pinsAhead';

/** A derive the test settles by hand, recording what was hashed. */
function manualDerive() {
  const started: { pin: string; hash: string; settle: (ok: boolean) => void }[] = [];
  const derive = (pin: string, hash: string) => new Promise<boolean>((settle) => started.push({ pin, hash, settle }));
  return { started, derive };
}

describe('PinsAhead (checks started while the PIN is typed)', () => {
  it('hands the sign-in the answer already computed for the same window, user, PIN and hash, once', async () => {
    const d = manualDerive();
    const ahead = new PinsAhead(d.derive);
    ahead.start('w1', 'u1', '2468', 'H');
    d.started[0]!.settle(true);
    const answer = ahead.take('w1', 'u1', '2468', 'H');
    expect(answer).not.toBeNull();
    expect(await answer).toBe(true);
    expect(d.started).toHaveLength(1);
    // Used once: the next sign-in hashes again.
    expect(ahead.take('w1', 'u1', '2468', 'H')).toBeNull();
  });

  it('gives nothing for another window, user, PIN or stored hash (a PIN changed meanwhile), nor after maxAgeMs', async () => {
    const d = manualDerive();
    let now = 0;
    const ahead = new PinsAhead(d.derive, () => now, 30_000);
    for (const [w, u, pin, hash] of [
      ['w2', 'u1', '2468', 'H'],
      ['w1', 'u2', '2468', 'H'],
      ['w1', 'u1', '2469', 'H'],
      ['w1', 'u1', '246', 'H'],
      ['w1', 'u1', '2468', 'H2'],
    ] as const) {
      ahead.start('w1', 'u1', '2468', 'H');
      expect(ahead.take(w, u, pin, hash), `${w} ${u} ${pin} ${hash}`).toBeNull();
    }
    ahead.start('w1', 'u1', '2468', 'H');
    now = 30_001;
    expect(ahead.take('w1', 'u1', '2468', 'H')).toBeNull();
  });

  it('hashes one PIN at a time per window: the newest typed waits behind the running check, the ones between are skipped', async () => {
    const d = manualDerive();
    const ahead = new PinsAhead(d.derive);
    for (const pin of ['1234', '12345', '123456', '1234567']) ahead.start('w1', 'u1', pin, 'H');
    expect(d.started.map((s) => s.pin)).toEqual(['1234']);
    d.started[0]!.settle(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(d.started.map((s) => s.pin)).toEqual(['1234', '1234567']);
    // Enter on the newest PIN while its check runs: the sign-in awaits that very check.
    const answer = ahead.take('w1', 'u1', '1234567', 'H');
    d.started[1]!.settle(true);
    expect(await answer).toBe(true);
    expect(d.started).toHaveLength(2);
  });

  it('forgets a window that went away, and a failing hash reads as no match', async () => {
    const ahead = new PinsAhead(() => Promise.reject(new Error('boom')));
    ahead.start('w1', 'u1', '1111', 'H');
    expect(await ahead.take('w1', 'u1', '1111', 'H')).toBe(false);
    ahead.start('w1', 'u1', '1111', 'H');
    ahead.forget('w1');
    expect(ahead.take('w1', 'u1', '1111', 'H')).toBeNull();
  });
});
