/**
 * Hybrid logical clock. Timestamps are strings that sort in causal order:
 *   WWWWWWWWWWWWWWW:CCCCC:NODE
 * wall-clock ms (15 digits), a counter (5 digits), then the node id (the till id).
 * Ties on wall and counter are broken by node id, which is exactly HQ's conflict order
 * ("earliest HLC, ties by till id").
 */
export interface HlcTimestamp {
  wallMs: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 99_999;

export function encodeHlc(t: HlcTimestamp): string {
  return `${String(t.wallMs).padStart(15, '0')}:${String(t.counter).padStart(5, '0')}:${t.node}`;
}

export function decodeHlc(text: string): HlcTimestamp {
  const m = /^(\d{15}):(\d{5}):(.{1,64})$/.exec(text);
  if (!m) throw new Error(`not an HLC timestamp: ${JSON.stringify(text).slice(0, 80)}`);
  return { wallMs: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A clock for one node. `now` is injected (tests control time). The clock never goes
 * backwards even if the wall clock does, and `receive` folds in remote timestamps
 * (for example HQ's time in a sync answer) so a till whose clock is hours off still
 * orders its events after what it has seen.
 */
export class HybridClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number,
    last?: string,
  ) {
    if (last) {
      const t = decodeHlc(last);
      this.wallMs = t.wallMs;
      this.counter = t.counter;
    }
  }

  /** A new timestamp for a local event. */
  tick(): string {
    const physical = this.now();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.bump();
    }
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, node: this.node });
  }

  /** Merge a timestamp seen from elsewhere. Remote clocks more than `maxDriftMs` ahead are refused. */
  receive(remote: string, maxDriftMs = 7 * 24 * 3600_000): void {
    const r = decodeHlc(remote);
    const physical = this.now();
    if (r.wallMs > physical + maxDriftMs) throw new Error('remote clock too far ahead');
    if (r.wallMs > this.wallMs) {
      this.wallMs = r.wallMs;
      this.counter = r.counter;
    } else if (r.wallMs === this.wallMs && r.counter > this.counter) {
      this.counter = r.counter;
    }
  }

  /** The last timestamp issued, to persist across restarts. */
  last(): string {
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, node: this.node });
  }

  private bump(): void {
    if (this.counter >= MAX_COUNTER) {
      this.wallMs += 1;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }
}
