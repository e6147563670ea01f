import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/ipc';
import { i18n, initI18n } from '../../i18n';
import { connectionOf, statusWords } from './syncWords';

const base: SyncStatus = {
  enrolled: true,
  online: null,
  offlineDrill: false,
  syncing: true,
  lastSyncAt: null,
  lastAttemptAt: null,
  lastError: null,
  waiting: 0,
  oldestWaitingAt: null,
  ruleSetVersion: 0,
  hqHead: null,
  clockSkewMs: null,
  nextAttemptAt: null,
};
const NOW = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;

beforeAll(() => void initI18n(['en']));

/** The whole line as the bar shows it, its parts joined by " · ". */
function line(language: 'en' | 'zh-CN', status: SyncStatus | null, bridgeDown = false): string {
  const t = i18n.getFixedT(language);
  const w = statusWords(t, status, bridgeDown, NOW);
  return [w.connectionText, w.waiting, w.lastSync].filter(Boolean).join(' · ');
}

describe('connectionOf', () => {
  it('a first run whose first sync has not answered yet is connecting, not offline', () => {
    expect(connectionOf(base, false)).toBe('connecting');
    expect(connectionOf(null, false)).toBe('checking');
  });
  it('says online, offline, not set up and the drill as they are', () => {
    expect(connectionOf({ ...base, online: true }, false)).toBe('online');
    expect(connectionOf({ ...base, online: false }, false)).toBe('offline');
    expect(connectionOf({ ...base, enrolled: false }, false)).toBe('notConfigured');
    expect(connectionOf({ ...base, online: true, offlineDrill: true }, false)).toBe('drill');
    expect(connectionOf({ ...base, online: true }, true)).toBe('offline');
  });
});

describe('the status bar in a cashier’s words', () => {
  it('offline with work waiting: what, how many, how long, in en and zh-CN', () => {
    const offline = {
      ...base,
      online: false,
      syncing: false,
      waiting: 3,
      oldestWaitingAt: NOW - 4 * MIN - 10_000,
      lastSyncAt: NOW - 12 * MIN,
      lastAttemptAt: NOW - 5_000,
      lastError: 'HQ did not answer GET /v1/sync/pull?from=3: fetch failed',
    };
    expect(line('en', offline)).toBe('HQ unreachable, working offline · 3 waiting, oldest 4 min · Synced 12 min ago');
    expect(line('zh-CN', offline)).toBe('无法连接总部，离线工作中 · 3 笔待同步，最早 4 分钟 · 上次同步 12 分钟前');
  });

  it('never shows the raw error, even when main sent it (a manager’s status)', () => {
    const offline = { ...base, online: false, lastError: 'HQ did not answer GET /v1/sync/pull?from=3: fetch failed', lastAttemptAt: NOW };
    expect(line('en', offline)).not.toMatch(/fetch|GET|\/v1/);
  });

  it('a first run with HQ up says it is connecting, never "Offline · Never synced"', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const first = line(language, base);
      expect(first).toBe(language === 'en' ? 'Connecting to HQ… · All synced' : '正在连接总部… · 已全部同步');
    }
    expect(line('en', null)).toBe('Checking HQ…');
    expect(line('en', { ...base, online: true, lastSyncAt: NOW - 2_000 })).toBe('HQ online · All synced · Synced just now');
  });

  it('says "Never synced" only once an attempt has answered and none succeeded', () => {
    expect(line('en', { ...base, online: false, lastAttemptAt: NOW })).toBe('HQ unreachable, working offline · All synced · Never synced');
  });

  it('leaves out "oldest" while the oldest is seconds old, and counts one as one', () => {
    expect(line('en', { ...base, online: true, waiting: 1, oldestWaitingAt: NOW - 1_000, lastSyncAt: NOW - 3 * MIN })).toBe(
      'HQ online · 1 waiting · Synced 3 min ago',
    );
    expect(line('zh-CN', { ...base, online: false, waiting: 2, oldestWaitingAt: NOW - 2 * 3_600_000, lastSyncAt: null, lastAttemptAt: NOW })).toBe(
      '无法连接总部，离线工作中 · 2 笔待同步，最早 2 小时 · 尚未同步',
    );
  });

  it('a till with no HQ says so and no sync time', () => {
    expect(line('en', { ...base, enrolled: false, online: null })).toBe('No HQ: this till alone · All synced');
  });
});
