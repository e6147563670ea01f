import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLedgerEntry } from '../db/repos/ledger';
import { markDelivered, markFailed, outboxStatus, pendingOutbox } from './outbox';
import { makeTill, NOON, type TillKit } from './testing/tillKit';

let till: TillKit;
let ids: string[];
beforeEach(() => {
  till = makeTill();
  ids = [1, 2, 3].map(
    (serial) =>
      till.service.redeem({ code: till.mint(1, serial), basket: { id: `b${serial}`, totalMinor: 1000 }, source: 'wedge' }, { cashierId: 'c' }).redemption!.id,
  );
});
afterEach(() => till.close());

describe('outbox', () => {
  it('hands out waiting items in the order they were written', () => {
    const items = pendingOutbox(till.db, 10, NOON);
    expect(items.map((i) => i.redemptionId)).toEqual(ids);
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((a, b) => a - b));
    expect(pendingOutbox(till.db, 2, NOON)).toHaveLength(2);
  });

  it('each upload carries what HQ recomputes and checks: its outbox seq, the eligible amount and (when HQ sent one) the campaign version', () => {
    const items = pendingOutbox(till.db, 10, NOON);
    expect(items.map((i) => i.payload.seq)).toEqual(items.map((i) => i.seq));
    expect(items.map((i) => i.payload.eligibleMinor)).toEqual([1000, 1000, 1000]);
    // The test kit's campaigns come without an HQ version: the upload then has none (HQ flags it not verifiable).
    expect(items.every((i) => i.payload.campaignVersion === undefined)).toBe(true);
  });

  it('backs off a failed item without holding back the entries behind it', () => {
    const [first] = pendingOutbox(till.db, 10, NOON);
    markFailed(till.db, first!.seq, 'HQ refused it (409): conflicting body', NOON + 30_000);
    expect(pendingOutbox(till.db, 10, NOON + 1000).map((i) => i.redemptionId)).toEqual([ids[1], ids[2]]);
    const retry = pendingOutbox(till.db, 10, NOON + 30_000);
    expect(retry.map((i) => [i.redemptionId, i.attempts])).toEqual([
      [ids[0], 1],
      [ids[1], 0],
      [ids[2], 0],
    ]);
    expect(outboxStatus(till.db)).toMatchObject({ waiting: 3, lastError: 'HQ refused it (409): conflicting body', oldestWaitingAt: NOON });
  });

  it('never lets a void overtake its redemption while that one waits out a retry delay', () => {
    const voided = till.service.voidRedemption({ redemptionId: ids[0]!, reason: 'wrong customer' }, { actorId: 'm' });
    const [first] = pendingOutbox(till.db, 10, NOON);
    markFailed(till.db, first!.seq, 'HQ unreachable', NOON + 30_000);
    expect(pendingOutbox(till.db, 10, NOON + 1000).map((i) => i.redemptionId)).toEqual([ids[1], ids[2]]);
    expect(pendingOutbox(till.db, 10, NOON + 30_000).map((i) => i.redemptionId)).toEqual([ids[0], ids[1], ids[2], voided.id]);
  });

  it('marks delivered items and their ledger entries synced, together', () => {
    const items = pendingOutbox(till.db, 2, NOON);
    markDelivered(
      till.db,
      items.map((i) => i.seq),
      NOON + 5,
    );
    expect(pendingOutbox(till.db, 10, NOON).map((i) => i.redemptionId)).toEqual([ids[2]]);
    expect(getLedgerEntry(till.db, ids[0]!)!.synced).toBe(true);
    expect(getLedgerEntry(till.db, ids[2]!)!.synced).toBe(false);
    expect(till.service.syncStatus()).toEqual({ waiting: 1, oldestWaitingAt: NOON, lastSyncAt: NOON + 5 });
    markDelivered(
      till.db,
      items.map((i) => i.seq),
      NOON + 99,
    ); // a repeated ack changes nothing
    expect(till.service.syncStatus().lastSyncAt).toBe(NOON + 5);
  });
});
