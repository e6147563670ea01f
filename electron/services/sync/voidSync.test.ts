import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { makeTestTill, type TestTill } from './testing';

let hq: TestHq | undefined;
const tills: TestTill[] = [];
afterEach(async () => {
  while (tills.length) tills.pop()!.close();
  await hq?.cleanup();
  hq = undefined;
});

/**
 * A void's own sync state settles: once HQ applied it (it sends no verdict for voids), the void
 * entry no longer reads "sent, awaiting HQ" in the log and the CSV.
 */
describe('a void syncs and settles', () => {
  it('is pending until sent, then accepted once HQ applied it; a repeat push changes nothing', async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    const till = makeTestTill();
    tills.push(till);
    await till.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    await till.engine.syncNow();
    const r = till.redeem(code!.code);
    const v = till.service.voidRedemption({ redemptionId: r.redemption!.id, reason: 'wrong customer' }, { actorId: 'mgr' });
    const stateOf = (id: string) => till.db.prepare('SELECT sync_state AS s, synced FROM redemptions WHERE id = ?').get(id) as { s: string; synced: number };
    expect(stateOf(v.id)).toEqual({ s: 'pending', synced: 0 });

    expect(await till.engine.syncNow()).toMatchObject({ ok: true, pushed: 2 });
    expect(stateOf(v.id)).toEqual({ s: 'accepted', synced: 1 });
    expect(stateOf(r.redemption!.id)).toMatchObject({ synced: 1 });
    expect(till.engine.status().waiting).toBe(0);

    // The log reads the void's own state, through the service as the manager's screen does.
    const page = till.service.listRedemptions({ limit: 10 });
    expect(page.rows.find((e) => e.id === v.id)).toMatchObject({ kind: 'void', syncState: 'accepted', synced: true });
  });
});
