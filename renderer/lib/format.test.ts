import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, SyncStatus } from '../../shared/ipc';
import { setTillApiForTests } from '../api/till';
import { initI18n, setLanguage } from '../i18n';
import { FakeTill } from '../test/fakeTill';
import { followStoreInfo, formatterFor, resetStoreInfoStore, storeFormat, useStoreInfoStore } from './format';

const INFO: AppInfo = {
  name: 'Coupon Till',
  version: '0',
  shell: 'host',
  platform: 'linux',
  storeId: 'S1',
  storeName: 'Store',
  tillId: 'T1',
  tillName: 'Till 1',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  demo: false,
};
const T = Date.UTC(2026, 11, 1, 10, 5);
const flush = () => new Promise((r) => setTimeout(r, 0));

/** What a screen shows (useFormat builds the same formatter; SSR would only see the stores' initial state). */
function shown(): string {
  const f = formatterFor(storeFormat());
  return `${f.money(1000)}|${f.discount(500)}|${f.dateTime(T)}|${f.when(T, T + 60_000)}`;
}

describe('store formatting on screens', () => {
  beforeAll(() => void initI18n(['en']));
  afterEach(() => {
    setTillApiForTests(null);
    resetStoreInfoStore();
    setLanguage('en');
  });

  it("formats in the store's zone and currency from main, in the UI language", async () => {
    const fake = new FakeTill({ 'till:app:info': () => ({ ...INFO, timeZone: 'Asia/Tokyo', currency: 'JPY' }) });
    setTillApiForTests(fake);
    await useStoreInfoStore.getState().load();
    expect(storeFormat()).toEqual({ locale: 'en', timeZone: 'Asia/Tokyo', currency: 'JPY' });
    expect(shown()).toBe('¥1,000|-¥500|Dec 1, 2026, 7:05 PM|today 7:05 PM');
    setLanguage('zh-CN');
    useStoreInfoStore.setState({ timeZone: 'Asia/Shanghai', currency: 'CNY' });
    expect(shown()).toBe('¥10.00|-¥5.00|2026-12-01 18:05|今天 18:05');
  });

  it('loads the store info at start and again only when the rule-set version changes', async () => {
    let zone = 'Asia/Shanghai';
    const fake = new FakeTill({ 'till:app:info': () => ({ ...INFO, timeZone: zone }) });
    setTillApiForTests(fake);
    const off = followStoreInfo();
    await flush();
    expect(useStoreInfoStore.getState().timeZone).toBe('Asia/Shanghai');
    const status = (ruleSetVersion: number): SyncStatus => ({
      enrolled: true,
      online: true,
      offlineDrill: false,
      syncing: false,
      lastSyncAt: 1,
      lastAttemptAt: 1,
      lastError: null,
      waiting: 0,
      oldestWaitingAt: null,
      ruleSetVersion,
      hqHead: ruleSetVersion,
      clockSkewMs: 0,
      nextAttemptAt: null,
    });
    zone = 'Europe/Berlin';
    fake.emit('sync', status(3));
    await flush();
    expect(useStoreInfoStore.getState().timeZone).toBe('Europe/Berlin');
    const calls = fake.callsTo('till:app:info').length;
    fake.emit('sync', status(3));
    await flush();
    expect(fake.callsTo('till:app:info').length).toBe(calls);
    off();
  });
});
