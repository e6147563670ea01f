/**
 * Exponential backoff with full jitter: after the n-th consecutive failure wait a random time
 * in [base, min(max, base * 2^n)]. Jitter keeps a store's tills from hammering HQ in step
 * when it comes back.
 */
export function backoffDelay(failures: number, random: () => number, baseMs = 1_000, maxMs = 300_000): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(baseMs + random() * Math.max(0, ceiling - baseMs));
}
