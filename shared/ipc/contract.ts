import type { z } from 'zod';
import type { Permission } from '../permissions';
import {
  OrderApplyRequestSchema,
  OrderCancelRequestSchema,
  OrderCloseRequestSchema,
  OrderOpenRequestSchema,
  OrderRefSchema,
  OrderRemoveRequestSchema,
  OrderReturnRequestSchema,
  OrderScanRequestSchema,
  type OrderApplyResult,
  type OrderReturnResult,
  type OrderView,
} from '../pos/orders';
import {
  PairingCodeRequestSchema,
  PairingRenameRequestSchema,
  PairingRevokeRequestSchema,
  type PairingCode,
  type PosApiStatus,
  type PosPairingInfo,
} from '../pos/pairing';
import { ManualBasketNewSchema, ManualBasketUpdateSchema, type ManualBasketView } from '../pos/manualBasket';
import { RedeemRequestSchema, ValidateRequestSchema, VoidRequestSchema, type CouponVerdict, type RedeemResult, type RedemptionRecord } from '../redemption';
import {
  BasketCouponsRequestSchema,
  ConflictsListRequestSchema,
  DayReportRequestSchema,
  EmptyRequestSchema,
  LogFilterSchema,
  LogListRequestSchema,
  OverrideRequestSchema,
  ScannerSelectRequestSchema,
  SettingsPatchSchema,
  SignInRequestSchema,
  UndoRequestSchema,
  UserCreateRequestSchema,
  UserDisableRequestSchema,
  UserSetPinRequestSchema,
} from './schemas';
import type {
  AppInfo,
  BasketCoupons,
  CampaignOption,
  DayReport,
  LogSummary,
  ConflictRow,
  CsvExport,
  LogPage,
  OverrideGrant,
  RosterEntry,
  ScannerDevice,
  ScannerStatus,
  SessionInfo,
  Settings,
  SyncStatus,
  UndoResult,
  UserInfo,
} from './types';

/**
 * The till's one typed API. Every channel `till:<domain>:<verb>` maps to
 * - `request`: the zod schema main parses the request with (the renderer is untrusted);
 * - `response`: the answer's type (phantom: a type only, `undefined` at run time);
 * - `access`: 'public' (no session needed), 'signed-in' (any signed-in user), or the
 *   Permission the signed-in user's role must hold (shared/permissions.ts), checked in main.
 *
 * - `callers`: which kinds of caller may use it (CallerKind; windows only unless it says so).
 *
 * Every call answers `Result<response>` (shared/ipc/result.ts). A call blocked by role may carry
 * a one-use manager override token (`till:auth:override`) for OVERRIDABLE permissions.
 */
export type Access = 'public' | 'signed-in' | Permission;

/**
 * Who may call: 'window' (the till's own screens, through Electron IPC or the host's WebSocket)
 * or 'pos' (a store POS paired with this till, through the local POS API). The register loop
 * refuses a caller kind the entry does not accept before it parses anything.
 */
export const CALLER_KINDS = ['window', 'pos'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

export interface ChannelSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  request: S;
  /** Phantom: carries the response type; always undefined at run time. */
  response: R;
  access: Access;
  /** The caller kinds this entry accepts (default: windows only). */
  callers: readonly CallerKind[];
}

const WINDOWS_ONLY: readonly CallerKind[] = ['window'];

function channel<R>() {
  return <S extends z.ZodType>(request: S, access: Access, callers: readonly CallerKind[] = WINDOWS_ONLY): ChannelSpec<S, R> => ({
    request,
    access,
    callers,
    response: undefined as R,
  });
}

export const CONTRACT = {
  // ── auth ──────────────────────────────────────────────────────────────────
  /** Users who may sign in on this till (for the sign-in screen). */
  'till:auth:roster': channel<RosterEntry[]>()(EmptyRequestSchema, 'public'),
  /** Sign in with a user id and PIN. Wrong PINs count toward a lockout ('locked_out'). */
  'till:auth:signIn': channel<SessionInfo>()(SignInRequestSchema, 'public'),
  /**
   * The PIN field holds a possible PIN: main starts hashing it and answers null at once, never
   * whether it matches; the sign-in that follows with the same PIN uses that check (decision 055).
   */
  'till:auth:checkAhead': channel<null>()(SignInRequestSchema, 'public'),
  /** Sign out this window's user. Always succeeds. */
  'till:auth:signOut': channel<null>()(EmptyRequestSchema, 'public'),
  /** This window's session, or null when signed out. Does not count as activity. */
  'till:auth:session': channel<SessionInfo | null>()(EmptyRequestSchema, 'public'),
  /**
   * A manager approves one blocked action of the signed-in user with the manager's own PIN.
   * Returns a one-use token (valid ~2 minutes, this session only) that the blocked call
   * carries in `invoke(channel, request, { overrideToken })`. Both users are audited.
   */
  'till:auth:override': channel<OverrideGrant>()(OverrideRequestSchema, 'signed-in'),

  // ── coupons ───────────────────────────────────────────────────────────────
  /** Dry run: the verdict and discount for this code on this basket. Writes nothing. */
  'till:coupon:validate': channel<CouponVerdict>()(ValidateRequestSchema, 'coupon.validate'),
  /** Redeem: durable in the ledger and outbox before this answers. Idempotent by requestId. */
  'till:coupon:redeem': channel<RedeemResult>()(RedeemRequestSchema, 'coupon.redeem'),
  /** Void a redemption with a reason. Cashiers need a manager override. Returns the void entry. */
  'till:coupon:void': channel<RedemptionRecord>()(VoidRequestSchema, 'coupon.void'),
  /**
   * Undo the last coupon on the open basket. A cashier may undo their own within the grace period
   * (setting undoGraceMs; 0 = never) without a manager; later, or someone else's, needs the void
   * permission or a manager's override token for 'coupon.void'. Audited either way.
   */
  'till:coupon:undo': channel<UndoResult>()(UndoRequestSchema, 'coupon.redeem'),
  /** The coupons redeemed on a basket, stacking applied, with the total discount. */
  'till:basket:coupons': channel<BasketCoupons>()(BasketCouponsRequestSchema, 'basket.read'),
  /** The manual basket main keeps (id, total, member, receipt number, coupons); also pushed as the 'basket' event. */
  'till:basket:current': channel<ManualBasketView>()(EmptyRequestSchema, 'basket.read'),
  /** The cashier changed the total, member or receipt number; a receipt typed late is written into the coupons' waiting uploads. */
  'till:basket:update': channel<ManualBasketView>()(ManualBasketUpdateSchema, 'coupon.redeem'),
  /** New basket (F2): the basket is finished and main starts a fresh one. */
  'till:basket:new': channel<ManualBasketView>()(ManualBasketNewSchema, 'coupon.redeem'),

  // ── manager: log and conflicts ────────────────────────────────────────────
  /** One page of the redemption log, newest first, keyset-paged (`cursor`), with totals. */
  'till:log:list': channel<LogPage>()(LogListRequestSchema, 'log.read'),
  /** The log matching the filters as CSV text. */
  'till:log:exportCsv': channel<CsvExport>()(LogFilterSchema, 'log.export'),
  /** Redemptions HQ flagged as conflicts, with their resolution. */
  'till:conflicts:list': channel<ConflictRow[]>()(ConflictsListRequestSchema, 'conflicts.read'),
  /** Totals and per campaign, cashier, till and store hour over the log's filters. */
  'till:log:summary': channel<LogSummary>()(LogFilterSchema, 'log.read'),
  /** The campaigns of the rule set, for picking one in the log by name. */
  'till:log:campaigns': channel<CampaignOption[]>()(EmptyRequestSchema, 'log.read'),
  /** The end-of-day report of a store day (default today). */
  'till:report:day': channel<DayReport>()(DayReportRequestSchema, 'report.read'),
  /** The end-of-day report as CSV (figures, voids, conflicts; money in decimal with its currency). */
  'till:report:exportCsv': channel<CsvExport>()(DayReportRequestSchema, 'report.export'),

  // ── sync ──────────────────────────────────────────────────────────────────
  /** The status bar's state (also pushed as the 'sync' event). */
  'till:sync:status': channel<SyncStatus>()(EmptyRequestSchema, 'sync.read'),
  /** Start a sync round now; answers the status after it. */
  'till:sync:now': channel<SyncStatus>()(EmptyRequestSchema, 'sync.run'),

  // ── users (manager) ───────────────────────────────────────────────────────
  'till:users:list': channel<UserInfo[]>()(EmptyRequestSchema, 'users.manage'),
  'till:users:create': channel<UserInfo>()(UserCreateRequestSchema, 'users.manage'),
  /** Set a user's PIN; also clears a lockout. */
  'till:users:setPin': channel<UserInfo>()(UserSetPinRequestSchema, 'users.manage'),
  /** Disable (or re-enable) a user. A manager cannot disable the last enabled manager. */
  'till:users:disable': channel<UserInfo>()(UserDisableRequestSchema, 'users.manage'),

  // ── settings ──────────────────────────────────────────────────────────────
  /** Current settings (no secrets: the enrollment token is write-only). */
  'till:settings:get': channel<Settings>()(EmptyRequestSchema, 'public'),
  /** Change some settings; answers the settings after the change. */
  'till:settings:set': channel<Settings>()(SettingsPatchSchema, 'settings.write'),

  // ── scanner ───────────────────────────────────────────────────────────────
  /** Scanners main can see (HID devices, wedge); cameras are enumerated in the renderer. */
  'till:scanner:devices': channel<ScannerDevice[]>()(EmptyRequestSchema, 'scanner.read'),
  'till:scanner:select': channel<ScannerStatus>()(ScannerSelectRequestSchema, 'scanner.manage'),
  'till:scanner:status': channel<ScannerStatus>()(EmptyRequestSchema, 'scanner.read'),

  // ── POS pairings (the manager, on the till's settings screen) ─────────────
  /** A one-time pairing code for a POS to be called `name` (valid 10 minutes; the POS exchanges it once). */
  'till:pos:pairingCode': channel<PairingCode>()(PairingCodeRequestSchema, 'settings.write'),
  /** The POSes paired with this till (never their credentials). */
  'till:pos:pairings': channel<PosPairingInfo[]>()(EmptyRequestSchema, 'settings.write'),
  'till:pos:rename': channel<PosPairingInfo>()(PairingRenameRequestSchema, 'settings.write'),
  /** Revoke a pairing: its credential is refused from the next call on. */
  'till:pos:revoke': channel<PosPairingInfo>()(PairingRevokeRequestSchema, 'settings.write'),
  /** Whether the POS API listens, and its address (for setting up the POS). */
  'till:pos:status': channel<PosApiStatus>()(EmptyRequestSchema, 'settings.write'),

  // ── the POS's orders (a paired POS only; writes take the POS API's Idempotency-Key) ──
  // A refusal carries its stable reason in error.details.reason (shared/pos/orders.ts ORDER_REFUSALS).
  /** Open an order with its lines and member, or replace them on an open one (applied coupons are re-checked and flagged). */
  'till:order:open': channel<OrderView>()(OrderOpenRequestSchema, 'coupon.redeem', ['pos']),
  /** The order, its state and its effects (per-line price modifiers). */
  'till:order:get': channel<OrderView>()(OrderRefSchema, 'basket.read', ['pos']),
  /** Apply a code: the verdict plus the order's effects. Redeemed durably at once (claimed at HQ first when the campaign asks). */
  'till:order:apply': channel<OrderApplyResult>()(OrderApplyRequestSchema, 'coupon.redeem', ['pos']),
  /** Remove a coupon from an open order: an audited void that syncs. */
  'till:order:remove': channel<OrderView>()(OrderRemoveRequestSchema, 'coupon.redeem', ['pos']),
  /** Close with the receipt number and the paid total: freezes the effects, queues the order-closed event. */
  'till:order:close': channel<OrderView>()(OrderCloseRequestSchema, 'coupon.redeem', ['pos']),
  /** Cancel an open order: every coupon on it is voided (audited, synced). */
  'till:order:cancel': channel<OrderView>()(OrderCancelRequestSchema, 'coupon.redeem', ['pos']),
  /** Take lines back on a closed order: pro-rata reversals; a 'reinstate' campaign's single-use coupon is given back when all its items are. */
  'till:order:return': channel<OrderReturnResult>()(OrderReturnRequestSchema, 'coupon.redeem', ['pos']),

  /** The till's current POS order (the open order a POS touched last), for the cashier's screen; null: the manual basket. */
  'till:order:current': channel<OrderView | null>()(EmptyRequestSchema, 'basket.read'),
  /** The till's own scanner: apply a code to the current POS order, as the signed-in cashier (the POS hears it on its events). */
  'till:order:scan': channel<OrderApplyResult>()(OrderScanRequestSchema, 'coupon.redeem'),

  // ── app ───────────────────────────────────────────────────────────────────
  /** Which app, store and till this is: also for a paired POS, to show which till it is paired with. */
  'till:app:info': channel<AppInfo>()(EmptyRequestSchema, 'public', ['window', 'pos']),
} as const satisfies Record<`till:${string}:${string}`, ChannelSpec>;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
/** What the renderer sends (defaults not yet applied). */
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
/** What a handler in main receives: the parsed request. */
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'];

export const CHANNELS = Object.keys(CONTRACT) as Channel[];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, x);
}
