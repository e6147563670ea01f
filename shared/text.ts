import { z } from 'zod';

/**
 * Text HQ and the till accept from people and from tills. Names (stores, tills, campaigns,
 * users, devices) refuse control characters, bidi controls (U+202E turns "gpj.exe" into
 * "exe.jpg" on screen) and unpaired surrogates (not text at all; PostgreSQL also refuses NUL).
 * Free text (reasons, notes) is normalised to NFC and keeps newlines only where it is multi-line.
 */

const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Why `text` is not acceptable (null when it is). `newlines`: LF (and CR LF) may appear. */
export function textProblem(text: string, newlines = false): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'an unpaired surrogate (not text)';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'an unpaired surrogate (not text)';
    if (c === 0) return 'a NUL character';
    if (newlines && (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a))) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029)
      return newlines ? 'a control character (only newlines are allowed)' : 'a control character or line break';
    if (BIDI_CONTROLS.has(c)) return 'a bidirectional-override character';
  }
  return null;
}

function refineText(newlines: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(value, newlines);
    if (problem) ctx.addIssue({ code: 'custom', message: `contains ${problem}` });
  };
}

/** A name: trimmed, 1..max characters, one line, no control or bidi characters. */
export const nameSchema = (max: number) => z.string().trim().min(1).max(max).superRefine(refineText(false));

/** An id-like token from a till or an admin: 1..max characters, no control characters. */
export const tokenSchema = (max: number) => z.string().min(1).max(max).superRefine(refineText(false));

/** Free text: trimmed, NFC-normalised, min..max characters; newlines only when `multiLine`. */
export const freeTextSchema = (min: number, max: number, opts: { multiLine?: boolean } = {}) =>
  z
    .string()
    .superRefine(refineText(opts.multiLine === true))
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(min).max(max));
