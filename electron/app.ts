import { join } from 'node:path';
import { BounceBacks } from './services/bounceBack';
import type { TillEventName, TillEvents } from '../shared/ipc/pushEvents';
import { closeTillDatabase, openTillDatabase, type TillDatabase } from './db/connection';
import { lockDownDataDir, touchPrivate } from './dataDir';
import { defaultKeyFile, keyFileSealer, type CredentialSealer } from './services/sync/credentialBox';
import { createLogPort, createRedemptionPort } from './ipc/adapters/redemption';
import { createReportsPort } from './ipc/adapters/reports';
import { rememberChoice } from './ipc/adapters/scanner';
import { createSyncPort, syncStatusFor } from './ipc/adapters/sync';
import { createHandlers } from './ipc/handlers';
import type { ScannerPort } from './ipc/ports';
import { createApi, type Api } from './ipc/register';
import { appendAudit } from './services/audit';
import { AuthService, OverrideStore, SessionStore, type ScryptParams } from './services/auth';
import { RedemptionService } from './services/redemption';
import { SettingsStore } from './services/settings';
import { TillRedemptions } from './services/tillRedemptions';
import { PosOrders } from './services/pos/orders';
import { PosPairings } from './services/pos/pairings';
import { ManualBasket } from './services/pos/manualBasket';
import { PosApiRunner } from './posApi/runner';
import { lanCertificate } from './posApi/lanCertificate';
import type { PosApiStatus } from '../shared/pos/pairing';
import { tillInfo } from './services/tillInfo';
import { createScannerPort, ScannerService } from './services/scanner';
import type { HidLoader } from './services/scanner/hidBackend';
import { SyncEngine } from './services/sync/engine';
import type { FetchLike } from './services/sync/hqClient';
import { loadSyncState } from './services/sync/syncState';
import { readOfflineDrill, watchTillControl } from './services/tillControl';

export type Push = <E extends TillEventName>(clientId: string | null, event: E, payload: TillEvents[E]) => void;

export interface TillAppOptions {
  dataDir: string;
  shell: 'electron' | 'host';
  version: string;
  now?: () => number;
  fetch?: FetchLike;
  /** Tests use cheap scrypt parameters. */
  scrypt?: ScryptParams;
  /** Start background sync (default true). */
  startSync?: boolean;
  scanner?: ScannerPort;
  /** Tests: the HID stack the scanner service reads (default node-hid). */
  hidLoader?: HidLoader;
  /** Seals the HQ credential at rest (Electron: the OS key store); default: a 0600 key file beside the data folder. */
  credentials?: CredentialSealer;
  /** The POS API's port (0: any free one, the default; the shells pass DEFAULT_POS_API_PORT or COUPON_TILL_POS_PORT). */
  posApiPort?: number;
  /** How often open POS orders are checked for the abandoned-order timeout (default 60 s). */
  abandonedOrderSweepMs?: number;
}

export interface TillApp {
  api: Api;
  db: TillDatabase;
  auth: AuthService;
  redemption: RedemptionService;
  sync: SyncEngine;
  /** Bounce-back codes HQ signed for this till to hand out (decision 086). */
  bounceBacks: BounceBacks;
  /** The POS pairings (the POS API checks every call's credential here). */
  pairings: PosPairings;
  /** The POS API over HTTP: `startPosApi` (the shells call it) listens when the setting says so, and follows the setting after. */
  posApi: PosApiRunner;
  startPosApi(): Promise<PosApiStatus>;
  /** The transport delivers pushes (scans, sync, session) through this. */
  setPush(push: Push): void;
  /** A window closed / a WebSocket dropped. */
  clientGone(clientId: string): void;
  /** Signs out idle windows now (a timer does this every 5 s). */
  sweepIdleSessions(): void;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'till.db';

/**
 * Files this process creates from now on (QR images, logs, the lock, the embedded HQ's) are its
 * own: umask 077. Worker threads cannot set it; the main thread's umask covers them.
 */
function privateFilesFromNowOn(): void {
  try {
    process.umask(0o077);
  } catch {
    // a worker thread: lockDownDataDir at the next start still fixes the modes
  }
}

/**
 * The composition root: opens the till's database, builds the services (auth, redemption, sync,
 * scanner, settings) and the one API over them. Shared by Electron's main and the Node host.
 */
export function openTillApp(opts: TillAppOptions): TillApp {
  lockDownDataDir(opts.dataDir);
  privateFilesFromNowOn();
  const now = opts.now ?? Date.now;
  // SQLite gives till.db-wal and -shm the database file's mode: 0600 from the start.
  touchPrivate(join(opts.dataDir, DATABASE_FILE));
  const db = openTillDatabase(join(opts.dataDir, DATABASE_FILE));
  const audit = (actor: string, action: string, detail: Record<string, unknown>) => void appendAudit(db, { actor, action, detail, at: now() });
  let push: Push = () => undefined;

  const auth = new AuthService(db, { audit, now, ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) });
  const redemption = new RedemptionService(db, { now });
  // Bounce-back codes HQ signed for this till, handed out when a POS order closes (decision 086).
  const bounceBacks = new BounceBacks(db, { campaigns: () => redemption.campaigns(), storeId: () => redemption.storeId(), now });
  // Seals the HQ credential and the POS API's LAN certificate key at rest (decision 036).
  const sealer = opts.credentials ?? keyFileSealer(defaultKeyFile(opts.dataDir));
  const sync = new SyncEngine({
    db,
    now,
    fetch: opts.fetch ?? (globalThis.fetch as unknown as FetchLike),
    configureTill: (config) => redemption.configure(config),
    // HQ's clock in every answer keeps this till's HLC ahead of what it has seen, even if its own clock is hours off.
    onHqTime: (hqTime) => redemption.receiveTime(hqTime),
    // HQ disabled them, or changed their role or PIN: whoever is signed in as them signs in again.
    onSignOutUsers: (userIds) => userIds.forEach((id) => sessions.endUser(id, 'disabled')),
    credentials: sealer,
    // A store setting (Settings: allowPlainHttpHq, managers only, audited): plain HTTP to HQ on the store's LAN.
    allowPlainHttp: (): boolean => settings.get().allowPlainHttpHq,
    bounceBacks,
  });
  const settings = new SettingsStore(
    db,
    {
      current: () => ({ hqUrl: loadSyncState(db).hqUrl, enrolled: sync.enrolled }),
      enroll: async (hqUrl, token) => void (await sync.enroll(hqUrl, token)),
      move: (hqUrl) => sync.moveHq(hqUrl),
    },
    audit,
  );
  const sessions = new SessionStore({
    now,
    // Read on every call's session check: the cached stored value, not a full settings read.
    idleMs: () => settings.idleSignOutMs(),
    onEnded: (clientId, session, reason) => {
      audit(session.user.id, 'auth.sign_out', { userId: session.user.id, reason });
      push(clientId, 'session', { session: null, reason });
    },
  });
  const overrides = new OverrideStore(now);
  // Each HID scanner's saved profile (its AIM mode) goes to the report parser when it opens.
  const scannerService = opts.scanner
    ? null
    : new ScannerService({
        now,
        selected: settings.get().scanner.deviceId,
        profileFor: (id) => settings.get().scannerProfiles[id],
        ...(opts.hidLoader && { loader: opts.hidLoader }),
      });
  const scanner = opts.scanner ?? rememberChoice(createScannerPort(scannerService!, settings.get().scanner), settings);
  // node-hid loads lazily; without libusb the service reports why and wedge + camera still work.
  void scannerService?.start().catch((err: unknown) => console.error('scanner service failed to start', err));
  const syncPort = createSyncPort(sync);
  const hq = { claim: sync.claim.bind(sync), maybeOnline: () => sync.lastKnownOnline !== false, notify: () => sync.notify() };

  const tillRedemptions = new TillRedemptions(redemption, db, hq, now);
  // The POS's orders: the same redemptions (claim at HQ first, ledger, outbox) as the till's own screen.
  const orders = new PosOrders({ db, ledger: redemption, redemptions: tillRedemptions, now, timeoutMs: () => settings.get().openOrderTimeoutMs, bounceBacks });
  const pairings = new PosPairings(db, now);
  // The cashier's manual basket, owned here as the POS's order is: the screen is pushed its changes.
  const basket = new ManualBasket(db, tillRedemptions, now);
  let posApiStarted = false;
  // `api` is made below from the handlers, which need the runner's status: the runner reads it when it starts.
  const posApi = new PosApiRunner({
    api: { call: (...args) => api.call(...args) },
    pairings,
    events: orders,
    port: opts.posApiPort ?? 0,
    lanCertificate: () => lanCertificate(opts.dataDir, sealer, now),
    now,
  });

  const handlers = createHandlers({
    auth,
    sessions,
    overrides,
    audit,
    sync: syncPort,
    scanner,
    settings,
    redemption: createRedemptionPort(tillRedemptions, basket),
    orders,
    basket,
    pairings: {
      createCode: (actor, name) => pairings.createCode(actor, name),
      list: () => pairings.list(),
      rename: (actor, id, name) => pairings.rename(actor, id, name),
      revoke: (actor, id) => pairings.revoke(actor, id),
      status: () => posApi.status(),
    },
    log: createLogPort(redemption, db, now),
    reports: createReportsPort(redemption, db, now),
    app: { info: () => tillInfo(db, { version: opts.version, shell: opts.shell }) },
  });
  const api = createApi({ handlers, sessions, overrides, audit });

  // A call's answer reaches the window before the pushes the call caused (the basket, the order, the
  // waiting count), so the page draws the verdict first and the panels after it, not the other way.
  const afterAnswer: Push = (clientId, event, payload) => void setImmediate(() => push(clientId, event, payload));
  const unsubscribe = [
    syncPort.onStatus((s) => afterAnswer(null, 'sync', syncStatusFor(s, null))),
    scanner.onScan((scan) => push(null, 'scan', scan)),
    scanner.onStatus((s) => push(null, 'scanner', s)),
    settings.onChange(() => scannerService?.profilesChanged()),
    settings.onChange((s) => void (posApiStarted && posApi.setEnabled(s.posApiEnabled, s.posApiLan))),
    // The cashier's screen shows the POS's current order: pushed after every change to an order.
    orders.onEvent((e) => void (e.type === 'order.updated' && afterAnswer(null, 'posOrder', { order: orders.current() }))),
    basket.onChange((view) => afterAnswer(null, 'basket', view)),
  ];
  // The till command line (another process) switches the offline drill and asks for syncs.
  sync.setOfflineDrill(readOfflineDrill(db));
  unsubscribe.push(watchTillControl(db, { onOfflineDrill: (on) => sync.setOfflineDrill(on), onSyncRequest: () => void sync.syncNow() }));
  // Idle sign-out must happen on screen even when nobody touches the till.
  const sweeper = setInterval(() => sessions.sweep(), 5_000);
  sweeper.unref();
  // An order the POS left open past the timeout (it died) is cancelled: its coupons voided, audited.
  const abandoned = setInterval(() => {
    try {
      orders.sweepAbandoned();
    } catch (err) {
      console.error('abandoned-order sweep failed', err);
    }
  }, opts.abandonedOrderSweepMs ?? 60_000);
  abandoned.unref();
  if (opts.startSync !== false) sync.start();

  return {
    api,
    db,
    auth,
    redemption,
    sync,
    bounceBacks,
    pairings,
    posApi,
    startPosApi() {
      posApiStarted = true;
      return posApi.setEnabled(settings.get().posApiEnabled, settings.get().posApiLan);
    },
    setPush: (p) => void (push = p),
    sweepIdleSessions: () => sessions.sweep(),
    clientGone(clientId) {
      sessions.forget(clientId);
      overrides.dropClient(clientId);
      auth.forgetWindow(clientId);
    },
    async close() {
      clearInterval(sweeper);
      clearInterval(abandoned);
      for (const u of unsubscribe) u();
      await posApi.close();
      scannerService?.stop();
      await sync.stop();
      closeTillDatabase(db);
    },
  };
}
