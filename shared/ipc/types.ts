import type { ScannerProfile } from '../scan/learn';
import type { CameraSymbology } from '../scan/symbologies';
import type { CouponType } from '../campaign';
import type { Permission, Role } from '../permissions';
import type { RedemptionRecord } from '../redemption';
import type { ScanSource } from '../scan';

/**
 * Response shapes of the typed API (shared/ipc/contract.ts). Plain data only: everything
 * here crosses a structured-clone (Electron) or JSON (WebSocket host) boundary.
 */

/** A user as the sign-in screen and the users screen see it. Never carries the PIN hash. */
export interface UserInfo {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** Epoch ms until which sign-in is refused after too many wrong PINs; null when not locked. */
  lockedUntil: number | null;
  /** 'local' when created on this till by a manager, 'hq' when synced from HQ. */
  origin: 'local' | 'hq';
  createdAt: number;
}

/** Who may sign in (the sign-in screen's list). */
export type RosterEntry = Pick<UserInfo, 'id' | 'name' | 'role'>;

/** The signed-in user of this window. */
export interface SessionInfo {
  user: RosterEntry;
  /** What this role may do, for hiding buttons; main enforces regardless. */
  permissions: Permission[];
  signedInAt: number;
  /** Signed out automatically after this much time without an API call. */
  idleTimeoutMs: number;
}

/** A one-use approval by a manager for one blocked action of the current session. */
export interface OverrideGrant {
  token: string;
  action: Permission;
  managerId: string;
  managerName: string;
  expiresAt: number;
}

/** One coupon on the basket, in stacking order, with the discount it actually gives. */
export interface BasketCoupon {
  redemptionId: string;
  couponKey: string;
  campaignId: number;
  campaignName: string;
  type: CouponType;
  discountMinor: number;
  benefitText?: string;
  redeemedAt: number;
  /** Who redeemed it (a cashier may undo their own within the grace period). */
  cashierId: string;
}

/** How an undo was allowed: the cashier's own coupon within the grace period, the user's role, or a manager's approval. */
export type UndoApproval = 'grace' | 'role' | 'manager';

export interface UndoResult {
  /** The void entry written. */
  void: RedemptionRecord;
  approval: UndoApproval;
  /** The manager who approved (approval 'manager'). */
  approvedBy: string | null;
}

export interface BasketCoupons {
  basketId: string;
  coupons: BasketCoupon[];
  totalDiscountMinor: number;
}

/** A ledger entry in the log, with the names a manager reads. */
export interface LogRow extends RedemptionRecord {
  cashierName: string | null;
  campaignName: string | null;
  /** The till's name at HQ ("Till 2"); null: HQ never named it (show the id). */
  tillName: string | null;
  /** Set for conflicts HQ flagged: the redemption that won the code. */
  conflictWinnerId: string | null;
}

export interface LogPage {
  rows: LogRow[];
  /** Opaque keyset cursor for the next page; null on the last page. */
  nextCursor: string | null;
  /** Totals over every row matching the filters (not just this page). */
  totals: LogTotals;
}

/**
 * Totals over a filter: `count` entries; `redeemedCount` live redemptions and their discount;
 * `voidedCount` redemptions voided since; `voidCount` void entries (each void is a row of its own).
 */
export interface LogTotals {
  count: number;
  redeemedCount: number;
  voidedCount: number;
  voidCount: number;
  discountMinor: number;
}

/** One line of a breakdown (per campaign, cashier, till or store hour): redemptions and voids apart. */
export interface BreakdownLine {
  /** The campaign id, user id, till id, or the store hour '00'..'23'. */
  key: string;
  /** What a manager reads: the campaign's, cashier's or till's name (null: show the key). */
  name: string | null;
  /** Live redemptions and their discount. */
  redeemed: number;
  discountMinor: number;
  /** Redemptions voided since, and void entries. */
  voided: number;
  voids: number;
}

/** The log's totals and breakdowns over the filters. */
export interface LogSummary {
  totals: LogTotals;
  campaigns: BreakdownLine[];
  cashiers: BreakdownLine[];
  tills: BreakdownLine[];
  hours: BreakdownLine[];
}

/** A campaign the manager can pick in the log (by name). */
export interface CampaignOption {
  id: number;
  name: string;
  type: CouponType;
}

/** The end-of-day report (like a till's Z report) of one store day. */
export interface DayReport {
  day: string;
  storeName: string | null;
  tillId: string | null;
  /** This till's name at HQ; null: HQ never named it. */
  tillName: string | null;
  timeZone: string;
  currency: string;
  /** The day's bounds (UTC epoch ms, `to` exclusive) and when the report was made. */
  from: number;
  to: number;
  generatedAt: number;
  totals: LogTotals;
  campaigns: (BreakdownLine & { type: CouponType | null })[];
  /** Per coupon type: key is the type. */
  types: BreakdownLine[];
  cashiers: BreakdownLine[];
  /** All 24 store hours, in order. */
  hours: BreakdownLine[];
  voids: LogRow[];
  conflicts: ConflictRow[];
  /** The day's entries not yet stored at HQ, and since when; and everything waiting. */
  unsynced: { count: number; oldestAt: number | null; waitingAll: number };
  /** Lists (voids, conflicts) are cut at this many rows; totals count everything. */
  listLimit: number;
}

export interface CsvExport {
  filename: string;
  /** UTF-8 CSV text with a header row (the renderer saves it as a file). */
  csv: string;
  rowCount: number;
}

/** The redemption that won a conflicting code, as HQ described it. */
export interface ConflictWinner {
  tillId: string;
  /** The winning till's name at HQ; null: show its id. */
  tillName: string | null;
  storeId: string;
  /** When the winning till redeemed the code (UTC epoch ms). */
  redeemedAt: number;
}

/** A redemption HQ flagged as a conflict (another till used the code first), and what became of it. */
export interface ConflictRow {
  redemption: LogRow;
  winnerId: string | null;
  /** Who won and when; null when HQ named only the winning redemption (older HQs). */
  winner: ConflictWinner | null;
  status: 'conflict' | 'resolved';
  resolution: 'accepted_as_loss' | 'charged_back' | null;
  note: string | null;
}

/**
 * The till's one sync status: what the sync engine reports, what the status bar shows and what
 * `till status` prints. Pushed as the 'sync' event whenever it changes.
 */
export interface SyncStatus {
  /** Holds an HQ credential; false: not enrolled yet, nothing syncs. */
  enrolled: boolean;
  /** Whether HQ answered the last attempt; null until the first attempt. */
  online: boolean | null;
  /** The offline drill is on: the till behaves as if HQ were unreachable (`till offline on`). */
  offlineDrill: boolean;
  /** A sync round is running now. */
  syncing: boolean;
  /** Epoch ms of the last completed sync round, or null. */
  lastSyncAt: number | null;
  /** Epoch ms of the last attempt, whether it worked or not. */
  lastAttemptAt: number | null;
  /** The last error in words, when offline. */
  lastError: string | null;
  /** Redemptions and voids waiting in the outbox. */
  waiting: number;
  /** Epoch ms when the oldest waiting item was written, or null when none wait. */
  oldestWaitingAt: number | null;
  /** The rule-set version this till holds. */
  ruleSetVersion: number;
  /** HQ's rule-set head as of the last pull, or null. */
  hqHead: number | null;
  /** HQ's clock minus this till's clock, ms, as of the last answer (hours off is tolerated, and shown). */
  clockSkewMs: number | null;
  /** Epoch ms of the next attempt, when backing off. */
  nextAttemptAt: number | null;
}

export type ScannerKind = 'auto' | 'wedge' | 'hid' | 'camera';

export interface ScannerDevice {
  /** Stable id for selection (e.g. "hid:0c2e:0b61:<path>", "camera:<deviceId>", "wedge"). */
  id: string;
  name: string;
  source: ScanSource;
}

export interface ScannerStatus {
  kind: ScannerKind;
  /** The device in use, when one is. */
  device: ScannerDevice | null;
  connected: boolean;
  /** Why a device is not in use, in words (for example libusb missing: wedge and camera still work). */
  message: string | null;
}

export type Language = 'system' | 'zh-CN' | 'en';

/** Till settings. The enrollment token is write-only: it is never returned. */
export interface Settings {
  hqUrl: string | null;
  /** True once the till exchanged an enrollment token for its own credential. */
  enrolled: boolean;
  scanner: { kind: ScannerKind; deviceId: string | null };
  sounds: boolean;
  language: Language;
  /** Rapid mode: a repeated scan of the same code within this many ms is ignored. */
  rapidDedupeMs: number;
  /** Keyboard-wedge scanners: characters the scanner adds before/after each code, stripped. */
  wedgePrefix: string;
  wedgeSuffix: string;
  /** What Settings -> Scanner learned per scanner ('keyboard', or a HID device id): suffix, prefix, AIM, pace. */
  scannerProfiles: Record<string, ScannerProfile>;
  /** The barcode kinds the camera reads (every decoder is held to them); default QR and Code 128. */
  cameraSymbologies: CameraSymbology[];
  /** Auto sign-out after this many ms without activity. */
  idleSignOutMs: number;
  /** Verdict sounds' loudness, 0-100 (`sounds: false` mutes them). */
  soundVolume: number;
  /** A cashier may undo their own last redemption on the open basket this long after it without a manager; 0 = never. */
  undoGraceMs: number;
  /** The store allowed a plain-HTTP (unencrypted) HQ off this machine; while one is in use the screens warn. */
  allowPlainHttpHq: boolean;
  /** The POS API (issue 14) listens on this machine (127.0.0.1) for a paired POS; off: no POS can reach the till. */
  posApiEnabled: boolean;
  /** It also listens on the store LAN, over TLS only, with the till's own certificate (its fingerprint on Settings -> Store POS). */
  posApiLan: boolean;
  /** A POS order left open this long without a call is cancelled and its coupons voided (the POS died). */
  openOrderTimeoutMs: number;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Where the renderer runs: inside Electron, or in a browser served by the Node host. */
  shell: 'electron' | 'host';
  platform: string;
  storeId: string | null;
  storeName: string | null;
  tillId: string | null;
  /** This till's name at HQ ("Till 1"); null: HQ never named it. */
  tillName: string | null;
  /** The store's IANA time zone (every time on screen is in it), or null before the till is set up. */
  timeZone: string | null;
  /** ISO 4217 code of the store's currency (CNY until HQ says otherwise). */
  currency: string;
  /** True when the data folder holds the first-run demo. */
  demo: boolean;
}
