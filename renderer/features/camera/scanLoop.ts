/**
 * The camera's decode loop, kept apart from React and the DOM so it is tested in Node: decode a
 * frame at most every `intervalMs`, never two at once (a slow frame delays the next instead of
 * piling up), and report a code only once while it stays in view (`SeenRecently`).
 */
import type { DecodedCode, FrameDecoder, RgbaFrame } from './decoders';

/** Ignores the same code seen again within `windowMs` of the last sighting. */
export class SeenRecently {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True when `text` should be reported now; every sighting (reported or not) extends the window. */
  shouldReport(text: string, at: number): boolean {
    const last = this.lastSeen.get(text);
    this.lastSeen.set(text, at);
    if (this.lastSeen.size > 64) this.prune(at);
    return last === undefined || at - last > this.windowMs;
  }

  private prune(at: number): void {
    for (const [text, seen] of this.lastSeen) if (at - seen > this.windowMs) this.lastSeen.delete(text);
  }
}

export interface DecodeLoopOptions {
  decoder: FrameDecoder;
  /** The current camera frame, or null when the video has none yet. */
  grab: () => RgbaFrame | null;
  /** New codes (already de-duplicated), with the time they were read. */
  onCodes: (codes: DecodedCode[], at: number) => void;
  /** Milliseconds between decode starts. Default 120. */
  intervalMs?: number;
  /** Same code ignored for this long after it was last seen. Default 2000. */
  dedupeWindowMs?: number;
  now?: () => number;
  /** Per-frame decode time, for the panel's diagnostics. */
  onFrameTime?: (ms: number) => void;
  onError?: (error: unknown) => void;
}

/** Starts the loop; returns `stop`. */
export function startDecodeLoop(options: DecodeLoopOptions): () => void {
  const interval = options.intervalMs ?? 120;
  const now = options.now ?? (() => performance.now());
  const seen = new SeenRecently(options.dedupeWindowMs ?? 2_000);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const tick = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    const started = now();
    try {
      const frame = options.grab();
      if (frame) {
        const codes = await options.decoder.decode(frame);
        const at = now();
        options.onFrameTime?.(at - started);
        const fresh = codes.filter((c) => seen.shouldReport(c.text, at));
        if (fresh.length > 0 && !stopped) options.onCodes(fresh, at);
      }
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), Math.max(0, interval - (now() - started)));
  };

  timer = setTimeout(() => void tick(), 0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
