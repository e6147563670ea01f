import type { LogFilter, LogListRequest, ScannerSelectRequest, SettingsPatch, UndoRequest } from '../../shared/ipc/schemas';
import type {
  AppInfo,
  BasketCoupons,
  ConflictRow,
  CsvExport,
  LogPage,
  ScannerDevice,
  ScannerStatus,
  Settings,
  SyncStatus,
  UndoResult,
} from '../../shared/ipc/types';
import type { CouponVerdict, RedeemRequest, RedeemResult, RedemptionRecord, ValidateRequest, VoidRequest } from '../../shared/redemption';
import type { ScanEvent } from '../../shared/scan';
import type { OrderApplyResult, OrderReturnResult, OrderScanRequest, OrderView } from '../../shared/pos/orders';
import type { ManualBasketView } from '../../shared/pos/manualBasket';
import type { PairingCode, PosApiStatus, PosPairingInfo } from '../../shared/pos/pairing';

/**
 * What the API handlers need from the services, as narrow interfaces. electron/app.ts adapts
 * the real services (redemption, sync, scanner, settings) to these; tests pass fakes.
 * Services throw ApiFailure for refusals the user should read; anything else is a bug.
 */
type MaybePromise<T> = T | Promise<T>;

export interface RedemptionPort {
  validate(request: ValidateRequest, who: { cashierId: string }): MaybePromise<CouponVerdict>;
  /**
   * `approvedBy`: the manager whose override allows an offline redemption of an online-claim
   * campaign; `selfApproves`: the redeeming user's own role may approve that (a manager).
   */
  redeem(request: RedeemRequest, who: { cashierId: string; approvedBy: string | null; selfApproves: boolean }): MaybePromise<RedeemResult>;
  void(request: VoidRequest, who: { userId: string; approvedBy: string | null }): MaybePromise<RedemptionRecord>;
  /** `canVoid`: the user's role may void; `graceMs`: the undo grace period now (settings). */
  undo(request: UndoRequest, who: { userId: string; approvedBy: string | null; canVoid: boolean; graceMs: number }): MaybePromise<UndoResult>;
  basketCoupons(basketId: string): MaybePromise<BasketCoupons>;
}

export interface LogPort {
  list(request: LogListRequest): MaybePromise<LogPage>;
  exportCsv(filter: LogFilter): MaybePromise<CsvExport>;
  conflicts(includeResolved: boolean): MaybePromise<ConflictRow[]>;
}

export type { ReportsPort } from './adapters/reports';

export interface SyncPort {
  status(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  /** Calls back on every status change; returns the unsubscribe. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
}

export interface ScannerPort {
  devices(): MaybePromise<ScannerDevice[]>;
  select(request: ScannerSelectRequest): MaybePromise<ScannerStatus>;
  status(): ScannerStatus;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onStatus(listener: (status: ScannerStatus) => void): () => void;
}

export interface SettingsPort {
  get(): Settings;
  set(patch: SettingsPatch, actorId: string): MaybePromise<Settings>;
}

/** The manual basket main keeps (electron/services/pos/manualBasket.ts). */
export interface ManualBasketPort {
  current(): ManualBasketView;
  update(req: unknown, actorId: string): ManualBasketView;
  startNew(req: unknown): ManualBasketView;
}

/** Who calls the order services: the POS pairing (actor and idempotency scope) and the call's key. */
export interface OrderCaller {
  actorId: string;
  scope: string;
  idempotencyKey?: string;
}

/** The POS's orders (electron/services/pos/orders.ts): requests arrive parsed; refusals are ApiFailures with details.reason. */
export interface OrdersPort {
  get(ref: unknown): MaybePromise<OrderView>;
  open(req: unknown, caller: OrderCaller): MaybePromise<OrderView>;
  apply(req: unknown, caller: OrderCaller): MaybePromise<OrderApplyResult>;
  remove(req: unknown, caller: OrderCaller): MaybePromise<OrderView>;
  close(req: unknown, caller: OrderCaller): MaybePromise<OrderView>;
  cancel(req: unknown, caller: OrderCaller): MaybePromise<OrderView>;
  returnLines(req: unknown, caller: OrderCaller): MaybePromise<OrderReturnResult>;
  current(): OrderView | null;
  applyAtTill(req: OrderScanRequest, cashierId: string): MaybePromise<OrderApplyResult>;
}

/** POS pairings (electron/services/pos/pairings.ts). */
export interface PairingsPort {
  createCode(actorId: string, name: string): PairingCode;
  list(): PosPairingInfo[];
  rename(actorId: string, id: string, name: string): PosPairingInfo;
  revoke(actorId: string, id: string): PosPairingInfo;
  /** Whether the POS API listens, and where. */
  status(): PosApiStatus;
}

export interface AppInfoPort {
  info(): AppInfo;
}
