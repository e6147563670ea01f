import { ScannerProfilesSchema } from '../scan/learn';
import { CameraSymbologiesSchema } from '../scan/symbologies';
import { z } from 'zod';
import { LOG_STATUSES } from './logStatuses';
import { PERMISSIONS, ROLES } from '../permissions';
import { pinProblem } from '../auth/pinRules';

/**
 * Request schemas of the API channels that are not redemption requests (those live in
 * shared/redemption.ts). Objects are strict: an unknown key is a malformed request.
 */

/** Channels that take no arguments accept `{}` or nothing. */
export const EmptyRequestSchema = z.strictObject({}).optional();

const UserId = z.string().min(1).max(64);
/** A PIN as typed to sign in or approve: 4 to 12 digits (accepts any PIN a till or HQ ever set). */
export const PinSchema = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');
/**
 * A PIN being set, on the till or at HQ: 4 to 8 digits, as the screens say. Supervisors and
 * managers need at least 6 (shared/auth/pinRules.ts): check with `pinProblem` once the role is known.
 */
export const NewPinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/** Adds the role's PIN length to an object schema with `role` and `pin` (pin optional: not changed). */
export function checkPinForRole(v: { role?: (typeof ROLES)[number] | undefined; pin?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.role === undefined || v.pin === undefined) return;
  const problem = pinProblem(v.role, v.pin);
  if (problem) ctx.addIssue({ code: 'custom', path: ['pin'], message: problem });
}

export const SignInRequestSchema = z.strictObject({ userId: UserId, pin: PinSchema });
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const OverrideRequestSchema = z.strictObject({
  managerId: UserId,
  pin: PinSchema,
  /** The permission the blocked call needs (for example 'coupon.void'). */
  action: z.enum(PERMISSIONS),
});
export type OverrideRequest = z.infer<typeof OverrideRequestSchema>;

export const BasketCouponsRequestSchema = z.strictObject({ basketId: z.string().min(1).max(64) });

/** Undo the last coupon on the open basket (the cashier's own, in the grace period; else a manager approves). */
export const UndoRequestSchema = z.strictObject({
  basketId: z.string().min(1).max(64),
  redemptionId: z.string().uuid(),
  reason: z.string().trim().min(3).max(500),
});
export type UndoRequest = z.infer<typeof UndoRequestSchema>;

export { LOG_STATUSES };

/** A store day, 'YYYY-MM-DD', in the store's time zone (main turns it into UTC bounds). */
export const StoreDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  // Zod runs this even when the pattern failed: it must not throw on any text.
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a calendar day');

export const LogFilterSchema = z.strictObject({
  /** Created at or after, epoch ms. */
  from: z.number().int().min(0).optional(),
  /** Created before, epoch ms. */
  until: z.number().int().min(0).optional(),
  /** From this store day (its start in the store's time zone), included. */
  fromDay: StoreDaySchema.optional(),
  /** To this store day, included. */
  toDay: StoreDaySchema.optional(),
  cashierId: UserId.optional(),
  tillId: z.string().min(1).max(64).optional(),
  campaignId: z.number().int().min(1).optional(),
  /** redeemed/voided: the entry's kind and whether it was voided; pending..resolved: its sync state. */
  status: z.enum(LOG_STATUSES).optional(),
  conflictsOnly: z.boolean().optional(),
});
export type LogFilter = z.infer<typeof LogFilterSchema>;

export const LogListRequestSchema = LogFilterSchema.extend({
  limit: z.number().int().min(1).max(500).default(100),
  /** The previous page's nextCursor. */
  cursor: z.string().min(1).max(200).optional(),
});
export type LogListRequest = z.infer<typeof LogListRequestSchema>;

/** The end-of-day report of a store day (default: today at the store). */
export const DayReportRequestSchema = z.strictObject({ day: StoreDaySchema.optional() }).optional();

export const ConflictsListRequestSchema = z.strictObject({ includeResolved: z.boolean().default(false) }).optional();

export const UserCreateRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    role: z.enum(ROLES),
    pin: NewPinSchema,
  })
  .superRefine(checkPinForRole);
export type UserCreateRequest = z.infer<typeof UserCreateRequestSchema>;

export const UserSetPinRequestSchema = z.strictObject({ userId: UserId, pin: NewPinSchema });
export const UserDisableRequestSchema = z.strictObject({ userId: UserId, disabled: z.boolean().default(true) });

const Affix = z
  .string()
  .max(8)
  .regex(/^[\x20-\x7e\t\r\n]*$/, 'printable ASCII or control characters a scanner sends');

/** A partial settings update; omitted fields keep their value. */
export const SettingsPatchSchema = z.strictObject({
  hqUrl: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .nullable()
    .optional(),
  /** One-time token from HQ; exchanged for the till's own credential, then forgotten. */
  enrollmentToken: z.string().min(8).max(500).optional(),
  scanner: z.strictObject({ kind: z.enum(['auto', 'wedge', 'hid', 'camera']), deviceId: z.string().max(300).nullable() }).optional(),
  sounds: z.boolean().optional(),
  language: z.enum(['system', 'zh-CN', 'en']).optional(),
  rapidDedupeMs: z.number().int().min(0).max(60_000).optional(),
  wedgePrefix: Affix.optional(),
  wedgeSuffix: Affix.optional(),
  /** Replaces the learned profiles whole (one scanner's removal is a patch without it). */
  scannerProfiles: ScannerProfilesSchema.optional(),
  cameraSymbologies: CameraSymbologiesSchema.optional(),
  idleSignOutMs: z
    .number()
    .int()
    .min(30_000)
    .max(24 * 3600_000)
    .optional(),
  soundVolume: z.number().int().min(0).max(100).optional(),
  undoGraceMs: z.number().int().min(0).max(3600_000).optional(),
  /** The store allows a plain-HTTP HQ on its own network (not encrypted; warned on screen). Managers only, audited. */
  allowPlainHttpHq: z.boolean().optional(),
  posApiEnabled: z.boolean().optional(),
  /** The POS API also listens on the store LAN, over TLS only (decision 064). Managers only, audited. */
  posApiLan: z.boolean().optional(),
  /** 5 minutes to 24 hours. */
  openOrderTimeoutMs: z
    .number()
    .int()
    .min(5 * 60_000)
    .max(24 * 3600_000)
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const ScannerSelectRequestSchema = z.strictObject({
  kind: z.enum(['auto', 'wedge', 'hid', 'camera']),
  deviceId: z.string().max(300).nullable().default(null),
});
export type ScannerSelectRequest = z.infer<typeof ScannerSelectRequestSchema>;
