/**
 * The rule checks that do not depend on the basket's contents, in the order the engine runs them.
 * Each returns a refusal, or null when the coupon passes. See index.ts for the semantics.
 */
import type { CampaignRules } from '../campaign';
import { isoDateOfDay, localDateTime, type LocalDateTime } from './localTime';
import type { AppliedCoupon, CouponCandidate, EvaluationContext, Refusal } from './types';

function refuse(reason: Refusal['reason'], params?: Refusal['params']): Refusal {
  return params ? { ok: false, reason, params } : { ok: false, reason };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A holder-bound code is good only for the member it was issued to. */
export function checkHolder(candidate: CouponCandidate, hasMember: boolean, memberHolder?: Uint8Array): Refusal | null {
  if (!candidate.holder) return null;
  if (!hasMember || !memberHolder) return refuse('member_required');
  return sameBytes(candidate.holder, memberHolder) ? null : refuse('wrong_holder');
}

/** Absolute window on the UTC instant; code days and "N days after issue" on the store's local date. */
export function checkValidity(candidate: CouponCandidate, rules: CampaignRules, now: number, local: LocalDateTime, timeZone: string): Refusal | null {
  const { validFrom, validUntil, daysAfterIssue } = rules;
  const { issueDay, expiryDay } = candidate;
  if (validFrom !== undefined && now < validFrom) {
    return refuse('not_yet_valid', { date: isoDateOfDay(localDateTime(validFrom, timeZone).day) });
  }
  if (issueDay !== undefined && local.day < issueDay) return refuse('not_yet_valid', { date: isoDateOfDay(issueDay) });
  if (validUntil !== undefined && now >= validUntil) {
    return refuse('expired', { date: isoDateOfDay(localDateTime(validUntil - 1, timeZone).day) });
  }
  if (expiryDay !== undefined && local.day > expiryDay) return refuse('expired', { date: isoDateOfDay(expiryDay) });
  if (daysAfterIssue !== undefined && issueDay !== undefined && local.day > issueDay + daysAfterIssue) {
    return refuse('expired', { date: isoDateOfDay(issueDay + daysAfterIssue) });
  }
  return null;
}

interface Window {
  start: number;
  end: number;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Parsed windows, kept per campaign's window list: the redeem path asks about the same campaigns all day. */
const parsedWindows = new WeakMap<object, Window[]>();
const NO_WINDOWS: Window[] = [];
function windowsOf(rules: CampaignRules): Window[] {
  const list = rules.timeWindows;
  if (!list || list.length === 0) return NO_WINDOWS;
  let parsed = parsedWindows.get(list);
  if (!parsed) {
    parsed = list.map((w) => ({ start: minutesOf(w.start), end: minutesOf(w.end) }));
    parsedWindows.set(list, parsed);
  }
  return parsed;
}

/**
 * Which local day a moment of a window belongs to: 0 = today, -1 = yesterday (the part of a
 * window that wrapped past midnight), null = outside the window. start === end is the whole day.
 */
function windowDay(w: Window, minutes: number): 0 | -1 | null {
  if (w.start === w.end) return 0;
  if (w.start < w.end) return minutes >= w.start && minutes < w.end ? 0 : null;
  if (minutes >= w.start) return 0;
  return minutes < w.end ? -1 : null;
}

/**
 * Weekdays, then time-of-day windows, in the store's time zone. The early-morning part of a window
 * that wraps past midnight belongs to the day it started on: "Fri 22:00-02:00" is good at Sat 01:00.
 */
export function checkWeekdayAndWindow(rules: CampaignRules, local: LocalDateTime): Refusal | null {
  const weekdays = rules.weekdays && rules.weekdays.length > 0 ? rules.weekdays : null;
  const windows = windowsOf(rules);
  const yesterday = local.isoWeekday === 1 ? 7 : local.isoWeekday - 1;
  const dayAllowed = (offset: 0 | -1) => !weekdays || weekdays.includes(offset === 0 ? local.isoWeekday : yesterday);
  if (weekdays) {
    const carriedOver = windows.some((w) => windowDay(w, local.minutesOfDay) === -1 && dayAllowed(-1));
    if (!dayAllowed(0) && !carriedOver) return refuse('wrong_weekday');
  }
  if (windows.length === 0) return null;
  const inside = windows.some((w) => {
    const offset = windowDay(w, local.minutesOfDay);
    return offset !== null && dayAllowed(offset);
  });
  if (inside) return null;
  const text = (rules.timeWindows ?? []).map((w) => `${w.start}-${w.end}`).join(', ');
  return refuse('outside_time_window', { windows: text });
}

/** Large allow/deny lists are looked up through a Set, built once per list. */
const storeSets = new WeakMap<readonly string[], Set<string>>();
function listHas(list: readonly string[], id: string): boolean {
  if (list.length < 32) return list.includes(id);
  let set = storeSets.get(list);
  if (!set) {
    set = new Set(list);
    storeSets.set(list, set);
  }
  return set.has(id);
}

/** 门店限用: the deny list wins; a non-empty allow list admits only its stores. */
export function checkStore(rules: CampaignRules, storeId: string): Refusal | null {
  if (rules.storesDeny && listHas(rules.storesDeny, storeId)) return refuse('wrong_store');
  if (rules.storesAllow && rules.storesAllow.length > 0 && !listHas(rules.storesAllow, storeId)) return refuse('wrong_store');
  return null;
}

/** Tier-only campaigns: the customer's member tier must be one of the campaign's (no tier given: refused). */
export function checkTier(rules: CampaignRules, memberTier: string | undefined): Refusal | null {
  const tiers = rules.memberTiers;
  if (!tiers || tiers.length === 0) return null;
  return memberTier !== undefined && tiers.includes(memberTier) ? null : refuse('tier_not_eligible', { tiers: tiers.join(', ') });
}

function sameCampaignApplied(applied: readonly AppliedCoupon[], campaignId: number): number {
  let n = 0;
  for (const a of applied) if (a.campaign.id === campaignId) n++;
  return n;
}

/** Uses per code (revoked is checked first, in index.ts), then the member limit (only when a member is identified), then the campaign cap. */
export function checkUses(candidate: CouponCandidate, hasMember: boolean, ctx: EvaluationContext): Refusal | null {
  const { rules, id } = candidate.campaign;
  const usage = ctx.usage;
  const usesPerCode = rules.usesPerCode ?? 1;
  if (usage.codeUsesHere + usage.codeUsesElsewhere >= usesPerCode) {
    return refuse(usage.codeUsesHere >= usesPerCode ? 'already_used_here' : 'used_elsewhere');
  }
  const onBasket = sameCampaignApplied(ctx.applied, id);
  if (rules.perMemberLimit !== undefined && hasMember && usage.memberUses + onBasket >= rules.perMemberLimit) {
    return refuse('member_limit_reached', { limit: rules.perMemberLimit });
  }
  if (rules.campaignCap !== undefined && usage.campaignUses + onBasket >= rules.campaignCap) {
    return refuse('campaign_cap_reached', { cap: rules.campaignCap });
  }
  return null;
}

type Stacking = CampaignRules['stacking'];
const EXCLUSIVE: Stacking = { mode: 'exclusive' };

/** 叠加规则: duplicates, exclusive vs anything, combinable only within one group, at most K per basket. */
export function checkStacking(candidate: CouponCandidate, applied: readonly AppliedCoupon[]): Refusal | null {
  if (applied.some((a) => a.couponKey === candidate.couponKey)) return refuse('duplicate_in_basket');
  if (applied.length === 0) return null;
  const mine = candidate.campaign.rules.stacking ?? EXCLUSIVE;
  // params.withName: the coupon on the basket it clashes with, so the cashier can say which to remove.
  if (mine.mode === 'exclusive') return refuse('not_stackable', { withName: applied[0]!.campaign.name });
  for (const a of applied) {
    const theirs = a.campaign.rules.stacking ?? EXCLUSIVE;
    if (theirs.mode === 'exclusive' || (theirs.group ?? '') !== (mine.group ?? '')) return refuse('not_stackable', { withName: a.campaign.name });
  }
  let max = mine.maxPerBasket ?? Infinity;
  for (const a of applied) max = Math.min(max, a.campaign.rules.stacking?.maxPerBasket ?? Infinity);
  if (applied.length + 1 > max) return refuse('basket_coupon_limit', { max });
  return null;
}
