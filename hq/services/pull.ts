import type { Campaign } from '../../shared/campaign';
import { engineVersionNeeded, heldBackCampaign } from '../../shared/rules/engineVersion';
import type { HqUser, HqVerdict, RuleSetUpdate, SigningKeyInfo, StoreInfo, StoreTill } from '../../shared/ruleSet';
import type { PullResponse } from '../../shared/sync';
import { heads, read, sequencePending, type PullCursor, type SpentEntry } from './changeLog';
import { relaySpent } from './spentRelay';
import { compactSpentDeltas, pruneSpentLists, spentListsSince } from './spentList';
import { dayNumber } from '../../shared/couponCode';
import { inTransaction, type HqContext } from './context';
import type { AuthenticatedTill } from './tills';

/** Items (codes, verdicts, campaigns ...) in one page at most: keeps every list under the rule-set schema's limits. */
export const PAGE_ITEM_BUDGET = 100_000;
/** Change-log entries read per query while filling a page. */
const SCAN_CHUNK = 200;

interface Page {
  store?: StoreInfo;
  /** The store's tills by name (the latest list in the page). */
  tills?: StoreTill[];
  campaigns: Map<number, Campaign>;
  keys: Map<number, SigningKeyInfo>;
  revoked: Set<string>;
  spent: Map<string, number>;
  plainCodes: { hash: string; campaignId: number }[];
  plainCodesRemoved: string[];
  verdicts: Map<string, HqVerdict>;
  users: Map<string, HqUser>;
  items: number;
}

/**
 * One page of the rule set for `till` since the cursor `since` (a version per change stream): the
 * changes this till may see (chain-wide, its store's, its own), folded so the latest state of each
 * thing wins. The chain stream's entries come first, then the store's (users that move between a
 * store and the chain rely on that order, users.ts). A page ends on stream boundaries, so the till
 * resumes from its end. Pending spent facts are relayed into the chain stream first (spentRelay.ts).
 */
export async function pullPage(
  ctx: HqContext,
  till: AuthenticatedTill,
  since: PullCursor,
  limit: number,
  spentSince?: number,
  engine = 1,
  /** The till reads Rice-coded plain-code lists (decision 087). */
  spentRice = false,
): Promise<PullResponse> {
  // Pushes leave their entries unnumbered (decision 046): number them, then relay the spent facts among them.
  await sequencePending(ctx);
  await relaySpent(ctx);
  await pruneOncePerDay(ctx);
  const head = await heads(ctx, till.storeId);
  const hqTime = ctx.clock.tick();
  const answer = { head: head.chain, storeHead: head.store, hqTime };
  const scope = { storeId: till.storeId, tillId: till.tillId, spentLists: spentSince !== undefined };
  if (since.chain >= head.chain && since.store >= head.store) {
    const spent = spentSince === undefined ? null : await spentListsSince(ctx, spentSince, spentRice);
    if (!spent) return { update: null, more: false, ...answer };
    return { update: { ...toUpdate(emptyPage(), since, since, engine), spentLists: spent }, more: false, ...answer };
  }
  const page = emptyPage();
  const upTo = { chain: Math.max(since.chain, head.chain), store: Math.max(since.store, head.store) };
  const cursor = { ...since };
  let entries = 0;
  let full = false;
  while (!full && entries < limit) {
    const want = Math.min(SCAN_CHUNK, limit - entries);
    const rows = await read(ctx, cursor, scope, { upTo, limit: want });
    for (const row of rows) {
      const size = itemCount(row.kind, row.payload);
      if (entries > 0 && page.items + size > PAGE_ITEM_BUDGET) {
        full = true;
        break;
      }
      fold(page, row.kind, row.payload, till.tillId);
      page.items += size;
      entries++;
      cursor[row.stream] = row.version;
      // The store's entries come only once the chain's are all read.
      if (row.stream === 'store') cursor.chain = upTo.chain;
    }
    if (rows.length < want) break;
  }
  // Nothing visible left below the heads: jump the till's cursor to them (changes for other tills are skipped).
  const more = full || (entries >= limit && (cursor.chain < upTo.chain || cursor.store < upTo.store));
  const update = toUpdate(page, since, more ? cursor : upTo, engine);
  // The spent lists come on the last page: every campaign they name is defined by then.
  const spent = !more && spentSince !== undefined ? await spentListsSince(ctx, spentSince, spentRice) : null;
  return { update: spent ? { ...update, spentLists: spent } : update, more, ...answer };
}

/** The day each HQ context last pruned the spent lists and their deltas (each process prunes at its first pull of a day; pruning twice changes nothing). */
const prunedOn = new WeakMap<HqContext, number>();

async function pruneOncePerDay(ctx: HqContext): Promise<void> {
  const today = dayNumber(ctx.now());
  if (prunedOn.get(ctx) === today) return;
  prunedOn.set(ctx, today);
  await inTransaction(ctx, async (trx) => {
    await pruneSpentLists(ctx, trx, today);
    await compactSpentDeltas(trx);
  });
}

function emptyPage(): Page {
  return {
    campaigns: new Map(),
    keys: new Map(),
    revoked: new Set(),
    spent: new Map(),
    plainCodes: [],
    plainCodesRemoved: [],
    verdicts: new Map(),
    users: new Map(),
    items: 0,
  };
}

function itemCount(kind: string, payload: unknown): number {
  return Array.isArray(payload) ? payload.length : kind === 'spent' ? (payload as SpentEntry[]).length : 1;
}

function fold(page: Page, kind: string, payload: unknown, tillId: string): void {
  switch (kind) {
    case 'store':
      page.store = payload as StoreInfo;
      break;
    case 'tills':
      page.tills = payload as StoreTill[];
      break;
    case 'campaign':
      for (const c of payload as Campaign[]) page.campaigns.set(c.id, c);
      break;
    case 'key':
      for (const k of payload as SigningKeyInfo[]) page.keys.set(k.keyId, k);
      break;
    case 'revoke':
      for (const key of payload as string[]) page.revoked.add(key);
      break;
    case 'spent':
    case 'spent_wide':
      // Uses consumed at *other* tills: the till counts its own uses from its own ledger.
      for (const s of payload as SpentEntry[]) page.spent.set(s.couponKey, Math.max(0, s.total - (s.byTill[tillId] ?? 0)));
      break;
    case 'plain':
      for (const p of payload as { hash: string; campaignId: number }[]) page.plainCodes.push(p);
      break;
    case 'plain_removed':
      for (const h of payload as string[]) page.plainCodesRemoved.push(h);
      break;
    case 'verdict':
      for (const v of payload as HqVerdict[]) page.verdicts.set(v.redemptionId, v);
      break;
    case 'user':
      // The store's users and the chain-wide ones (the query scoped the rows); the latest state wins.
      for (const u of payload as HqUser[]) page.users.set(u.id, u);
      break;
  }
}

/**
 * A campaign as this till may hold it: with the engine version it needs when that is above 1, or,
 * when the till's engine is older, an ended stand-in (decision 083): an older till's schema would
 * drop what it does not know and figure the campaign wrong.
 */
function forEngine(c: Campaign, engine: number): Campaign {
  const needed = engineVersionNeeded(c);
  if (needed > engine) return heldBackCampaign(c, needed);
  return needed > 1 ? { ...c, engineVersion: needed } : c;
}

function toUpdate(page: Page, since: PullCursor, to: PullCursor, engine: number): RuleSetUpdate {
  return {
    formatVersion: 1,
    fromVersion: since.chain,
    toVersion: to.chain,
    storeFromVersion: since.store,
    storeToVersion: to.store,
    reset: since.chain === 0 && since.store === 0,
    ...(page.store ? { store: page.store } : {}),
    ...(page.tills ? { tills: page.tills } : {}),
    campaigns: [...page.campaigns.values()].map((c) => forEngine(c, engine)),
    keys: [...page.keys.values()],
    revoked: [...page.revoked],
    spentElsewhere: [...page.spent].map(([couponKey, uses]) => ({ couponKey, uses })),
    plainCodes: page.plainCodes,
    plainCodesRemoved: page.plainCodesRemoved,
    verdicts: [...page.verdicts.values()],
    users: [...page.users.values()],
  };
}
