import type { Role } from '../permissions';

/**
 * How long a new PIN must be, by role. A supervisor's or manager's PIN opens voids, overrides
 * and user management, and its scrypt hash travels to every till of the store, where a stolen
 * disk lets anyone try every PIN offline: 10^4 PINs fall in minutes, 10^6 take a hundred times
 * longer (README "PINs"). Cashiers keep 4 digits: their PIN opens only the scan screen.
 */
export const MIN_PIN_DIGITS: Readonly<Record<Role, number>> = { cashier: 4, supervisor: 6, manager: 6 };
export const MAX_PIN_DIGITS = 8;

/** Why `pin` cannot be the new PIN of a user with `role`; null when it can. */
export function pinProblem(role: Role, pin: string): string | null {
  const min = MIN_PIN_DIGITS[role];
  if (!new RegExp(`^\\d{${min},${MAX_PIN_DIGITS}}$`).test(pin)) return `a ${role}'s PIN is ${min} to ${MAX_PIN_DIGITS} digits`;
  return null;
}
