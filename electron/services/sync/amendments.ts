import type Database from 'better-sqlite3';
import { AmendmentUploadSchema, type AmendmentPushItemResult, type AmendmentUpload } from '../../../shared/amendmentSync';
import { markAmendmentsSent, unsentAmendments, type AmendmentRow } from '../../db/repos/amendments';
import { getTillConfig } from '../../db/repos/tillConfig';

/**
 * Sends the amendments of recorded redemptions (redemption_amendments, written with the change,
 * decision 082) to HQ's POST /v1/sync/amendments, after the redemption push so the redemptions are
 * there first. The same row always makes the same upload, so a retry is a duplicate at HQ. One HQ
 * refused (a redemption it does not hold yet) waits `retryMs` and never holds back the rest.
 */
export interface AmendmentSender {
  push(items: AmendmentUpload[]): Promise<{ results: AmendmentPushItemResult[] }>;
}

export function amendmentUpload(row: AmendmentRow, who: { storeId: string; tillId: string }): AmendmentUpload {
  return AmendmentUploadSchema.parse({
    id: row.id,
    redemptionId: row.redemptionId,
    storeId: who.storeId,
    tillId: who.tillId,
    basketId: row.basketId,
    basketTotalMinor: row.basketTotalMinor,
    beforeMinor: row.beforeMinor,
    afterMinor: row.afterMinor,
    ...(row.eligibleMinor !== null ? { eligibleMinor: row.eligibleMinor } : {}),
    reason: row.reason,
    hlc: row.hlc,
    at: row.createdAt,
    seq: row.seq,
  });
}

export class AmendmentPusher {
  private readonly heldUntil = new Map<string, number>();
  lastError: string | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly opts: { batchSize: number; retryMs: number },
  ) {}

  /** One pass over what HQ has not taken yet, oldest first. Returns how many HQ took. */
  async pushAll(sender: AmendmentSender): Promise<number> {
    const who = getTillConfig(this.db);
    if (!who) return 0;
    let sent = 0;
    for (let after = 0; ;) {
      const rows = unsentAmendments(this.db, after, this.opts.batchSize);
      if (rows.length === 0) return sent;
      after = rows[rows.length - 1]!.seq;
      const items = rows.filter((r) => (this.heldUntil.get(r.id) ?? 0) <= this.now()).map((r) => amendmentUpload(r, who));
      if (items.length === 0) continue;
      const { results } = await sender.push(items);
      const taken = results.filter((r) => r.status === 'applied' || r.status === 'duplicate').map((r) => r.id);
      for (const r of results)
        if (r.status === 'rejected') {
          this.heldUntil.set(r.id, this.now() + this.opts.retryMs);
          this.lastError = `HQ refused amendment ${r.id} (${r.httpStatus ?? 400} ${r.reason ?? ''}): ${r.error ?? ''}`.slice(0, 500);
        }
      markAmendmentsSent(this.db, taken, this.now());
      sent += taken.length;
    }
  }
}
