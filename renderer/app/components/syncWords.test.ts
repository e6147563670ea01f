import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/ipc';
import { connectionOf } from './syncWords';

const base: SyncStatus = {
  enrolled: true, online: null, offlineDrill: false, syncing: true, lastSyncAt: null, lastAttemptAt: null, lastError: null,
  waiting: 0, oldestWaitingAt: null, ruleSetVersion: 0, hqHead: null, clockSkewMs: null, nextAttemptAt: null,
};

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
