import { OverrideStore } from '../services/auth/overrides';
import { SessionStore } from '../services/auth/sessions';
import { makeTestAuth } from '../services/auth/testing';
import type { SyncStatus } from '../../shared/ipc/types';
import { createHandlers } from './handlers';
import { ApiFailure } from '../../shared/ipc/result';
import type {
  AppInfoPort,
  LogPort,
  ManualBasketPort,
  OrdersPort,
  PairingsPort,
  RedemptionPort,
  ReportsPort,
  ScannerPort,
  SettingsPort,
  SyncPort,
} from './ports';
import { createApi } from './register';
import { DEMO_PINS } from '../demo/campaigns';

/**
 * A real register loop with real auth (in-memory SQLite) and recording fakes for the services
 * other engineers own, for tests of the loop and of the transports.
 */
export async function makeTestApi(opts: { now?: () => number; idleMs?: number } = {}) {
  const now = opts.now ?? Date.now;
  const { auth, audits, audit, db } = makeTestAuth({ now });
  const manager = await auth.createUser('system', { name: 'Meg', role: 'manager', pin: DEMO_PINS.manager });
  const supervisor = await auth.createUser('system', { name: 'Sam', role: 'supervisor', pin: DEMO_PINS.supervisor });
  const cashier = await auth.createUser('system', { name: 'Cat', role: 'cashier', pin: DEMO_PINS.cashier });
  const ended: { clientId: string; reason: string }[] = [];
  const sessions = new SessionStore({ now, idleMs: () => opts.idleMs ?? 600_000, onEnded: (clientId, _s, reason) => void ended.push({ clientId, reason }) });
  const overrides = new OverrideStore(now);
  const calls: { port: string; args: unknown[] }[] = [];
  const record = (port: string, ...args: unknown[]) => void calls.push({ port, args });

  const redemption: RedemptionPort = {
    validate: (req) => (record('validate', req), { ok: false, reason: 'not_found' }),
    redeem: (req, w) => (record('redeem', req, w), { verdict: { ok: false, reason: 'not_found' }, duplicate: false }),
    void: (req, w) => {
      record('void', req, w);
      if (req.redemptionId === '00000000-0000-4000-8000-000000000000') throw new Error('secret internal detail');
      return { id: 'v', kind: 'void', voidsId: req.redemptionId, approvedBy: w.approvedBy } as never;
    },
    undo: (req, w) => (
      record('undo', req, w),
      { void: { id: 'v', kind: 'void', voidsId: req.redemptionId } as never, approval: w.approvedBy ? 'manager' : 'grace', approvedBy: w.approvedBy }
    ),
    basketCoupons: (basketId) => ({ basketId, coupons: [], totalDiscountMinor: 0 }),
  };
  const log: LogPort = {
    list: (req) => (
      record('log.list', req),
      { rows: [], nextCursor: null, totals: { count: 0, redeemedCount: 0, voidedCount: 0, voidCount: 0, discountMinor: 0 } }
    ),
    exportCsv: (f) => (record('log.export', f), { filename: 'log.csv', csv: 'id\n', rowCount: 0 }),
    conflicts: () => [],
  };
  const noTotals = { count: 0, redeemedCount: 0, voidedCount: 0, voidCount: 0, discountMinor: 0 };
  const reports: ReportsPort = {
    summary: (f) => (record('log.summary', f), { totals: noTotals, campaigns: [], cashiers: [], tills: [], hours: [] }),
    campaigns: () => [],
    day: (d) => (record('report.day', d), { day: d ?? '2026-12-01' } as never),
    dayCsv: (d) => (record('report.export', d), { filename: 'day.csv', csv: 'section\n', rowCount: 0 }),
  };
  const syncStatus: SyncStatus = {
    enrolled: false,
    online: null,
    offlineDrill: false,
    syncing: false,
    lastSyncAt: null,
    lastAttemptAt: null,
    lastError: null,
    waiting: 0,
    oldestWaitingAt: null,
    ruleSetVersion: 0,
    hqHead: null,
    clockSkewMs: null,
    nextAttemptAt: null,
  };
  const sync: SyncPort = { status: () => syncStatus, syncNow: async () => syncStatus, onStatus: () => () => undefined };
  const scannerStatus = { kind: 'wedge' as const, device: null, connected: true, message: null };
  const scanner: ScannerPort = {
    devices: () => [],
    select: () => scannerStatus,
    status: () => scannerStatus,
    onScan: () => () => undefined,
    onStatus: () => () => undefined,
  };
  const settingsValue = {
    hqUrl: null,
    enrolled: false,
    scanner: { kind: 'auto' as const, deviceId: null },
    sounds: true,
    language: 'system' as const,
    rapidDedupeMs: 1500,
    wedgePrefix: '',
    wedgeSuffix: '',
    scannerProfiles: {},
    cameraSymbologies: ['QRCode' as const, 'Code128' as const],
    idleSignOutMs: 600_000,
    soundVolume: 80,
    undoGraceMs: 120_000,
    allowPlainHttpHq: false,
    posApiEnabled: true,
    posApiLan: false,
    openOrderTimeoutMs: 1_800_000,
  };
  const settings: SettingsPort = { get: () => settingsValue, set: (p) => (record('settings.set', p), { ...settingsValue, ...p } as never) };
  const app: AppInfoPort = {
    info: () => ({
      name: 'Coupon Till',
      version: '0',
      shell: 'host',
      platform: 'linux',
      storeId: null,
      storeName: null,
      tillId: null,
      tillName: null,
      timeZone: null,
      currency: 'CNY',
      demo: false,
    }),
  };
  const notOpen = () => {
    throw new ApiFailure('not_found', 'no such order', { reason: 'order_not_found' });
  };
  const orders: OrdersPort = {
    get: (r) => (record('orders.get', r), notOpen()),
    open: (r, c) => (record('orders.open', r, c), notOpen()),
    apply: (r, c) => (record('orders.apply', r, c), notOpen()),
    remove: notOpen,
    close: notOpen,
    cancel: notOpen,
    returnLines: notOpen,
    current: () => null,
    applyAtTill: notOpen,
  };
  const pairings: PairingsPort = {
    createCode: (a, n) => (record('pairings.code', a, n), { code: 'ABCD-EFGH', expiresAt: 1 }),
    list: () => [],
    rename: notOpen,
    revoke: notOpen,
    status: () => ({
      enabled: true,
      url: 'http://127.0.0.1:7431',
      problem: null,
      lan: false,
      lanUrl: null,
      fingerprint: null,
      certificateExpiresAt: null,
      certificateExpiresSoon: false,
    }),
  };
  const emptyBasket = {
    basketId: 'B-1',
    totalMinor: null,
    memberId: null,
    receiptNo: null,
    startedAt: 0,
    coupons: { basketId: 'B-1', coupons: [], totalDiscountMinor: 0 },
    sentWithoutReceipt: 0,
  };
  const basket: ManualBasketPort = {
    current: () => emptyBasket,
    update: (r, a) => (record('basket.update', r, a), emptyBasket),
    startNew: (r) => (record('basket.new', r), emptyBasket),
  };
  const handlers = createHandlers({ auth, sessions, overrides, redemption, log, reports, sync, scanner, settings, app, audit, orders, pairings, basket });
  const errors: string[] = [];
  const api = createApi({ handlers, sessions, overrides, audit, logError: (m) => void errors.push(m) });
  return { api, auth, db, audits, sessions, overrides, calls, ended, errors, users: { manager, supervisor, cashier } };
}
