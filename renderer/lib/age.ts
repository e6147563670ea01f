/** A duration as the status bar says it: the largest whole unit. */
export type AgeUnit = 'now' | 's' | 'm' | 'h' | 'd';

export function ageParts(ms: number): { unit: AgeUnit; n: number } {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 5) return { unit: 'now', n: 0 };
  if (s < 60) return { unit: 's', n: s };
  if (s < 3600) return { unit: 'm', n: Math.floor(s / 60) };
  if (s < 86_400) return { unit: 'h', n: Math.floor(s / 3600) };
  return { unit: 'd', n: Math.floor(s / 86_400) };
}
