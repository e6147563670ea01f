import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/ipc/types';
import { syncStatusFor } from './sync';

const status: SyncStatus = {
  enrolled: true,
  online: false,
  offlineDrill: false,
  syncing: false,
  lastSyncAt: 1,
  lastAttemptAt: 2,
  lastError: 'HQ did not answer GET /v1/sync/pull?from=3: fetch failed',
  waiting: 3,
  oldestWaitingAt: 1,
  ruleSetVersion: 3,
  hqHead: 3,
  clockSkewMs: 0,
  nextAttemptAt: 5,
};

describe('syncStatusFor', () => {
  it('gives the technical detail to a manager only; cashiers, supervisors and pushes get the plain state', () => {
    expect(syncStatusFor(status, 'manager').lastError).toMatch(/fetch failed/);
    for (const role of ['cashier', 'supervisor', null] as const) {
      expect(syncStatusFor(status, role)).toEqual({ ...status, lastError: null });
    }
  });
});
