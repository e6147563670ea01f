/**
 * Client-side repeat filter for rapid scan mode: a scanner held over the same coupon fires
 * the same code several times. A code seen again within `windowMs` of its previous
 * sighting is ignored (no row, no request). Each sighting, ignored or not, extends the
 * window, so a coupon left under the scanner keeps being ignored. Server-side idempotency
 * (requestId) still protects against anything that slips through.
 */
export class RecentScans {
  private readonly lastSeen = new Map<string, number>();

  constructor(private windowMs: number) {}

  setWindow(ms: number): void {
    this.windowMs = Math.max(0, ms);
  }

  /** Records a sighting; true when it repeats one within the window and must be ignored. */
  isRepeat(code: string, now: number): boolean {
    const prev = this.lastSeen.get(code);
    this.lastSeen.set(code, now);
    this.prune(now);
    return prev !== undefined && now - prev >= 0 && now - prev < this.windowMs;
  }

  clear(): void {
    this.lastSeen.clear();
  }

  get size(): number {
    return this.lastSeen.size;
  }

  // Keeps memory bounded over a long shift: entries older than the window can never match.
  private prune(now: number): void {
    if (this.lastSeen.size < 512) return;
    for (const [code, at] of this.lastSeen) {
      if (now - at >= this.windowMs) this.lastSeen.delete(code);
    }
  }
}
