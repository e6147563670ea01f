import { sql, type Kysely } from 'kysely';
import { bitmapOf, encodeBitmap, plainSpentValueOfKey, signedSpentValue } from '../../shared/spentList';
import { strict, types, type Migration } from './migrations';

/**
 * Spent lists (issue 15, decisions 072-074): each campaign's used-up signed serials and each
 * plain-code batch's used-up hash prefixes as a Roaring bitmap (spent_lists, the whole list as it
 * stands), and what every spent version changed (spent_deltas), so a till that holds version N gets
 * only what changed since. Nothing existing moves: the per-code 'spent' changes stay in the chain
 * stream for tills that do not ask for the lists yet, and a till that starts asking is sent the
 * whole lists once (a few MB at most), not the change log again.
 */
export const spentLists: Migration = {
  version: 26,
  name: 'spent lists',
  async up(db, dialect) {
    const { big, int, text } = types(dialect);
    await strict(
      db.schema
        .createTable('spent_lists')
        .addColumn('list', text, (c) => c.primaryKey())
        .addColumn('campaign_id', int, (c) => c.notNull())
        // Portable Roaring bitmap, base64url ('' once dropped).
        .addColumn('bitmap', text, (c) => c.notNull())
        .addColumn('version', big, (c) => c.notNull())
        .addColumn('dropped', int, (c) => c.notNull()),
      dialect,
    ).execute();
    await strict(
      db.schema
        .createTable('spent_deltas')
        .addColumn('version', big, (c) => c.notNull())
        .addColumn('list', text, (c) => c.notNull())
        .addColumn('campaign_id', int, (c) => c.notNull())
        .addColumn('added', text, (c) => c.notNull())
        .addColumn('removed', text, (c) => c.notNull())
        .addColumn('dropped', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('spent_deltas_pk', ['version', 'list']),
      dialect,
    ).execute();
    // Pruning reads a campaign's codes by expiry day.
    await sql`create index issued_codes_expiry on issued_codes (campaign_id, expiry_day)`.execute(db);
    await backfill(db);
  },
};

/**
 * The lists as the ledger stands, as spent version 1: codes used up before this migration are in
 * them from the start (a till that asks for the lists skips the per-code changes that told it so).
 */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const campaigns = await sql<{ id: number; body: string }>`select id, body from campaigns`.execute(db);
  const allowed = new Map<number, number>();
  for (const c of campaigns.rows) {
    const body = JSON.parse(c.body) as { status?: string; rules?: { usesPerCode?: number; validUntil?: number } };
    const over = body.status === 'ended' || (body.rules?.validUntil !== undefined && body.rules.validUntil <= Date.now());
    if (!over) allowed.set(Number(c.id), Math.max(1, body.rules?.usesPerCode ?? 1));
  }
  const used = await sql<{ coupon_key: string; campaign_id: number; n: number }>`
    select coupon_key, campaign_id, count(*) as n from redemptions where kind = 'redeem' and status = 'accepted' group by coupon_key, campaign_id`.execute(db);
  const lists = new Map<string, { campaignId: number; values: number[] }>();
  const add = (list: string, campaignId: number, value: number) => {
    const l = lists.get(list) ?? { campaignId, values: [] };
    l.values.push(value);
    lists.set(list, l);
  };
  const plain: { key: string; campaignId: number }[] = [];
  for (const r of used.rows) {
    const campaignId = Number(r.campaign_id);
    const limit = allowed.get(campaignId);
    if (limit === undefined || Number(r.n) < limit) continue;
    if (r.coupon_key.startsWith('p:')) plain.push({ key: r.coupon_key, campaignId });
    else {
      const at = signedSpentValue(campaignId, Number(r.coupon_key.split(':')[2]));
      if (at) add(at.list, campaignId, at.value);
    }
  }
  for (let i = 0; i < plain.length; i += 500) {
    const chunk = plain.slice(i, i + 500);
    const byHash = new Map(chunk.map((p) => [Buffer.from(p.key.slice(2), 'hex').toString('base64url'), p]));
    const batches = await sql<{ hash: string; batch_id: string; campaign_id: number }>`
      select hash, batch_id, campaign_id from plain_codes where hash in (${sql.join([...byHash.keys()])})`.execute(db);
    for (const b of batches.rows) add(`p:${b.batch_id}`, Number(b.campaign_id), plainSpentValueOfKey(byHash.get(b.hash)!.key));
  }
  for (const [list, l] of lists) {
    const bitmap = bitmapOf(l.values);
    const text = encodeBitmap(bitmap);
    bitmap.dispose();
    await sql`insert into spent_lists (list, campaign_id, bitmap, version, dropped) values (${list}, ${l.campaignId}, ${text}, 1, 0)`.execute(db);
    await sql`insert into spent_deltas (version, list, campaign_id, added, removed, dropped) values (1, ${list}, ${l.campaignId}, ${text}, '', 0)`.execute(db);
  }
}
