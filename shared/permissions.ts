/**
 * Roles and what each may do. This table is the single source of truth: main enforces it on
 * every IPC call (electron/ipc/register.ts); the renderer may read it only to hide buttons,
 * never to decide.
 *
 * Decisions:
 * - A cashier validates and redeems, sees the basket and sync state, and cannot void at all:
 *   a void by a cashier needs a manager override (a manager's PIN, audited for both).
 * - A supervisor may also void, read the redemption log and conflicts, and read and export
 *   the end-of-day report (figures only), but not export the whole log (it carries member ids
 *   and baskets), manage users or change settings.
 * - A manager may do everything, and is the only role that may approve an override.
 */
export const ROLES = ['cashier', 'supervisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'coupon.validate',
  'coupon.redeem',
  /** Void a redemption (with a reason). */
  'coupon.void',
  /** Redeem a coupon whose campaign requires an online claim while HQ cannot be reached. */
  'coupon.offlineClaim',
  'basket.read',
  'log.read',
  /** The whole log as CSV: every redemption with baskets and member ids. */
  'log.export',
  /** The end-of-day report of a store day (figures, voids, conflicts). */
  'report.read',
  /** The end-of-day report as CSV (figures only: no member ids, no baskets). */
  'report.export',
  'conflicts.read',
  'sync.read',
  'sync.run',
  'users.manage',
  'settings.write',
  'scanner.read',
  'scanner.manage',
  /** Approve another user's blocked action with this user's PIN. */
  'override.grant',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly Permission[] = ['coupon.validate', 'coupon.redeem', 'basket.read', 'sync.read', 'sync.run', 'scanner.read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  cashier: EVERYONE,
  supervisor: [...EVERYONE, 'coupon.void', 'log.read', 'conflicts.read', 'report.read', 'report.export'],
  manager: PERMISSIONS,
};

/**
 * Permissions a blocked user may still exercise once, with a manager's override token.
 * Everything else (users, settings, export) needs a manager to sign in.
 */
export const OVERRIDABLE: readonly Permission[] = ['coupon.void', 'coupon.offlineClaim'];

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && (PERMISSIONS as readonly string[]).includes(x);
}

/** Whether a role holds a permission (no override considered). */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
