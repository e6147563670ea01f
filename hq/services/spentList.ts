import { sql } from 'kysely';
import {
  applyChange,
  bitmapOf,
  decodeBitmap,
  encodeBitmap,
  encodeSpentSet,
  foldChange,
  plainSpentValueOfKey,
  RoaringBitmap32,
  signedSpentValue,
  type SpentCoding,
  type SpentListChange,
  type SpentLists,
} from '../../shared/spentList';
import type { SpentEntry } from './changeLog';
import type { HqContext, Tx } from './context';
import { usesPerCode } from './ledger';

/**
 * HQ's spent lists (decisions 072-074): per campaign, a Roaring bitmap of used-up signed serials;
 * per plain-code batch, one of used-up hash prefixes (32 bits). The relay (spentRelay.ts) records
 * every change here under the chain stream's head row, so spent versions are gap-free and commit
 * in order; a pull sends the changes since the till's spent version, folded, or the whole lists.
 */

/** Past this many changed lists since a till's version, the whole lists are smaller to send and to fold. */
const MAX_DELTA_ROWS = 5_000;

interface Touch {
  list: string;
  campaignId: number;
  value: number;
  usedUp: boolean;
  couponKey: string;
}

/** What the relay found for each touched code, placed in its list; codes no list can hold come back in `wide`. */
async function placeEntries(ctx: HqContext, trx: Tx, entries: SpentEntry[]): Promise<{ touches: Touch[]; wide: SpentEntry[] }> {
  const wide: SpentEntry[] = [];
  const signed: { e: SpentEntry; campaignId: number; serial: number }[] = [];
  const plainKeys: SpentEntry[] = [];
  for (const e of entries) {
    if (e.couponKey.startsWith('s:')) {
      const [, c, s] = e.couponKey.split(':');
      signed.push({ e, campaignId: Number(c), serial: Number(s) });
    } else plainKeys.push(e);
  }
  const batches = await batchesOf(
    trx,
    plainKeys.map((e) => e.couponKey),
  );
  const campaignIds = [...signed.map((s) => s.campaignId), ...[...batches.values()].map((b) => b.campaignId)];
  const allowed = await usesPerCode(trx, campaignIds);
  const ended = await endedCampaigns(trx, campaignIds, ctx.now());
  const touches: Touch[] = [];
  const usedUp = (e: SpentEntry, campaignId: number) => e.total >= Math.max(1, allowed.get(campaignId) ?? 1);
  for (const { e, campaignId, serial } of signed) {
    const at = signedSpentValue(campaignId, serial);
    if (!at) wide.push(e);
    else if (!ended.has(campaignId)) touches.push({ ...at, campaignId, usedUp: usedUp(e, campaignId), couponKey: e.couponKey });
  }
  for (const e of plainKeys) {
    const b = batches.get(e.couponKey);
    if (b && !ended.has(b.campaignId))
      touches.push({
        list: `p:${b.batchId}`,
        campaignId: b.campaignId,
        value: plainSpentValueOfKey(e.couponKey),
        usedUp: usedUp(e, b.campaignId),
        couponKey: e.couponKey,
      });
  }
  await keepSharedPrefixes(trx, touches, allowed);
  return { touches, wide };
}

/** The batch (and campaign) of each plain coupon key. */
async function batchesOf(trx: Tx, keys: string[]): Promise<Map<string, { batchId: string; campaignId: number }>> {
  const out = new Map<string, { batchId: string; campaignId: number }>();
  const byHash = new Map(keys.map((k) => [Buffer.from(k.slice(2), 'hex').toString('base64url'), k]));
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await trx
      .selectFrom('plain_codes')
      .select(['hash', 'batch_id', 'campaign_id'])
      .where('hash', 'in', hashes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(byHash.get(r.hash)!, { batchId: r.batch_id, campaignId: Number(r.campaign_id) });
  }
  return out;
}

async function endedCampaigns(trx: Tx, ids: number[], now: number): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await trx.selectFrom('campaigns').select(['id', 'body']).where('id', 'in', unique).execute();
  return new Set(rows.filter((r) => campaignOver(r.body, now)).map((r) => Number(r.id)));
}

/** An ended campaign, or one whose validity window has closed: its codes are refused before any spent check. */
export function campaignOver(body: string, now: number): boolean {
  const c = JSON.parse(body) as { status?: string; rules?: { validUntil?: number } };
  return c.status === 'ended' || (c.rules?.validUntil !== undefined && c.rules.validUntil <= now);
}

/**
 * Two used-up plain codes of one batch can share a 32-bit prefix: a prefix leaves its list only
 * when no used-up code of the batch still has it (rare: the ledger is asked by key range).
 */
async function keepSharedPrefixes(trx: Tx, touches: Touch[], allowed: Map<number, number>): Promise<void> {
  for (const t of touches) {
    if (t.usedUp || !t.list.startsWith('p:')) continue;
    const lo = t.couponKey.slice(0, 10);
    const rows = await trx
      .selectFrom('redemptions')
      .select(['coupon_key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('coupon_key', '>=', lo)
      .where('coupon_key', '<', lo + 'g')
      .where('coupon_key', '<>', t.couponKey)
      .where('campaign_id', '=', t.campaignId)
      .where('kind', '=', 'redeem')
      .where('status', '=', 'accepted')
      .groupBy('coupon_key')
      .execute();
    if (rows.some((r) => Number(r.n) >= Math.max(1, allowed.get(t.campaignId) ?? 1))) t.usedUp = true;
  }
}

/** The next spent version; call only while holding the chain stream's head row (the relay and pruning do). */
async function nextVersion(db: Tx | HqContext['db']): Promise<number> {
  const r = await db
    .selectFrom('spent_lists')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}

interface ListEdit {
  campaignId: number;
  added: RoaringBitmap32;
  removed: RoaringBitmap32;
  dropped?: boolean;
}

/** Writes the edits as one spent version: each list's new whole bitmap and what actually changed. */
async function writeEdits(trx: Tx, edits: Map<string, ListEdit>): Promise<number> {
  const lists = [...edits.keys()];
  const held = new Map<string, { bitmap: string; dropped: number }>();
  for (let i = 0; i < lists.length; i += 500)
    for (const r of await trx
      .selectFrom('spent_lists')
      .select(['list', 'bitmap', 'dropped'])
      .where('list', 'in', lists.slice(i, i + 500))
      .execute())
      held.set(r.list, { bitmap: r.bitmap, dropped: Number(r.dropped) });
  const rows: { list: string; campaign_id: number; bitmap: string; dropped: number; added: string; removed: string }[] = [];
  for (const [list, edit] of edits) {
    const before = held.get(list);
    const whole = (before && !before.dropped && decodeBitmap(before.bitmap)) || new RoaringBitmap32();
    if (edit.dropped) {
      if (before && !before.dropped) rows.push({ list, campaign_id: edit.campaignId, bitmap: '', dropped: 1, added: '', removed: '' });
    } else {
      // Only what really changes is sent: adding what is held, or removing what is not, is no change.
      edit.added.andNotInPlace(whole);
      edit.removed.andInPlace(whole);
      if (!edit.added.isEmpty || !edit.removed.isEmpty) {
        applyChange(whole, edit.added, edit.removed);
        rows.push({
          list,
          campaign_id: edit.campaignId,
          bitmap: encodeBitmap(whole),
          dropped: 0,
          added: encodeBitmap(edit.added),
          removed: encodeBitmap(edit.removed),
        });
      }
    }
    whole.dispose();
    edit.added.dispose();
    edit.removed.dispose();
  }
  if (rows.length === 0) return 0;
  const version = await nextVersion(trx);
  for (const r of rows) {
    await trx
      .insertInto('spent_lists')
      .values({ list: r.list, campaign_id: r.campaign_id, bitmap: r.bitmap, version, dropped: r.dropped })
      .onConflict((oc) => oc.column('list').doUpdateSet({ bitmap: r.bitmap, version, dropped: r.dropped }))
      .execute();
    await trx
      .insertInto('spent_deltas')
      .values({ version, list: r.list, campaign_id: r.campaign_id, added: r.added, removed: r.removed, dropped: r.dropped })
      .execute();
  }
  return version;
}

/**
 * Records the relay's recomputed entries in the spent lists (inside the relay's transaction, which
 * holds the chain head row). Returns the entries no bitmap can hold (serials beyond 32 bits), which
 * still travel by count.
 */
export async function recordSpent(ctx: HqContext, trx: Tx, entries: SpentEntry[]): Promise<SpentEntry[]> {
  const { touches, wide } = await placeEntries(ctx, trx, entries);
  const edits = new Map<string, ListEdit>();
  for (const t of touches) {
    let e = edits.get(t.list);
    if (!e) edits.set(t.list, (e = { campaignId: t.campaignId, added: new RoaringBitmap32(), removed: new RoaringBitmap32() }));
    if (t.usedUp) {
      e.added.add(t.value);
      e.removed.remove(t.value);
    } else if (!e.added.has(t.value)) e.removed.add(t.value);
  }
  await writeEdits(trx, edits);
  return wide;
}

/** The latest spent version. */
export async function spentHead(ctx: HqContext): Promise<number> {
  return (await nextVersion(ctx.db)) - 1;
}

/** Every list as it stands (one statement: one snapshot), for a till that holds none, or too old a version. */
async function wholeLists(ctx: HqContext, since: number, rice: boolean): Promise<SpentLists> {
  const rows = await ctx.db.selectFrom('spent_lists').select(['list', 'campaign_id', 'bitmap', 'version', 'dropped']).orderBy('list').execute();
  const toVersion = rows.reduce((m, r) => Math.max(m, Number(r.version)), 0);
  const cached = riceTexts.get(ctx);
  const kept = new Map<string, { version: number; text: string }>();
  const lists = rows
    .filter((r) => !Number(r.dropped))
    .map((r): SpentListChange => {
      const base = { list: r.list, campaignId: Number(r.campaign_id) };
      if (codingFor(r.list, rice) === 'roaring') return { ...base, added: r.bitmap };
      const version = Number(r.version);
      let hit = cached?.get(r.list);
      if (hit?.version !== version) {
        const whole = decodeBitmap(r.bitmap) ?? new RoaringBitmap32();
        hit = { version, text: encodeSpentSet(whole, 'rice') };
        whole.dispose();
      }
      kept.set(r.list, hit);
      return { ...base, coding: 'rice', added: hit.text };
    });
  if (rice) riceTexts.set(ctx, kept);
  return { fromVersion: since, toVersion, reset: true, lists, dropped: [] };
}

/**
 * Each plain list's Rice-coded text by the list version it was made from, per HQ process: a list
 * of 250,000 codes takes ~70 ms to code, and every fresh till's pull sends it whole. A list that
 * changes gets a new version (writeEdits), so a text is never sent for a version it was not made from.
 */
const riceTexts = new WeakMap<HqContext, Map<string, { version: number; text: string }>>();

/**
 * How a list travels to a till (decision 087): a plain-code batch's random 32-bit prefixes as a
 * Rice-coded set when the till reads them (about 2 bytes a code, Roaring's containers ~3.3);
 * signed serials always as Roaring bitmaps, whose dense and run containers suit them.
 */
function codingFor(list: string, rice: boolean): SpentCoding {
  return rice && list.startsWith('p:') ? 'rice' : 'roaring';
}

/**
 * The spent list's part of a till's pull: null when the till holds the latest version; the changes
 * since `since`, folded per list; or (since 0, an unknown version, or too much history) every list
 * whole with `reset`.
 */
export async function spentListsSince(ctx: HqContext, since: number, rice = false): Promise<SpentLists | null> {
  const head = await spentHead(ctx);
  if (since === head) return null;
  if (since === 0 || since > head) return wholeLists(ctx, since, rice);
  const rows = await ctx.db
    .selectFrom('spent_deltas')
    .selectAll()
    .where('version', '>', since)
    .orderBy('version')
    .orderBy('list')
    .limit(MAX_DELTA_ROWS + 1)
    .execute();
  if (rows.length > MAX_DELTA_ROWS) return wholeLists(ctx, since, rice);
  return foldDeltaRows(rows, since, rice);
}

function foldDeltaRows(
  rows: { version: number; list: string; campaign_id: number; added: string; removed: string; dropped: number }[],
  since: number,
  rice: boolean,
): SpentLists {
  const folded = new Map<string, { campaignId: number; added: RoaringBitmap32; removed: RoaringBitmap32; dropped: boolean }>();
  let toVersion = since;
  for (const r of rows) {
    toVersion = Math.max(toVersion, Number(r.version));
    const f = folded.get(r.list) ?? { campaignId: Number(r.campaign_id), added: new RoaringBitmap32(), removed: new RoaringBitmap32(), dropped: false };
    folded.set(r.list, f);
    if (Number(r.dropped)) {
      f.added.clear();
      f.removed.clear();
      f.dropped = true;
      continue;
    }
    const next = { added: decodeBitmap(r.added) ?? new RoaringBitmap32(), removed: decodeBitmap(r.removed) ?? new RoaringBitmap32() };
    foldChange(f, next);
    next.added.dispose();
    next.removed.dispose();
  }
  const lists: SpentListChange[] = [];
  const dropped: string[] = [];
  for (const [list, f] of folded) {
    if (f.dropped && f.added.isEmpty) dropped.push(list);
    else {
      // Dropped then started again (a campaign reopened): the till forgets the old list first.
      if (f.dropped) dropped.push(list);
      const coding = codingFor(list, rice);
      lists.push({
        list,
        campaignId: f.campaignId,
        ...(coding === 'rice' ? { coding } : {}),
        ...(f.added.isEmpty ? {} : { added: encodeSpentSet(f.added, coding) }),
        ...(f.removed.isEmpty ? {} : { removed: encodeSpentSet(f.removed, coding) }),
      });
    }
    f.added.dispose();
    f.removed.dispose();
  }
  return { fromVersion: since, toVersion, reset: false, lists, dropped };
}

/**
 * Deletes the spent deltas no pull can use: a pull folds at most MAX_DELTA_ROWS of them and sends
 * the whole lists past that, so only the newest MAX_DELTA_ROWS + 1 rows (with every row of the
 * oldest version among them) can ever be folded. A till whose version is older than what is kept
 * finds more rows than that after it, and gets the whole lists, as it did before. Returns the rows deleted.
 */
export async function compactSpentDeltas(trx: Tx): Promise<number> {
  const edge = await trx
    .selectFrom('spent_deltas')
    .select('version')
    .orderBy('version', 'desc')
    .orderBy('list', 'desc')
    .offset(MAX_DELTA_ROWS)
    .limit(1)
    .executeTakeFirst();
  if (!edge) return 0;
  const r = await trx.deleteFrom('spent_deltas').where('version', '<', edge.version).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Pruning (run daily by the pull path, or by hand): lists of ended campaigns (or whose validity
 * closed) leave whole; signed serials past their expiry day leave their campaign's list. A till
 * refuses those codes as 'campaign ended' / 'expired' before it asks the spent list, so its
 * reasons do not change. Takes the chain head row like the relay. Returns what it changed.
 */
export async function pruneSpentLists(ctx: HqContext, trx: Tx, today: number): Promise<{ dropped: number; removed: number }> {
  await sql`update change_streams set head = head where stream = '*'`.execute(trx);
  const live = await trx.selectFrom('spent_lists').select(['list', 'campaign_id', 'bitmap']).where('dropped', '=', 0).execute();
  const bodies = new Map((await trx.selectFrom('campaigns').select(['id', 'body']).execute()).map((r) => [Number(r.id), r.body] as const));
  const edits = new Map<string, ListEdit>();
  let removed = 0;
  for (const r of live) {
    const campaignId = Number(r.campaign_id);
    const body = bodies.get(campaignId);
    if (!body || campaignOver(body, ctx.now())) {
      edits.set(r.list, { campaignId, added: new RoaringBitmap32(), removed: new RoaringBitmap32(), dropped: true });
      continue;
    }
    if (!r.list.startsWith('s:')) continue;
    const expired = await trx.selectFrom('issued_codes').select('serial').where('campaign_id', '=', campaignId).where('expiry_day', '<', today).execute();
    const gone = bitmapOf(expired.map((e) => Number(e.serial)).filter((s) => s <= 0xffff_ffff));
    const whole = decodeBitmap(r.bitmap) ?? new RoaringBitmap32();
    gone.andInPlace(whole);
    whole.dispose();
    removed += gone.size;
    if (gone.isEmpty) gone.dispose();
    else edits.set(r.list, { campaignId, added: new RoaringBitmap32(), removed: gone });
  }
  const dropped = [...edits.values()].filter((e) => e.dropped).length;
  await writeEdits(trx, edits);
  return { dropped, removed };
}
