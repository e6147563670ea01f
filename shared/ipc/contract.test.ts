import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../permissions';
import { CHANNEL_NAMES } from './channelNames';
import { CHANNELS, CONTRACT } from './contract';

describe('the IPC contract', () => {
  it('lists every channel in the preload name list, in order', () => {
    expect([...CHANNEL_NAMES]).toEqual(CHANNELS);
  });

  it('names channels till:<domain>:<verb> and gives each a known access rule', () => {
    for (const c of CHANNELS) {
      expect(c).toMatch(/^till:[a-z]+:[a-z][a-zA-Z]+$/);
      const access = CONTRACT[c].access;
      expect(['public', 'signed-in', ...PERMISSIONS]).toContain(access);
    }
  });

  it('keeps manager-only channels off the public list', () => {
    const publicOnes = CHANNELS.filter((c) => CONTRACT[c].access === 'public').sort();
    expect(publicOnes).toEqual(['till:app:info', 'till:auth:roster', 'till:auth:session', 'till:auth:signIn', 'till:auth:signOut', 'till:settings:get']);
  });
});
