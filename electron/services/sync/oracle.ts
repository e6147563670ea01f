import type { TestTill } from './testing';

/**
 * The conflict rule written out independently for tests: per code, among non-voided
 * redemptions from every till, the N earliest by (HLC, till id, id) are accepted, the rest
 * are conflicts. Input: the union of the tills' ledgers.
 */
export interface LedgerEntryView {
  id: string;
  kind: string;
  couponKey: string;
  tillId: string;
  hlc: string;
  voidsId: string | null;
}

export function tillLedger(t: TestTill): LedgerEntryView[] {
  return t.db.prepare('SELECT id, kind, coupon_key AS couponKey, till_id AS tillId, hlc, voids_id AS voidsId FROM redemptions').all() as LedgerEntryView[];
}

export function expectedStatuses(entries: LedgerEntryView[], usesPerCode: (couponKey: string) => number): Map<string, string> {
  const voided = new Set(entries.filter((e) => e.kind === 'void').map((e) => e.voidsId!));
  const byCode = new Map<string, LedgerEntryView[]>();
  for (const e of entries) if (e.kind === 'redeem') byCode.set(e.couponKey, [...(byCode.get(e.couponKey) ?? []), e]);
  const out = new Map<string, string>();
  for (const [key, list] of byCode) {
    const live = list
      .filter((e) => !voided.has(e.id))
      .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.tillId < b.tillId ? -1 : a.tillId > b.tillId ? 1 : a.id < b.id ? -1 : 1));
    live.forEach((e, i) => out.set(e.id, i < usesPerCode(key) ? 'accepted' : 'conflict'));
    for (const e of list) if (voided.has(e.id)) out.set(e.id, 'voided');
  }
  for (const e of entries) if (e.kind === 'void') out.set(e.id, 'applied');
  return out;
}
