import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponseSchema } from '../../../shared/sync';
import type { Campaign } from '../../../shared/campaign';
import { ENGINE_VERSION, heldBackCampaign } from '../../../shared/rules/engineVersion';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { getRuleSetEngine, getRuleSetVersion, loadCampaigns, setRuleSetEngine, upsertCampaign } from '../../db/repos/ruleSet';
import { applyRuleSetUpdate } from '../ruleSet';
import { makeTill, type TillKit } from '../testing/tillKit';
import { SyncEngine } from './engine';
import type { FetchLike } from './hqClient';
import { fastSync } from './testing';

/** Tills that do not know a mechanic never figure it wrong: HQ holds it back for them, and a till refuses a page it cannot read (decision 083). */

const MULTI_BUY = {
  id: 31,
  name: 'Yogurt 3 for 2',
  benefit: { type: 'multi_buy', buyQuantity: 2, freeQuantity: 1 },
  rules: { scope: { skus: ['YOG'] } },
};
const YOGURTS = { id: 'b1', totalMinor: 1_500, lines: [{ sku: 'YOG', quantity: 3, unitPriceMinor: 500 }] };

describe('the rule engine version on pull', () => {
  let hq: TestHq;
  let t: TillKit;
  let engine: SyncEngine;
  let credential = '';
  const campaign = (id: number): Campaign | undefined => loadCampaigns(t.db).campaigns.get(id);

  beforeEach(async () => {
    hq = await startTestHq('sqlite');
    await hq.admin.seed({ storeIds: ['s1'] });
    await hq.admin.ok('POST', '/admin/campaigns', MULTI_BUY);
    t = makeTill({ ruleSet: false });
    t.clock.now = Date.now(); // HQ mints codes valid from today
    const wire: FetchLike = async (url, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
      if (auth) credential = auth;
      return (fetch as unknown as FetchLike)(url, init);
    };
    engine = new SyncEngine({ db: t.db, now: () => t.clock.now, fetch: wire, options: fastSync, configureTill: (c) => t.service.configure(c) });
    await engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
  });
  afterEach(async () => {
    await engine.stop();
    t.close();
    await hq.cleanup();
  });

  const pullAs = async (engineVersion?: number) => {
    const q = engineVersion === undefined ? '' : `&engine=${engineVersion}`;
    const res = await fetch(`${hq.url}/v1/sync/pull?since=0&store=0&limit=500${q}`, { headers: { authorization: credential } });
    return PullResponseSchema.parse(await res.json()).update!.campaigns;
  };

  it('sends the campaign to a till that runs its engine, and an ended stand-in to an older one', async () => {
    expect((await engine.syncNow()).ok).toBe(true);
    expect(campaign(31)).toMatchObject({ status: 'active', benefit: { type: 'multi_buy' }, engineVersion: 2 });
    expect(getRuleSetEngine(t.db)).toBe(ENGINE_VERSION);
    const [code] = await hq.admin.mint(31, 1);
    expect(t.service.validate({ code: code!.code, basket: YOGURTS, source: 'manual' })).toMatchObject({ ok: true, discountMinor: 500 });
    // A till before this change sends no engine: engine 1. It gets the stand-in, campaign 1 as it is.
    const old = await pullAs();
    expect(old.find((c) => c.id === 31)).toMatchObject({ status: 'ended', benefit: { type: 'privilege' }, engineVersion: 2, name: MULTI_BUY.name });
    expect(old.find((c) => c.id === 1)).not.toHaveProperty('engineVersion');
    expect((await pullAs(2)).find((c) => c.id === 31)).toMatchObject({ status: 'active', benefit: { type: 'multi_buy' } });
  });

  it('refuses a page with a live campaign for a newer engine, with the reason, and changes nothing', async () => {
    expect((await engine.syncNow()).ok).toBe(true);
    const version = getRuleSetVersion(t.db);
    const future = { id: 41, name: 'Bundle', benefit: { type: 'bundle', items: 3 }, rules: {}, engineVersion: ENGINE_VERSION + 1 };
    const r = applyRuleSetUpdate(t.db, { formatVersion: 1, fromVersion: version, toVersion: version + 1, campaigns: [future] });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/campaign 41 \(Bundle\) needs rule engine 3, this till runs engine 2: update the till/) });
    expect(getRuleSetVersion(t.db)).toBe(version);
    expect(campaign(41)).toBeUndefined();
  });

  it('refuses the codes of a held-back campaign as "this till needs an update", and pulls a fresh snapshot once its engine is newer', async () => {
    expect((await engine.syncNow()).ok).toBe(true);
    const [code] = await hq.admin.mint(31, 1);
    // As an engine-1 till held it, and an engine-2 till holds a campaign for engine 3.
    t.db.transaction(() => upsertCampaign(t.db, heldBackCampaign(campaign(31)!, 3), getRuleSetVersion(t.db)))();
    expect(t.service.validate({ code: code!.code, basket: YOGURTS, source: 'manual' })).toMatchObject({ ok: false, reason: 'till_update_needed' });
    setRuleSetEngine(t.db, 1); // pulled by the till's older engine
    t.clock.now += 1_000;
    expect((await engine.syncNow()).ok).toBe(true);
    expect(campaign(31)).toMatchObject({ status: 'active', benefit: { type: 'multi_buy' } });
    expect(getRuleSetEngine(t.db)).toBe(ENGINE_VERSION);
    expect(t.service.validate({ code: code!.code, basket: YOGURTS, source: 'manual' })).toMatchObject({ ok: true, discountMinor: 500 });
  });
});
