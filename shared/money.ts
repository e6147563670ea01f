import { z } from 'zod';

/**
 * Money is always an integer number of minor units (fen / cents). Never a float.
 * The safe-integer bound keeps sums exact.
 */
export const MinorSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export type Minor = number;

/** Formats minor units for display, e.g. 12345 -> "123.45". Display only: never parse this back. */
export function formatMinor(minor: Minor, fractionDigits = 2): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const unit = 10 ** fractionDigits;
  const whole = Math.floor(abs / unit);
  const frac = fractionDigits > 0 ? '.' + String(abs % unit).padStart(fractionDigits, '0') : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Parses a decimal string typed by a cashier ("12", "12.5", "12.50") into minor units; null when it is not a valid amount. */
export function parseMinor(text: string, fractionDigits = 2): Minor | null {
  const m = /^\s*(\d{1,13})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!m || fractionDigits !== 2) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const value = whole * 100 + frac;
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Percentage of an amount in basis points (1/100 of a percent), rounded half-up to the minor unit as
 * receipts are (10% of 16.27 is 1.63); never more than the amount for basis points up to 10,000.
 */
export function percentOf(amount: Minor, basisPoints: number): Minor {
  return Math.floor((2 * amount * basisPoints + 10_000) / 20_000);
}
