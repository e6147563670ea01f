import { afterEach, describe, expect, it } from 'vitest';
import { dayNumber } from '../shared/couponCode';
import { encodeHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { RedemptionUpload } from '../shared/redemption';
import { bitmapOf, decodeBitmap, decodeSpentSet, encodeBitmap, plainSpentValueOfKey, type SpentLists } from '../shared/spentList';
import { importPlainCodes, mintCodes } from './services/codes';
import { pullPage } from './services/pull';
import { pushBatch } from './services/push';
import { inTransaction } from './services/context';
import { compactSpentDeltas, pruneSpentLists, spentListsSince } from './services/spentList';
import { migrateHq } from './db/migrations';
import { sql, type Kysely } from 'kysely';
import { hqPlainHash } from './services/signing';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';

/**
 * The spent lists at HQ (decisions 072-074): bitmaps per campaign (signed serials) and per plain
 * batch (hash prefixes), sent whole to a till that holds none and as changes since its version
 * to the others; ended campaigns and expired serials leave them; tills that do not ask keep
 * getting today's per-code spentElsewhere.
 */
let hq: TestHq | undefined;
afterEach(async () => {
  await hq?.cleanup();
  hq = undefined;
});

const tillA = { tillId: 'tA', storeId: 's1', enrolledAt: null };
const tillB = { tillId: 'tB', storeId: 's2', enrolledAt: null };
let wall = 1_700_000_000_000;

function upload(till: typeof tillA, couponKey: string, extra: Partial<RedemptionUpload> = {}): RedemptionUpload {
  return {
    id: newId(),
    kind: 'redeem',
    voidsId: null,
    couponKey,
    campaignId: 1,
    storeId: till.storeId,
    tillId: till.tillId,
    cashierId: 'c1',
    basketId: newId(),
    basketTotalMinor: 10_000,
    discountMinor: 2_000,
    memberId: null,
    source: 'manual',
    hlc: encodeHlc({ wallMs: wall++, counter: 0, node: till.tillId }),
    createdAt: wall,
    reason: null,
    approvedBy: null,
    ...extra,
  };
}

/** Every page of a pull from a cursor, the spent lists of the last one. */
async function pullAll(h: TestHq, spent: number | undefined) {
  let cursor = { chain: 0, store: 0 };
  const spentElsewhere: { couponKey: string; uses: number }[] = [];
  let lists: SpentLists | undefined;
  for (;;) {
    const r = await pullPage(h.ctx, tillB, cursor, 500, spent);
    if (!r.update) break;
    spentElsewhere.push(...r.update.spentElsewhere);
    lists = r.update.spentLists ?? lists;
    cursor = { chain: r.update.toVersion, store: r.update.storeToVersion ?? r.update.toVersion };
    if (!r.more) break;
  }
  return { spentElsewhere, lists };
}

const values = (b64: string | undefined) => {
  const b = decodeBitmap(b64)!;
  const out = b.toArray();
  b.dispose();
  return out;
};

async function seeded(dialect: (typeof TEST_DIALECTS)[number]) {
  const h = await startTestHq(dialect);
  await h.admin.seed({ storeIds: ['s1', 's2'] });
  for (const t of [tillA, tillB])
    await h.ctx.db
      .insertInto('tills')
      .values({ id: t.tillId, store_id: t.storeId, name: t.tillId, credential_hash: null, enrolled_at: null, created_at: 1 })
      .execute();
  return h;
}

describe.each(TEST_DIALECTS)('spent lists at HQ (%s)', (dialect) => {
  it('a fresh till gets each campaign bitmap whole; a till at version N gets only what changed since', async () => {
    hq = await seeded(dialect);
    const codes = await hq.admin.mint(1, 6);
    await pushBatch(hq.ctx, tillA, [upload(tillA, codes[0]!.couponKey), upload(tillA, codes[2]!.couponKey)]);
    const fresh = await pullAll(hq, 0);
    expect(fresh.spentElsewhere).toEqual([]);
    expect(fresh.lists).toMatchObject({ fromVersion: 0, reset: true, dropped: [] });
    expect(fresh.lists!.lists.map((l) => [l.list, l.campaignId, values(l.added)])).toEqual([['s:1', 1, [1, 3]]]);
    const v = fresh.lists!.toVersion;
    expect(v).toBeGreaterThan(0);
    // The control: a till that does not ask gets one entry per code, as before.
    expect((await pullAll(hq, undefined)).spentElsewhere.map((s) => s.couponKey).sort()).toEqual([codes[0]!.couponKey, codes[2]!.couponKey].sort());

    const second = upload(tillA, codes[4]!.couponKey);
    await pushBatch(hq.ctx, tillA, [second]);
    const delta = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, v)).update!.spentLists!;
    expect(delta).toMatchObject({ fromVersion: v, reset: false, dropped: [] });
    expect(delta.lists.map((l) => [l.list, values(l.added), values(l.removed)])).toEqual([['s:1', [5], []]]);
    // A void frees the use: the serial leaves the list, as a removal.
    await pushBatch(hq.ctx, tillA, [upload(tillA, codes[4]!.couponKey, { kind: 'void', voidsId: second.id })]);
    const freed = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, delta.toVersion)).update!.spentLists!;
    expect(freed.lists.map((l) => [l.list, values(l.added), values(l.removed)])).toEqual([['s:1', [], [5]]]);
    // Folded from version v: added then removed is no change at all.
    const both = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, v)).update!.spentLists!;
    expect(both.lists.map((l) => [values(l.added), values(l.removed)])).toEqual([[[], [5]]]);
    // Up to date: no spent lists, and (nothing else new) no update.
    const head = await pullAll(hq, freed.toVersion);
    expect(head.lists).toBeUndefined();
  });

  it('plain codes: the batch list holds the first 32 bits of each used-up code hash', async () => {
    hq = await seeded(dialect);
    const batch = await importPlainCodes(hq.ctx, 1, ['PLAIN-1', 'PLAIN-2', 'PLAIN-3']);
    const key = 'p:' + hqPlainHash('PLAIN-2').toString('hex');
    await pushBatch(hq.ctx, tillA, [upload(tillA, key)]);
    const { lists } = await pullAll(hq, 0);
    expect(lists!.lists.map((l) => [l.list, values(l.added)])).toEqual([[`p:${batch.batchId}`, [plainSpentValueOfKey(key)]]]);
  });

  it('a till that reads Rice-coded sets gets plain batches so, whole and as changes, the same values; signed lists stay Roaring', async () => {
    hq = await seeded(dialect);
    const plain = Array.from({ length: 40 }, (_, i) => `RICE-${i}`);
    const batch = await importPlainCodes(hq.ctx, 1, plain);
    const keyOf = (c: string) => 'p:' + hqPlainHash(c).toString('hex');
    const [signed] = await hq.admin.mint(1, 1);
    await pushBatch(hq.ctx, tillA, [...plain.slice(0, 20).map((c) => upload(tillA, keyOf(c))), upload(tillA, signed!.couponKey)]);
    const read = (l: SpentLists['lists'][number], side: 'added' | 'removed') => {
      const b = decodeSpentSet(l[side], l.coding)!;
      const out = b.toArray();
      b.dispose();
      return out;
    };
    const whole = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, 0, 1, true)).update!.spentLists!;
    const roaring = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, 0)).update!.spentLists!;
    expect(whole.lists.map((l) => [l.list, l.coding])).toEqual([
      [`p:${batch.batchId}`, 'rice'],
      ['s:1', undefined],
    ]);
    const prefixes = plain
      .slice(0, 20)
      .map((c) => plainSpentValueOfKey(keyOf(c)))
      .sort((x, y) => x - y);
    expect(read(whole.lists[0]!, 'added')).toEqual(prefixes);
    expect(roaring.lists.map((l) => [l.list, l.coding, values(l.added)])).toEqual(whole.lists.map((l) => [l.list, undefined, read(l, 'added')]));
    // Changes since that version: ten more used up; then one of them freed by a void.
    const voided = upload(tillA, keyOf(plain[20]!));
    await pushBatch(hq.ctx, tillA, [voided, ...plain.slice(21, 30).map((c) => upload(tillA, keyOf(c)))]);
    const delta = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, whole.toVersion, 1, true)).update!.spentLists!;
    expect(delta.lists.map((l) => [l.list, l.coding])).toEqual([[`p:${batch.batchId}`, 'rice']]);
    expect(read(delta.lists[0]!, 'added')).toEqual(
      plain
        .slice(20, 30)
        .map((c) => plainSpentValueOfKey(keyOf(c)))
        .sort((x, y) => x - y),
    );
    await pushBatch(hq.ctx, tillA, [upload(tillA, keyOf(plain[20]!), { kind: 'void', voidsId: voided.id })]);
    const freed = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, delta.toVersion, 1, true)).update!.spentLists!;
    expect(freed.lists.map((l) => [l.coding, read(l, 'added'), read(l, 'removed')])).toEqual([['rice', [], [plainSpentValueOfKey(keyOf(plain[20]!))]]]);
    // A fresh till now gets the list as it stands, not the text HQ coded for the first pull.
    const again = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, 0, 1, true)).update!.spentLists!;
    const now = [...plain.slice(0, 20), ...plain.slice(21, 30)].map((c) => plainSpentValueOfKey(keyOf(c))).sort((x, y) => x - y);
    expect(read(again.lists[0]!, 'added')).toEqual(now);
  });

  it('compaction deletes the deltas no pull can fold: every till gets the same answer before and after', async () => {
    hq = await seeded(dialect);
    const top = 5_010;
    const all = bitmapOf(Array.from({ length: top }, (_, i) => i + 1));
    await hq.ctx.db
      .insertInto('spent_lists')
      .values({ list: 's:1', campaign_id: 1, bitmap: encodeBitmap(all), version: top, dropped: 0 })
      .execute();
    all.dispose();
    const rows = Array.from({ length: top }, (_, i) => {
      const one = bitmapOf([i + 1]);
      const added = encodeBitmap(one);
      one.dispose();
      return { version: i + 1, list: 's:1', campaign_id: 1, added, removed: '', dropped: 0 };
    });
    for (let i = 0; i < rows.length; i += 500)
      await hq.ctx.db
        .insertInto('spent_deltas')
        .values(rows.slice(i, i + 500))
        .execute();
    const tills = [3, 9, 10, 5_009];
    // What a till at each version is sent (spentListsSince: a pull would compact first, at its first of the day).
    const answers = async () => Promise.all(tills.map((v) => spentListsSince(hq!.ctx, v)));
    const before = await answers();
    // From 3 and 9 more than 5,000 changes piled up: whole lists; from 10 and 5,009 the fold.
    expect(before.map((s) => s!.reset)).toEqual([true, true, false, false]);
    // The day's first pull compacts (pruneOncePerDay) before it answers: the answer is the fold, as before.
    expect((await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, 10)).update!.spentLists).toEqual(before[2]);
    expect(
      Number(
        (
          await hq.ctx.db
            .selectFrom('spent_deltas')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(5_001);
    expect(await answers()).toEqual(before);
    expect(await inTransaction(hq.ctx, (trx) => compactSpentDeltas(trx))).toBe(0);
  });

  it('pruning: an ended campaign leaves whole, a serial past its expiry day leaves its list', async () => {
    hq = await seeded(dialect);
    await hq.admin.ok('POST', '/admin/campaigns', { id: 2, name: 'Second', benefit: { type: 'cash', amountOffMinor: 500 }, rules: {} });
    const today = dayNumber(hq.ctx.now());
    const early = await mintCodes(hq.ctx, { campaignId: 1, count: 2, issueDay: today, expiryDay: today + 10 });
    const late = await mintCodes(hq.ctx, { campaignId: 1, count: 1, issueDay: today, expiryDay: today + 100 });
    const other = await mintCodes(hq.ctx, { campaignId: 2, count: 1, issueDay: today, expiryDay: today + 100 });
    await pushBatch(hq.ctx, tillA, [
      upload(tillA, early[0]!.couponKey),
      upload(tillA, late[0]!.couponKey),
      upload(tillA, other[0]!.couponKey, { campaignId: 2 }),
    ]);
    const before = (await pullAll(hq, 0)).lists!;
    expect(before.lists.map((l) => [l.list, values(l.added)])).toEqual([
      ['s:1', [1, 3]],
      ['s:2', [1]],
    ]);
    expect(await inTransaction(hq.ctx, (trx) => pruneSpentLists(hq!.ctx, trx, today + 50))).toEqual({ dropped: 0, removed: 1 });
    await hq.admin.ok('POST', '/admin/campaigns/2/end', {});
    expect(await inTransaction(hq.ctx, (trx) => pruneSpentLists(hq!.ctx, trx, today + 50))).toEqual({ dropped: 1, removed: 0 });
    const delta = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500, before.toVersion)).update!.spentLists!;
    expect(delta.lists.map((l) => [l.list, values(l.added), values(l.removed)])).toEqual([['s:1', [], [1]]]);
    expect(delta.dropped).toEqual(['s:2']);
    const fresh = (await pullAll(hq, 0)).lists!;
    expect(fresh.lists.map((l) => [l.list, values(l.added)])).toEqual([['s:1', [3]]]);
    // Nothing left to prune: no new version.
    expect(await inTransaction(hq.ctx, (trx) => pruneSpentLists(hq!.ctx, trx, today + 50))).toEqual({ dropped: 0, removed: 0 });
  });

  it('HQ migration 26 from the schema before it: codes used up before it are in the lists, an enrolled till pulls nothing else again', async () => {
    hq = await seeded(dialect);
    const codes = await hq.admin.mint(1, 4);
    const gone = upload(tillA, codes[1]!.couponKey);
    await pushBatch(hq.ctx, tillA, [upload(tillA, codes[0]!.couponKey), gone, upload(tillA, codes[3]!.couponKey)]);
    await pushBatch(hq.ctx, tillA, [upload(tillA, codes[1]!.couponKey, { kind: 'void', voidsId: gone.id })]);
    await pullAll(hq, undefined); // relays the spent facts before the upgrade
    // The database as it was before migration 26.
    const db = hq.ctx.db as unknown as Kysely<unknown>;
    for (const q of [
      sql`drop table spent_lists`,
      sql`drop table spent_deltas`,
      sql`drop index issued_codes_expiry`,
      sql`delete from hq_migrations where version = 26`,
    ])
      await q.execute(db);
    await migrateHq(db, dialect);
    const { lists } = await pullAll(hq, 0);
    expect(lists!.lists.map((l) => [l.list, values(l.added)])).toEqual([['s:1', [1, 4]]]);
    // A till at the head before the upgrade asks for the lists: it gets them and nothing else.
    const head = (await pullPage(hq.ctx, tillB, { chain: 0, store: 0 }, 500)).head;
    const r = await pullPage(hq.ctx, tillB, { chain: head, store: head }, 500, 0);
    expect(r.update).toMatchObject({ fromVersion: head, toVersion: head, campaigns: [], spentElsewhere: [], spentLists: { reset: true } });
  });
});
