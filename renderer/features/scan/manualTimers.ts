import type { TimerHost } from './keyCapture';

/**
 * Timers on a manual clock, for tests and bench:scan: recorded key times drive the clock with
 * no real sleeps, so what the key capture decides does not depend on this machine's speed.
 */
export class ManualTimers implements TimerHost {
  t = 0;
  private jobs: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = () => this.t;
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.jobs.push({ at: this.t + ms, fn, id });
    return id;
  }
  clear(handle: unknown): void {
    this.jobs = this.jobs.filter((j) => j.id !== handle);
  }
  /** Runs every job due up to `to`, in time order, then sets the clock to `to` (never backwards). */
  advance(to: number): void {
    for (;;) {
      const due = this.jobs.filter((j) => j.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.jobs = this.jobs.filter((j) => j !== due);
      due.fn();
    }
    this.t = Math.max(this.t, to);
  }
}
