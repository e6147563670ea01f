import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/campaign';
import { HybridClock } from '../../shared/hlc';
import { newId } from '../../shared/ids';
import {
  RedeemRequestSchema,
  ValidateRequestSchema,
  VoidRequestSchema,
  type CouponVerdict,
  type RedeemRequest,
  type RedeemResult,
  type RedemptionRecord,
  type ValidateRequest,
  type VoidRequest,
} from '../../shared/redemption';
import { StoreInfoSchema } from '../../shared/ruleSet';
import type { Basket } from '../../shared/campaign';
import { isValidTimeZone, ruleRefusal } from '../../shared/rules';
import { basketEntries, findByRequestId, findLiveOnBasket, getLedgerEntry, insertLedgerEntry, markVoided, type LedgerEntry } from '../db/repos/ledger';
import type { LedgerFilter, LedgerPage } from '../db/repos/ledgerLog';
import { getRuleSetStamp, loadCampaigns, loadSigningKeys } from '../db/repos/ruleSet';
import { getHlcLast, getTillConfig, saveHlcLast, saveTillConfig, type TillConfig } from '../db/repos/tillConfig';
import { appendAudit } from './audit';
import { LedgerReports } from './ledgerReports';
import { holderHash, KeyRing } from './codeSigning';
import { appliedOnBasket, benefitText, identifyCoupon, usageFacts, VerifiedCodes } from './couponLookup';
import { enqueueOutbox, outboxStatus, type UploadFigures } from './outbox';
import { RedemptionError } from './redemptionErrors';
import { withRefusalDetail } from './refusalDetail';
import { amendRecorded, figureInStack, type AmendReason } from './restack';

export { RedemptionError, type RedemptionErrorCode } from './redemptionErrors';

/** Who redeems: the signed-in cashier, and the manager when an override was approved. */
export interface RedeemActor {
  cashierId: string;
  approvedBy?: string;
  /** HQ confirmed the online claim of this code just now (campaigns that require one). */
  onlineClaimed?: boolean;
}

interface RuleSetCache {
  version: string;
  campaigns: Map<number, Campaign>;
  keyRing: KeyRing;
  verified: VerifiedCodes;
}

/** The basket as it is now when it is still open (the manual basket, a POS order), else null. */
export type OpenBasketLookup = (basketId: string) => Basket | null;

type Decision = { verdict: CouponVerdict; couponKey?: string; campaign?: Campaign; entries: LedgerEntry[]; eligibleMinor?: number };

/** User ids as the ledger and HQ store them. */
function checkActor(...ids: (string | undefined)[]): void {
  for (const id of ids) {
    if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > 64)) {
      throw new RedemptionError('bad_request', 'bad request: user ids are 1 to 64 characters');
    }
  }
}

function parseOr<T>(
  schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new RedemptionError('bad_request', `bad request: ${issue ? `${issue.path.join('.') || '(request)'}: ${issue.message}` : 'invalid'}`);
}

/**
 * Where redemption is decided and recorded. validate is a dry run; redeem writes the ledger
 * entry, its outbox row, the clock and an audit entry in ONE transaction before answering, so
 * a redemption the cashier saw accepted survives a crash and reaches HQ exactly once.
 */
export class RedemptionService {
  private cache: RuleSetCache | null = null;
  private tillConfig: TillConfig | null;
  private clock: HybridClock | null = null;
  private readonly openBaskets: OpenBasketLookup[] = [];
  /** The manager's log, totals and end-of-day figures. */
  readonly reports: LedgerReports;

  constructor(
    private readonly db: Database.Database,
    private readonly deps: { now: () => number },
  ) {
    this.tillConfig = getTillConfig(db);
    this.reports = new LedgerReports(db);
  }

  /** First run (or re-enrolment): who this till is. */
  configure(config: TillConfig): void {
    const store = StoreInfoSchema.safeParse({ id: config.storeId, name: config.storeName, timeZone: config.timeZone });
    if (!store.success || !isValidTimeZone(config.timeZone) || !/^[^\s]{1,64}$/.test(config.tillId)) {
      throw new RedemptionError('bad_request', 'till configuration needs a store id, a store name, a till id without spaces and a valid IANA time zone');
    }
    this.db.transaction(() => {
      saveTillConfig(this.db, config);
      appendAudit(this.db, { actor: 'system', action: 'till.configure', at: this.deps.now(), detail: { ...config } });
    })();
    this.tillConfig = config;
    this.clock = null;
  }

  /** Dry run: the verdict this code would get on this basket now. Writes nothing. */
  validate(req: ValidateRequest, actor: Pick<RedeemActor, 'approvedBy' | 'onlineClaimed'> = {}): CouponVerdict {
    const request = parseOr(ValidateRequestSchema, req);
    return this.decide(request, this.till(), actor).verdict;
  }

  /**
   * Could this request need an online claim at HQ first: does its code name a campaign that requires
   * one? Only identifies the code (its signature check is cached for the redeem that follows), so a
   * redeem of any other coupon is not decided twice. A request that does not parse answers true: the
   * full validate then refuses it properly.
   */
  mayNeedOnlineClaim(req: unknown): boolean {
    const request = ValidateRequestSchema.safeParse(req);
    if (!request.success) return true;
    const { campaigns, keyRing, verified } = this.ruleSet();
    const id = identifyCoupon(this.db, request.data.code, keyRing, campaigns, verified);
    return id.ok && id.candidate.campaign.rules.requiresOnlineClaim;
  }

  /**
   * Validates and, when accepted, records the redemption durably before returning. `upload`: what
   * the redemption's upload to HQ carries besides the entry (the manual basket's receipt number).
   */
  redeem(req: RedeemRequest, actor: RedeemActor, upload: { receiptNo?: string } = {}): RedeemResult {
    const request = parseOr(RedeemRequestSchema, req);
    checkActor(actor.cashierId, actor.approvedBy);
    const till = this.till();
    return this.db
      .transaction((): RedeemResult => {
        if (request.requestId) {
          const earlier = findByRequestId(this.db, request.requestId);
          if (earlier) return this.repeat(earlier, request.basket.id);
        }
        const d = this.decide(request, till, actor);
        if (d.couponKey) {
          const onBasket = findLiveOnBasket(this.db, request.basket.id, d.couponKey);
          if (onBasket) return this.repeat(onBasket, request.basket.id);
        }
        const now = this.deps.now();
        if (!d.verdict.ok || !d.campaign) {
          const refusal = d.verdict.ok ? { reason: 'unknown_campaign' } : d.verdict;
          appendAudit(this.db, {
            actor: actor.cashierId,
            action: 'redemption.refused',
            at: now,
            detail: {
              reason: refusal.reason,
              couponKey: d.couponKey ?? null,
              basketId: request.basket.id,
              source: request.source,
              symbology: request.symbology ?? null,
            },
          });
          return { verdict: d.verdict, duplicate: false };
        }
        const record: RedemptionRecord = {
          id: newId(),
          kind: 'redeem',
          voidsId: null,
          couponKey: d.verdict.couponKey,
          campaignId: d.campaign.id,
          storeId: till.storeId,
          tillId: till.tillId,
          cashierId: actor.cashierId,
          basketId: request.basket.id,
          basketTotalMinor: request.basket.totalMinor,
          discountMinor: d.verdict.discountMinor,
          memberId: request.basket.memberId ?? null,
          source: request.source,
          hlc: this.tick(),
          createdAt: now,
          reason: null,
          approvedBy: actor.approvedBy ?? null,
          syncState: 'pending',
          synced: false,
          voided: false,
        };
        const figures = {
          eligibleMinor: d.eligibleMinor,
          ...(d.campaign.version !== undefined ? { campaignVersion: d.campaign.version } : {}),
          ...(upload.receiptNo ? { receiptNo: upload.receiptNo } : {}),
        };
        this.write(record, request.requestId ?? null, actor.cashierId, 'redemption.redeem', figures, { symbology: request.symbology ?? null });
        this.restackBasket(request.basket, actor.cashierId, 'restacked');
        return { verdict: d.verdict, redemption: record, duplicate: false };
      })
      .immediate();
  }

  /**
   * Who knows the open baskets (the manual basket, the POS orders). A void on a basket one of them
   * says is still open restacks the coupons left on it in the void's transaction; a finished
   * basket keeps its figures as recorded (the customer has paid them).
   */
  watchOpenBaskets(lookup: OpenBasketLookup): void {
    this.openBaskets.push(lookup);
  }

  /**
   * Voids a redemption: a new 'void' ledger entry (synced to HQ too); the original is marked voided.
   * On a basket still open, the coupons left are figured again in stack order and each figure that
   * moved is amended, in the same transaction (10% after another 10% goes back to 10% of the whole).
   */
  voidRedemption(req: VoidRequest, actor: { actorId: string; approvedBy?: string }): RedemptionRecord {
    const request = parseOr(VoidRequestSchema, req);
    checkActor(actor.actorId, actor.approvedBy);
    const till = this.till();
    return this.db
      .transaction((): RedemptionRecord => {
        const original = getLedgerEntry(this.db, request.redemptionId);
        if (!original) throw new RedemptionError('not_found', `no redemption ${request.redemptionId} on this till`);
        if (original.kind === 'void') throw new RedemptionError('cannot_void_a_void', 'that entry is itself a void; a void cannot be voided');
        if (original.voided) throw new RedemptionError('already_voided', `redemption ${original.id} is already voided`);
        if (original.storeId !== till.storeId || original.tillId !== till.tillId) {
          throw new RedemptionError('wrong_till', 'only the till that made a redemption can void it');
        }
        const record: RedemptionRecord = {
          ...original,
          id: newId(),
          kind: 'void',
          voidsId: original.id,
          cashierId: actor.actorId,
          hlc: this.tick(),
          createdAt: this.deps.now(),
          reason: request.reason,
          approvedBy: actor.approvedBy ?? null,
          syncState: 'pending',
          synced: false,
          voided: false,
        };
        const { hqWinnerId: _w, hqWinner: _hw, hqResolution: _r, hqNote: _n, ...plain } = record as LedgerEntry;
        markVoided(this.db, original.id);
        this.write(plain, null, actor.actorId, 'redemption.void');
        const open = this.openBasket(original.basketId);
        if (open) this.restackBasket(open, actor.actorId, 'restacked');
        return plain;
      })
      .immediate();
  }

  /**
   * Figures the live coupons on a basket again in stack order, on the basket as it is now, and
   * amends each recorded figure that changed (decision 080/082). Runs in the caller's transaction
   * when there is one. Returns how many were amended.
   */
  restackBasket(basket: Basket, actorId: string, reason: AmendReason): number {
    checkActor(actorId);
    const { campaigns } = this.ruleSet();
    return this.db.transaction(
      () =>
        amendRecorded(this.db, {
          basket,
          live: basketEntries(this.db, basket.id).filter((e) => e.kind === 'redeem' && !e.voided),
          campaigns: (id) => campaigns.get(id),
          reason,
          actorId,
          stamp: () => {
            const hlc = this.tick();
            saveHlcLast(this.db, hlc);
            return { hlc, now: this.deps.now() };
          },
        }).length,
    )();
  }

  private openBasket(basketId: string): Basket | null {
    for (const lookup of this.openBaskets) {
      const basket = lookup(basketId);
      if (basket) return basket;
    }
    return null;
  }

  /** The live coupons on a basket, in the order they were redeemed. */
  basketCoupons(basketId: string): RedemptionRecord[] {
    return basketEntries(this.db, basketId).filter((e) => e.kind === 'redeem' && !e.voided);
  }

  /** The campaigns of the rule set this till holds now. */
  campaigns(): ReadonlyMap<number, Campaign> {
    return this.ruleSet().campaigns;
  }

  /** The store this till is in, or null before it is configured. */
  storeId(): string | null {
    return (this.tillConfig ?? getTillConfig(this.db))?.storeId ?? null;
  }

  /** One page of the ledger for the manager's log (keyset paging), with totals over the filter. */
  listRedemptions(filter: LedgerFilter): LedgerPage {
    return this.reports.list(filter);
  }

  /** What is still waiting to reach HQ. */
  syncStatus(): { waiting: number; oldestWaitingAt: number | null; lastSyncAt: number | null } {
    const s = outboxStatus(this.db);
    return { waiting: s.waiting, oldestWaitingAt: s.oldestWaitingAt, lastSyncAt: s.lastSyncAt };
  }

  /** The cached rule set, reloaded only when its version moved (campaigns re-validated on read). */
  private ruleSet(): RuleSetCache {
    // A reset snapshot can come back at the version held (a restart, a newer engine): when it was applied counts too.
    const version = getRuleSetStamp(this.db);
    if (this.cache?.version !== version) {
      this.cache = { version, campaigns: loadCampaigns(this.db).campaigns, keyRing: new KeyRing(loadSigningKeys(this.db)), verified: new VerifiedCodes() };
      this.tillConfig = getTillConfig(this.db); // the store's name and time zone follow the rule set
    }
    return this.cache;
  }

  private till(): TillConfig {
    if (!this.tillConfig) this.tillConfig = getTillConfig(this.db);
    if (!this.tillConfig) throw new RedemptionError('till_not_configured', 'this till has no store and till id yet; configure it first');
    return this.tillConfig;
  }

  private decide(request: ValidateRequest, till: TillConfig, actor: Pick<RedeemActor, 'approvedBy' | 'onlineClaimed'>): Decision {
    const { campaigns, keyRing, verified } = this.ruleSet();
    const id = identifyCoupon(this.db, request.code, keyRing, campaigns, verified);
    if (!id.ok)
      return {
        verdict: withRefusalDetail(this.db, { ok: false, reason: id.reason, couponKey: id.couponKey, campaignId: id.campaignId }, request.code),
        entries: [],
      };
    const { candidate } = id;
    const { campaign, couponKey } = candidate;
    const entries = basketEntries(this.db, request.basket.id);
    const memberId = request.basket.memberId;
    const applied = appliedOnBasket(entries, campaigns);
    // Its rules against the coupons already on the basket, its figure in their stack order (decision 080).
    const result =
      ruleRefusal(candidate, request.basket, {
        now: this.deps.now(),
        store: { id: till.storeId, timeZone: till.timeZone },
        usage: usageFacts(this.db, candidate, request.basket, entries),
        applied,
        ...(memberId ? { memberHolder: holderHash(memberId) } : {}),
      }) ?? figureInStack(candidate, request.basket, applied);
    const named = { couponKey, campaignId: campaign.id, campaignName: campaign.name };
    if (!result.ok) {
      const verdict = withRefusalDetail(this.db, { ok: false, reason: result.reason, params: result.params, ...named }, request.code);
      return { verdict, couponKey, campaign, entries };
    }
    if (campaign.rules.requiresOnlineClaim && !actor.onlineClaimed && !actor.approvedBy) {
      return { verdict: { ok: false, reason: 'online_claim_required', ...named }, couponKey, campaign, entries };
    }
    const text = benefitText(campaign);
    const verdict: CouponVerdict = {
      ok: true,
      couponKey,
      campaignId: campaign.id,
      campaignName: campaign.name,
      type: campaign.benefit.type,
      discountMinor: result.discountMinor,
      ...(text !== undefined ? { benefitText: text } : {}),
    };
    return { verdict, couponKey, campaign, entries, eligibleMinor: result.eligibleMinor };
  }

  /** The answer for a scan that repeats an existing redemption: nothing new is written. */
  private repeat(existing: LedgerEntry, basketId: string): RedeemResult {
    if (existing.basketId !== basketId) {
      throw new RedemptionError('request_id_reused', 'this requestId was already used for a redemption on another basket');
    }
    const campaign = this.ruleSet().campaigns.get(existing.campaignId);
    const text = campaign ? benefitText(campaign) : undefined;
    const verdict: CouponVerdict = {
      ok: true,
      couponKey: existing.couponKey,
      campaignId: existing.campaignId,
      campaignName: campaign?.name ?? `#${existing.campaignId}`,
      type: campaign?.benefit.type ?? 'cash',
      discountMinor: existing.discountMinor,
      ...(text !== undefined ? { benefitText: text } : {}),
    };
    return { verdict, redemption: existing, duplicate: true };
  }

  /** Ledger + outbox + clock + audit: called inside the caller's transaction. */
  private write(
    record: RedemptionRecord,
    requestId: string | null,
    actor: string,
    action: string,
    figures: UploadFigures = {},
    scan: { symbology?: string | null } = {},
  ): void {
    insertLedgerEntry(this.db, record, requestId);
    enqueueOutbox(this.db, record, record.createdAt, figures);
    saveHlcLast(this.db, record.hlc);
    appendAudit(this.db, {
      actor,
      action,
      at: record.createdAt,
      detail: {
        redemptionId: record.id,
        voidsId: record.voidsId,
        couponKey: record.couponKey,
        campaignId: record.campaignId,
        basketId: record.basketId,
        discountMinor: record.discountMinor,
        reason: record.reason,
        approvedBy: record.approvedBy,
        ...scan,
      },
    });
  }

  /**
   * Folds a remote HLC time (HQ's, from a sync answer) into this till's clock, so a till whose
   * wall clock is hours off still stamps its next redemptions after what HQ has seen.
   * (Added for the sync engine: SyncEngineDeps.onHqTime.)
   */
  receiveTime(remote: string): void {
    if (!this.tillConfig && !getTillConfig(this.db)) return;
    this.tick(); // make sure the clock exists (a throwaway tick: HLC times only need to grow)
    this.clock!.receive(remote);
    saveHlcLast(this.db, this.clock!.last());
  }

  private tick(): string {
    const till = this.till();
    if (!this.clock || this.clock.node !== till.tillId) this.clock = new HybridClock(till.tillId, this.deps.now, getHlcLast(this.db) ?? undefined);
    return this.clock.tick();
  }
}
