import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, TEST_DIALECTS, type TestHq } from '../../../hq/testSupport';
import { makeTestTill, type TestTill } from './testing';

/** The figures HQ recomputes reach it from a real till: campaign version from the pull, eligible amount from the rule engine. */
describe.each(TEST_DIALECTS)('figures a till sends HQ (%s)', (dialect) => {
  let hq: TestHq;
  let till: TestTill;
  afterEach(async () => {
    till?.close();
    await hq?.cleanup();
  });

  it('a redemption synced from a till is verifiable at HQ: nothing flagged', async () => {
    hq = await startTestHq(dialect);
    await hq.admin.seed();
    const [code] = await hq.admin.mint(1, 1);
    till = makeTestTill({ name: 'T1' });
    await till.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
    await till.engine.syncNow();
    till.redeem(code!.code);
    await till.engine.syncNow();
    const rows = await hq.admin.ok<{ status: string; clockSuspect: boolean; flags: Record<string, unknown> }[]>('GET', '/admin/redemptions');
    expect(rows).toMatchObject([{ status: 'accepted', clockSuspect: false, flags: {} }]);
  });
});
