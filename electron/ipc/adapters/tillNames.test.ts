import { afterEach, describe, expect, it } from 'vitest';
import { applyHqVerdict } from '../../db/repos/ledger';
import { applyRuleSetUpdate } from '../../services/ruleSet';
import { makeTill, NOON, TILL_ID, type TillKit } from '../../services/testing/tillKit';
import { tillInfo } from '../../services/tillInfo';
import { createLogPort } from './redemption';
import { createReportsPort } from './reports';

/** Tills by the names HQ gave them (RuleSetUpdate.tills): in the log, its per-till totals, the CSV, conflicts and the report. */

let till: TillKit;
afterEach(() => till?.close());

const OTHER = '0190a000-0000-7000-8000-0000000000f2';

function tillsFromHq(version: number, tills: { id: string; name: string }[]) {
  return applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: version, toVersion: version + 1, tills }, NOON);
}

describe('till names from HQ', () => {
  it('shows this till and the winning till by name; ids stay in their own columns', async () => {
    till = makeTill();
    const a = till.service.redeem({ code: till.mint(1, 1), basket: { id: 'b1', totalMinor: 20_000 }, source: 'wedge' }, { cashierId: 'c1' })!.redemption!;
    const log = createLogPort(till.service, till.db, () => till.clock.now);
    const reports = createReportsPort(till.service, till.db, () => till.clock.now);
    // Before HQ named them: no names, the screens show ids.
    expect((await log.list({ limit: 10 })).rows[0]!.tillName).toBeNull();
    expect(
      tillsFromHq(1, [
        { id: TILL_ID, name: 'Till 1' },
        { id: OTHER, name: 'Front desk' },
      ]),
    ).toEqual({ ok: true, version: 2 });
    till.db.transaction(() =>
      applyHqVerdict(till.db, {
        redemptionId: a.id,
        status: 'conflict',
        winnerId: '0190a000-0000-7000-8000-0000000000aa',
        winner: { tillId: OTHER, storeId: 'S001', redeemedAt: NOON - 60_000 },
      }),
    )();

    expect((await log.list({ limit: 10 })).rows.map((r) => [r.tillId, r.tillName])).toEqual([[TILL_ID, 'Till 1']]);
    expect((await reports.summary({})).tills.map((l) => [l.key, l.name])).toEqual([[TILL_ID, 'Till 1']]);
    expect((await log.conflicts(true))[0]!.winner).toMatchObject({ tillId: OTHER, tillName: 'Front desk' });
    expect(await reports.day(undefined)).toMatchObject({ tillId: TILL_ID, tillName: 'Till 1' });
    expect(tillInfo(till.db, { version: '0', shell: 'host' })).toMatchObject({ tillId: TILL_ID, tillName: 'Till 1' });
    const [header, line] = (await log.exportCsv({})).csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(line![header!.indexOf('till_id')]).toBe(TILL_ID);
    expect(line![header!.indexOf('till_name')]).toBe('Till 1');

    // A rename reaches the screens with the next page; a page without a list keeps the names.
    expect(tillsFromHq(2, [{ id: TILL_ID, name: 'Till 9' }])).toEqual({ ok: true, version: 3 });
    expect(applyRuleSetUpdate(till.db, { formatVersion: 1, fromVersion: 3, toVersion: 4 }, NOON)).toEqual({ ok: true, version: 4 });
    expect((await log.list({ limit: 10 })).rows[0]!.tillName).toBe('Till 9');
    expect((await log.conflicts(true))[0]!.winner?.tillName).toBeNull(); // HQ no longer lists it: the id shows
  });

  it('refuses a malformed till list and changes nothing', () => {
    till = makeTill();
    for (const bad of [[{ id: TILL_ID, name: '' }], [{ id: TILL_ID, name: 'Till 1', extra: 1 }], [{ id: '', name: 'x' }]]) {
      const r = tillsFromHq(1, bad as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/malformed.*tills/);
    }
    expect(till.db.prepare('SELECT * FROM store_tills').all()).toEqual([]);
  });
});
