import type Database from 'better-sqlite3';
import { ISSUING_MAX_REPORTS } from '../../../shared/issuing';
import type { BounceBacks } from '../bounceBack';
import { decodeHlc } from '../../../shared/hlc';
import { newId } from '../../../shared/ids';
import type { SyncStatus } from '../../../shared/ipc/types';
import type { ClaimResponse, PushItemResult } from '../../../shared/sync';
import { getTillConfig, saveTillConfig, type TillConfig } from '../../db/repos/tillConfig';
import { markDelivered, markFailed, outboxStatus, pendingOutbox, type OutboxItem } from '../outbox';
import { applyRuleSetUpdate, currentPullCursor, currentRuleSetVersion, restartIfEngineRose, restartRuleSet } from '../ruleSet';
import { currentSpentVersion } from '../spentLists';
import { backoffDelay } from './backoff';
import { HqCallError, HqClient, type FetchLike } from './hqClient';
import { loadSyncState, recordAttempt, recordHqTime, saveEnrollment, saveHqUrl, sealCredential } from './syncState';
import { isSealedCredential, memorySealer, type CredentialSealer } from './credentialBox';
import { AmendmentPusher } from './amendments';
import { OrderEventPusher } from './orderEvents';
import { pinnedFetch } from './pinnedFetch';
import { parseEnrollmentToken } from '../../../shared/enrollmentToken';
import { isPlainHttpOffMachine } from '../../../shared/hqUrl';

/**
 * The till's sync engine: drains the outbox to HQ in order, in batches, and pulls rule-set
 * pages (applied one by one, each atomically). Offline is normal: failures back off
 * exponentially with jitter and the till keeps working from its cache. Nothing here imports
 * electron; the network (fetch), the clock and the timers are injected.
 */

export interface SyncEngineOptions {
  batchSize: number;
  pageLimit: number;
  requestTimeoutMs: number;
  /** An online claim counts only if HQ answers within this budget. */
  claimBudgetMs: number;
  /** How often to pull (and push) when nothing prompts it. */
  intervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After HQ refuses an item (400/403/409) it waits this long before trying it again. */
  rejectedRetryMs: number;
}

export const OFFLINE_DRILL_MESSAGE = 'offline drill: HQ is treated as unreachable (till offline off ends it)';

export const DEFAULT_SYNC_OPTIONS: SyncEngineOptions = {
  batchSize: 200,
  pageLimit: 500,
  requestTimeoutMs: 15_000,
  claimBudgetMs: 300,
  intervalMs: 30_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 300_000,
  rejectedRetryMs: 3_600_000,
};

export interface SyncEngineDeps {
  db: Database.Database;
  fetch: FetchLike;
  now: () => number;
  random?: () => number;
  /** First run: who this till is (default: write till_config; the app passes RedemptionService.configure). */
  configureTill?: (config: TillConfig) => void;
  /** HQ's HLC time from every answer, for the till's clock (HybridClock.receive). */
  onHqTime?: (hqTime: string) => void;
  /** Users a pulled page disabled or gave a new role or PIN: their sessions must end (SessionStore.endUser). */
  onSignOutUsers?: (userIds: string[]) => void;
  /** The store allowed a plain-HTTP HQ on its LAN (a setting, shown as a warning); otherwise only HTTPS or loopback. */
  allowPlainHttp?: () => boolean;
  /** Seals the HQ credential in sync_state (credentialBox.ts); default: a key in memory only. */
  credentials?: CredentialSealer;
  /** The fetch for an HQ whose certificate was pinned at enrolment (default pinnedFetch: undici, checked on every connection). */
  pinnedFetch?: (certificateSha256: string) => FetchLike;
  /** Bounce-back codes (decision 086): reported and refilled with each sync. */
  bounceBacks?: Pick<BounceBacks, 'unreported' | 'settle'>;
  options?: Partial<SyncEngineOptions>;
}

/**
 * The till's credential and the store's PIN hashes travel to and from HQ: only over HTTPS, or
 * plain HTTP to this machine (loopback), or where the store explicitly allowed it.
 */
export function requireSafeHqUrl(hqUrl: string, allowPlainHttp: boolean): void {
  const u = new URL(hqUrl);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && (!isPlainHttpOffMachine(hqUrl) || allowPlainHttp)) return;
  throw new Error(
    `HQ at ${u.origin} is not HTTPS: this till sends its credential only over HTTPS (or to this machine). Use https://, or allow plain HTTP for this store in Settings.`,
  );
}

export interface SyncRunResult {
  ok: boolean;
  pushed: number;
  rejected: number;
  pages: number;
  error?: string;
}

export interface ClaimOutcome {
  /** unknown: HQ did not answer within the budget (or at all): decide offline. */
  decision: 'claimed' | 'refused' | 'unknown';
  reason?: ClaimResponse['reason'];
  latencyMs: number;
}

export class SyncEngine {
  private readonly opts: SyncEngineOptions;
  private readonly random: () => number;
  private client: HqClient | null = null;
  private running: Promise<SyncRunResult> | null = null;
  private online: boolean | null = null;
  private failures = 0;
  private nextAttemptAt: number | null = null;
  private clockSkewMs: number | null = null;
  private pushBackoffMs: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private drill = false;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private readonly sealer: CredentialSealer;
  /** HQ's certificate fingerprint pinned at enrolment (null: none); every connection is checked against it. */
  private pin: string | null = null;
  private readonly orderEvents: OrderEventPusher;
  private readonly amendments: AmendmentPusher;
  private pinnedFetchFor: { pin: string; fetch: FetchLike } | null = null;

  constructor(private readonly deps: SyncEngineDeps) {
    this.opts = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
    this.random = deps.random ?? Math.random;
    this.sealer = deps.credentials ?? memorySealer();
    this.orderEvents = new OrderEventPusher(deps.db, deps.now, { batchSize: this.opts.batchSize, retryMs: this.opts.rejectedRetryMs });
    this.amendments = new AmendmentPusher(deps.db, deps.now, { batchSize: this.opts.batchSize, retryMs: this.opts.rejectedRetryMs });
    const stored = loadSyncState(deps.db);
    this.pin = stored.hqCertSha256;
    const credential = this.credential(stored.credential);
    if (stored.hqUrl && credential) this.client = this.makeClient(stored.hqUrl, credential);
  }

  /** The stored credential, opened; one an older till stored in plain text is sealed on the spot. */
  private credential(stored: string | null): string | null {
    if (!stored) return null;
    if (!isSealedCredential(stored)) {
      sealCredential(this.deps.db, this.sealer.seal(stored));
      return stored;
    }
    return this.sealer.open(stored);
  }

  /** Exchanges a one-time enrollment token from HQ for this till's credential, and sets up the till's identity. */
  async enroll(hqUrl: string, enrollmentToken: string, deviceName?: string): Promise<TillConfig> {
    // HQ gives every enrollment a new till id; entries still waiting carry the old one and HQ would refuse them (403).
    const current = getTillConfig(this.deps.db);
    if (current && outboxStatus(this.deps.db).waiting > 0) {
      throw new Error(`this till still has redemptions made as till ${current.tillId} waiting for HQ; sync them before enrolling again`);
    }
    // The token may name HQ's certificate: then only a connection showing it is trusted, from enrolment on.
    const { secret: token, certificateSha256: pin } = parseEnrollmentToken(enrollmentToken);
    if (pin && new URL(hqUrl).protocol !== 'https:') throw new Error(`this enrollment token pins HQ's certificate: enroll over https://, not ${hqUrl}`);
    requireSafeHqUrl(hqUrl, this.deps.allowPlainHttp?.() ?? false);
    const heldHqUrl = loadSyncState(this.deps.db).hqUrl;
    const answer = await this.makeClient(hqUrl, undefined, pin).enroll(token, deviceName);
    this.heard(answer.hqTime);
    const config: TillConfig = {
      storeId: answer.storeId,
      tillId: answer.tillId,
      storeName: answer.store.name,
      timeZone: answer.store.timeZone,
      ...(answer.store.currency ? { currency: answer.store.currency } : {}),
    };
    // Another store (or another HQ) has its own rule set and users: the next pull starts from a full
    // snapshot, which replaces what is held. Until it arrives the till keeps working on the old one.
    if (current && (current.storeId !== config.storeId || heldHqUrl !== hqUrl)) restartRuleSet(this.deps.db);
    (this.deps.configureTill ?? ((c) => saveTillConfig(this.deps.db, c)))(config);
    saveEnrollment(this.deps.db, hqUrl, this.sealer.seal(answer.credential), this.deps.now(), pin);
    this.pin = pin;
    this.client = this.makeClient(hqUrl, answer.credential);
    this.emit();
    return config;
  }

  /**
   * Moves this till to HQ's new address, keeping its identity: HQ must first accept the till's own
   * credential there (an authenticated pull, its page not applied). Otherwise throws and nothing
   * changes: the till keeps syncing with the old address. A different HQ needs a new enrollment.
   */
  async moveHq(hqUrl: string): Promise<void> {
    const stored = loadSyncState(this.deps.db);
    const credential = this.credential(stored.credential);
    if (!this.client || !credential || !stored.hqUrl) throw new Error('this till is not enrolled with an HQ yet: enroll it with a token instead');
    if (stored.hqUrl === hqUrl) return;
    requireSafeHqUrl(hqUrl, this.deps.allowPlainHttp?.() ?? false);
    const probe = this.makeClient(hqUrl, credential);
    try {
      const answer = await probe.pull(currentPullCursor(this.deps.db), 1);
      this.heard(answer.hqTime);
    } catch (err) {
      const why =
        err instanceof HqCallError && err.status === 401
          ? "it does not know this till's credential (another HQ? enroll again with a token from it)"
          : (err as Error).message;
      throw new Error(`HQ at ${hqUrl} did not confirm this till: ${why}`, { cause: err });
    }
    await this.running;
    saveHqUrl(this.deps.db, hqUrl);
    this.client = probe;
    this.emit();
  }

  /** Pushes everything waiting, then pulls every rule-set page. Concurrent calls share one run. */
  syncNow(): Promise<SyncRunResult> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
        this.emit();
      });
      this.emit();
    }
    return this.running;
  }

  /** Claims a code online within the latency budget. Never throws: no answer in time is `unknown`. */
  async claim(req: { couponKey: string; campaignId: number; claimId?: string }, budgetMs = this.opts.claimBudgetMs): Promise<ClaimOutcome> {
    const started = this.deps.now();
    if (!this.client) return { decision: 'unknown', latencyMs: 0 };
    try {
      const answer = await this.client.claim({ claimId: req.claimId ?? newId(), couponKey: req.couponKey, campaignId: req.campaignId }, budgetMs);
      this.heard(answer.hqTime);
      this.online = true;
      return { decision: answer.decision, ...(answer.reason ? { reason: answer.reason } : {}), latencyMs: this.deps.now() - started };
    } catch (err) {
      if (err instanceof HqCallError && err.kind === 'offline') this.online = false;
      return { decision: 'unknown', latencyMs: this.deps.now() - started };
    }
  }

  /** Something was just written to the outbox: sync soon (unless backing off). */
  notify(): void {
    if (this.started && this.failures === 0) this.schedule(50);
  }

  /** Runs in the background: every intervalMs, sooner after notify(), later after failures. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  stop(): Promise<unknown> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /**
   * The offline drill (`till offline on`): the till behaves as if HQ were unreachable (no call
   * leaves it; the status says offline, and why) until it is turned off, when it syncs at once.
   */
  setOfflineDrill(on: boolean): void {
    if (on === this.drill) return;
    this.drill = on;
    if (on) this.online = false;
    else {
      this.failures = 0;
      if (this.started) this.schedule(0);
    }
    this.emit();
  }

  /** Whether this till holds an HQ credential (cheap: no database read). */
  get enrolled(): boolean {
    return this.client !== null;
  }

  /** HQ reachable at the last attempt (null: not tried yet). Cheap: no database read. */
  get lastKnownOnline(): boolean | null {
    return this.online;
  }

  status(): SyncStatus {
    const stored = loadSyncState(this.deps.db);
    const outbox = outboxStatus(this.deps.db);
    return {
      enrolled: this.client !== null,
      online: this.online,
      offlineDrill: this.drill,
      syncing: this.running !== null,
      lastSyncAt: stored.lastSyncAt,
      lastAttemptAt: stored.lastAttemptAt,
      lastError: stored.lastError ?? outbox.lastError,
      waiting: outbox.waiting,
      oldestWaitingAt: outbox.oldestWaitingAt,
      ruleSetVersion: currentRuleSetVersion(this.deps.db),
      hqHead: stored.hqHead,
      clockSkewMs: this.clockSkewMs,
      nextAttemptAt: this.nextAttemptAt,
    };
  }

  /** Calls `fn` with the status after every change; returns the unsubscribe. */
  subscribe(fn: (s: SyncStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The fetch for `pin` (one agent per pin, reused), or the injected one when nothing is pinned. */
  private fetchFor(pin: string | null): FetchLike {
    if (!pin) return this.deps.fetch;
    if (this.pinnedFetchFor?.pin !== pin) this.pinnedFetchFor = { pin, fetch: (this.deps.pinnedFetch ?? pinnedFetch)(pin) };
    return this.pinnedFetchFor.fetch;
  }

  private makeClient(baseUrl: string, credential?: string, pin: string | null = this.pin): HqClient {
    const wire = this.fetchFor(pin);
    // The offline drill cuts the wire here, so every call (push, pull, claim, enroll) fails as when HQ is down.
    const fetch: FetchLike = (url, init) => (this.drill ? Promise.reject(new TypeError(OFFLINE_DRILL_MESSAGE)) : wire(url, init));
    return new HqClient({ baseUrl, fetch, timeoutMs: this.opts.requestTimeoutMs, ...(credential ? { credential } : {}) });
  }

  private async run(): Promise<SyncRunResult> {
    const result: SyncRunResult = { ok: false, pushed: 0, rejected: 0, pages: 0 };
    if (!this.client) return { ...result, error: 'not enrolled with HQ' };
    const at = this.deps.now();
    try {
      // Allowing plain HTTP can be taken back: from then on the till does not talk to that HQ in the clear.
      const hqUrl = loadSyncState(this.deps.db).hqUrl;
      if (hqUrl) requireSafeHqUrl(hqUrl, this.deps.allowPlainHttp?.() ?? false);
      await this.pushAll(this.client, result);
      await this.pushAmendments(this.client);
      await this.pushOrderEvents(this.client);
      await this.syncIssuing(this.client);
      await this.pullAll(this.client, result);
      this.failures = 0;
      this.nextAttemptAt = null;
      recordAttempt(this.deps.db, this.deps.now(), { ok: true });
      return { ...result, ok: true };
    } catch (err) {
      const message = (err as Error).message;
      // Any HTTP answer (even a 5xx) means HQ is reachable; no answer at all means offline.
      if (err instanceof HqCallError) this.online = err.kind !== 'offline' || err.status !== undefined;
      this.failures++;
      // One delay for the engine and the outbox row, so they wake together.
      const delay = this.pushBackoffMs ?? backoffDelay(this.failures, this.random, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
      this.pushBackoffMs = null;
      this.nextAttemptAt = at + delay;
      recordAttempt(this.deps.db, this.deps.now(), { ok: false, error: message });
      return { ...result, error: message };
    }
  }

  /** Drains the outbox in order, batch by batch. A failed batch backs the whole outbox off (order is kept). */
  private async pushAll(client: HqClient, result: SyncRunResult): Promise<void> {
    for (;;) {
      const items = pendingOutbox(this.deps.db, this.opts.batchSize, this.deps.now());
      if (items.length === 0) return;
      let answer;
      try {
        answer = await client.push(items.map((i) => i.payload));
      } catch (err) {
        this.pushBackoffMs = backoffDelay(this.failures + 1, this.random, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
        // The engine waits the backoff out; the row keeps the attempt but is not held itself: held, it
        // would stay behind when HQ is back (Sync now, the drill's end) while later rows went first.
        markFailed(this.deps.db, items[0]!.seq, (err as Error).message, this.deps.now());
        throw err;
      }
      this.online = true;
      this.heard(answer.hqTime);
      const delivered = this.settle(items, answer.results, result);
      if (delivered === 0) {
        if (answer.results.some((r) => r && items.some((i) => i.payload.id === r.id))) return; // all refused: they back off
        throw new HqCallError('malformed', 'HQ answered the push without a result for any item sent');
      }
    }
  }

  /** The POS's order events, after the redemptions they name. An HQ that does not know them yet (404) keeps them waiting. */
  private async pushOrderEvents(client: HqClient): Promise<void> {
    try {
      await this.orderEvents.pushAll({ push: (items) => client.pushOrders(items) });
    } catch (err) {
      if (err instanceof HqCallError && err.status === 404) return;
      throw err;
    }
  }

  /**
   * Bounce-back codes (decision 086): the reports of the codes handed out go to HQ, and HQ's answer
   * lists the codes this till may hand out (refilled by HQ). An HQ without the endpoint (404) is skipped.
   */
  private async syncIssuing(client: HqClient): Promise<void> {
    const side = this.deps.bounceBacks;
    if (!side) return;
    try {
      for (let round = 0; round < 20; round++) {
        const reports = side.unreported(ISSUING_MAX_REPORTS);
        const settled = side.settle(await client.issuing(reports));
        if (reports.length < ISSUING_MAX_REPORTS || settled.refused === reports.length) return;
      }
    } catch (err) {
      if (err instanceof HqCallError && err.status === 404) return;
      throw err;
    }
  }

  /** Amendments of recorded figures (decision 082), after the redemptions they amend. An HQ without the endpoint (404) keeps them waiting. */
  private async pushAmendments(client: HqClient): Promise<void> {
    try {
      await this.amendments.pushAll({ push: (items) => client.pushAmendments(items) });
    } catch (err) {
      if (err instanceof HqCallError && err.status === 404) return;
      throw err;
    }
  }

  /** Marks answered items delivered; refused ones wait rejectedRetryMs with HQ's reason. Returns how many were delivered. */
  private settle(items: OutboxItem[], results: PushItemResult[], result: SyncRunResult): number {
    const byId = new Map<string, PushItemResult>();
    for (const r of results) if (r) byId.set(r.id, r);
    const delivered: number[] = [];
    for (const item of items) {
      const r = byId.get(item.payload.id);
      if (!r) continue; // HQ did not answer for it: it stays waiting
      if (r.status === 'applied' || r.status === 'duplicate') delivered.push(item.seq);
      else {
        markFailed(
          this.deps.db,
          item.seq,
          `HQ refused it (${r.httpStatus ?? 400}): ${r.error ?? 'no reason given'}`,
          this.deps.now() + this.opts.rejectedRetryMs,
        );
        result.rejected++;
      }
    }
    if (delivered.length) {
      markDelivered(this.deps.db, delivered, this.deps.now());
      result.pushed += delivered.length;
    }
    return delivered.length;
  }

  /** Pulls pages from the rule-set version this till holds until HQ says there is no more. */
  private async pullAll(client: HqClient, result: SyncRunResult): Promise<void> {
    restartIfEngineRose(this.deps.db);
    for (let guard = 0; guard < 100_000; guard++) {
      const since = currentPullCursor(this.deps.db);
      const answer = await client.pull(since, this.opts.pageLimit, currentSpentVersion(this.deps.db));
      this.online = true;
      this.heard(answer.hqTime, answer.head);
      if (answer.update === null) return;
      const page = answer.update as { fromVersion?: unknown; storeFromVersion?: unknown; reset?: unknown } | undefined;
      const fromHere = page?.fromVersion === since.chain && (page.storeFromVersion === undefined || page.storeFromVersion === since.store);
      if (typeof page !== 'object' || !page || (!fromHere && page.reset !== true)) {
        throw new HqCallError(
          'malformed',
          `HQ sent a rule-set page from ${String(page?.fromVersion)} (store ${String(page?.storeFromVersion)}), but this till asked from ${since.chain} (store ${since.store})`,
        );
      }
      const applied = applyRuleSetUpdate(this.deps.db, answer.update, this.deps.now());
      if (!applied.ok) throw new HqCallError('malformed', `rule-set page refused: ${applied.error}`);
      if (applied.signOut) this.signOut(applied.signOut);
      result.pages++;
      if (!answer.more) return;
    }
  }

  private signOut(userIds: string[]): void {
    try {
      this.deps.onSignOutUsers?.(userIds);
    } catch {
      // The page is applied: the users cannot sign in again, whatever the listener did.
    }
  }

  /** HQ's time: feed the till's clock and note the skew (a till clock hours off keeps working). */
  private heard(hqTime: string, head?: number): void {
    try {
      this.clockSkewMs = decodeHlc(hqTime).wallMs - this.deps.now();
      recordHqTime(this.deps.db, hqTime, head);
      this.deps.onHqTime?.(hqTime);
    } catch {
      // A clock the till refuses (too far ahead) is not a reason to drop a good answer.
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow().then(() => {
        const wait = this.nextAttemptAt !== null ? Math.max(0, this.nextAttemptAt - this.deps.now()) : this.opts.intervalMs;
        this.schedule(wait);
      });
    }, delayMs);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    for (const fn of this.listeners) {
      try {
        fn(s);
      } catch {
        // a failing listener must not stop sync
      }
    }
  }
}
